"""The Jobs page's components: a compact job card (one line of title, company and place; its
badges and the boards it was seen on; quick actions: Apply, Hide, favourite, status, and its notes
in a drawer), the bar of bulk actions for the selected cards, the line naming the profile the fits
are for, the pager, and the results (cards, or an empty state that says why there are none).
Layout only; the state is ``jobs_state`` (the page of cards, each job's edits) and ``jobs_cards``
(selection, the notes drawers, what is new, the undo of a hide).

Each card is keyed by its job id, so React keeps no input of one job for another after a page turn
or a new filter; its notes drawer stays mounted while closed, so the box keeps its job's draft.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from jobscraper_ui.format import STATUSES
from jobscraper_ui.layout import empty_state
from jobscraper_ui.pages.fit_views import fit_badge
from jobscraper_ui.pages.job_controls import notes_box, status_select
from jobscraper_ui.pages.jobs_cards import CardsState
from jobscraper_ui.pages.jobs_keys import shortcuts
from jobscraper_ui.pages.jobs_state import JobCard, JobsState

__all__ = ["bulk_bar", "fit_line", "job_card", "results"]

_TO_TOP = "window.scrollTo({top: 0})"


def _is_new(card: JobCard) -> Any:
    """First seen after the last visit, or by the latest finished run."""
    after_visit = (CardsState.since > 0) & (card.seen_at > CardsState.since)
    in_run = (
        (CardsState.run_from > 0)
        & (card.seen_at >= CardsState.run_from)
        & (card.seen_at <= CardsState.run_to)
    )
    return (card.seen_at > 0) & (after_visit | in_run)


def _head(card: JobCard) -> rx.Component:
    """The card's one line: select, favourite, fit, title, company and place, the "new" mark."""
    return rx.flex(
        rx.checkbox(
            checked=CardsState.selected.contains(card.id),
            on_change=lambda on: CardsState.toggle_select(card.id, on),
            aria_label="select " + card.title,
            class_name="select-job",
        ),
        rx.icon_button(
            rx.cond(card.favorite, rx.icon("star", fill="currentColor"), rx.icon("star")),
            variant="ghost",
            size="1",
            color_scheme=rx.cond(card.favorite, "amber", "gray"),
            on_click=JobsState.toggle_favorite(card.id, card.favorite),
            aria_label=rx.cond(card.favorite, "remove from favourites", "add to favourites"),
            aria_pressed=card.favorite,
            class_name="favorite-toggle",
        ),
        fit_badge(card.fit, card.fit_band, card.fit_sunk, card.fit_tip),
        rx.link(
            rx.heading(card.title, size="3", as_="h2", trim="both"),
            href="/jobs/" + card.id,
            class_name="job-title",
            min_width="0",
        ),
        rx.text(
            card.company,
            rx.cond(card.location != "", " · " + card.location, ""),
            color_scheme="gray",
            size="2",
            class_name="job-where",
        ),
        rx.cond(_is_new(card), rx.badge("new", color_scheme="tomato", variant="solid", class_name="new-job")),
        spacing="2",
        align="center",
        wrap="wrap",
        flex="1 1 20em",
        min_width="0",
    )


def _badges(card: JobCard) -> rx.Component:
    return rx.flex(
        rx.cond(card.salary != "", rx.badge(card.salary, color_scheme="green")),
        rx.cond(card.remote != "", rx.badge(card.remote, color_scheme="blue")),
        rx.cond(card.seniority != "", rx.badge(card.seniority, color_scheme="purple")),
        rx.cond(card.archived, rx.badge("archived", color_scheme="gray")),
        rx.foreach(card.sites, lambda s: rx.badge(s, variant="outline", class_name="job-board")),
        rx.text(card.posted, size="1", color_scheme="gray"),
        rx.foreach(card.skills, lambda s: rx.badge(s, variant="soft", size="1", class_name="job-skills")),
        spacing="1",
        wrap="wrap",
        align="center",
        class_name="job-boards",
    )


def _actions(card: JobCard) -> rx.Component:
    """Apply, Hide, the status, and the notes drawer's toggle."""
    return rx.flex(
        rx.cond(
            card.href != "",
            rx.button(  # the link drawn as a button (a button inside a link is not allowed)
                rx.link(
                    "Apply",
                    href=card.href,
                    is_external=True,
                    class_name="apply-link",
                    aria_label="apply: " + card.title + " (opens the posting)",
                ),
                as_child=True,
                size="1",
                variant="soft",
            ),
        ),
        rx.button(
            "Hide",
            size="1",
            variant="ghost",
            color_scheme="gray",
            on_click=CardsState.hide(card.id, card.title),
            class_name="hide-job",
            aria_label="hide " + card.title,
            type="button",
        ),
        status_select(card.id, card.status, JobsState.set_status),
        rx.button(
            rx.icon("notebook-pen", size=14),
            rx.cond(card.notes != "", "Notes •", "Notes"),
            size="1",
            variant=rx.cond(CardsState.notes_open.contains(card.id), "solid", "soft"),
            on_click=CardsState.toggle_notes(card.id),
            aria_expanded=CardsState.notes_open.contains(card.id),
            class_name="notes-toggle",
            type="button",
        ),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def job_card(card: JobCard) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(_head(card), _actions(card), spacing="2", align="center", wrap="wrap", width="100%"),
            rx.cond(
                card.fit_reason != "",
                rx.text(
                    card.fit_reason,
                    size="1",
                    color_scheme=rx.cond(card.fit_sunk, "red", "gray"),
                    class_name="fit-reason-short",
                ),
            ),
            _badges(card),
            rx.box(  # mounted while closed: the box keeps its job's draft
                notes_box(card.id, card.draft, card.note_state, JobsState.edit_notes, JobsState.save_notes),
                display=rx.cond(CardsState.notes_open.contains(card.id), "block", "none"),
                width="100%",
                class_name="notes-drawer",
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="job-card",
        data_job_id=card.id,
        tab_index=-1,
        key=card.id,
        _focus={"outline": "2px solid var(--accent-9)", "outline_offset": "2px"},
    )


def bulk_bar() -> rx.Component:
    """What can be done to the selected jobs at once, and the undo of the last hide; and, when the
    page shows what one run found (the Scrape page's "N new jobs"), which run it is."""
    return rx.vstack(
        rx.cond(
            JobsState.run != "",
            rx.text(
                "The jobs run #",
                JobsState.run,
                " found new · ",
                rx.link("show all jobs", href="/"),
                size="2",
                id="run-filter",
            ),
        ),
        rx.cond(
            CardsState.selected_count > 0,
            rx.flex(
                rx.text(
                    CardsState.selected_count, " selected", weight="medium", size="2", id="selected-count"
                ),
                rx.button(
                    "Favourite", size="1", on_click=CardsState.bulk({"favorite": True}), id="bulk-favourite"
                ),
                rx.button(
                    "Hide",
                    size="1",
                    variant="soft",
                    on_click=CardsState.bulk({"hidden": True}),
                    id="bulk-hide",
                ),
                rx.select.root(
                    rx.select.trigger(
                        placeholder="Move to status…", aria_label="move the selected jobs to status"
                    ),
                    rx.select.content(*[rx.select.item(s.capitalize(), value=s) for s in STATUSES]),
                    value="",
                    on_change=CardsState.bulk_status,
                    size="1",
                ),
                rx.button("Select page", size="1", variant="ghost", on_click=CardsState.select_page),
                rx.button(
                    "Clear selection",
                    size="1",
                    variant="ghost",
                    on_click=CardsState.clear_selection,
                    id="bulk-clear",
                ),
                spacing="2",
                align="center",
                wrap="wrap",
                padding="0.5em",
                border_radius="var(--radius-3)",
                background="var(--accent-3)",
                width="100%",
                id="bulk-bar",
                role="toolbar",
                aria_label="bulk actions",
            ),
        ),
        rx.cond(
            CardsState.undo_id != "",
            rx.flex(
                rx.text("Hidden — ", CardsState.undo_title, size="2"),
                rx.button("Undo", size="1", variant="soft", on_click=CardsState.undo_hide, id="undo-hide"),
                rx.icon_button(
                    rx.icon("x", size=14),
                    size="1",
                    variant="ghost",
                    on_click=CardsState.dismiss_undo,
                    aria_label="dismiss",
                ),
                spacing="2",
                align="center",
                role="status",
                id="undo-line",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _pager() -> rx.Component:
    return rx.flex(
        rx.button(
            "← Previous",
            variant="soft",
            on_click=[JobsState.go(-1), rx.call_script(_TO_TOP)],
            disabled=JobsState.page <= 1,
        ),
        rx.text("page ", JobsState.page, " of ", JobsState.pages, size="2"),
        rx.button(
            "Next →",
            variant="soft",
            on_click=[JobsState.go(1), rx.call_script(_TO_TOP)],
            disabled=JobsState.page >= JobsState.pages,
        ),
        spacing="3",
        align="center",
        justify="center",
        width="100%",
    )


def fit_line() -> rx.Component:
    """Whom the fit badges are for (a link to the Profile page), or how to get them; and why Best
    fit could not order the jobs when the person chose it."""
    return rx.vstack(
        rx.cond(
            JobsState.fit_profile != "",
            rx.text(  # the link keeps the link colour: only the words around it are gray
                rx.text.span("Fit scores for profile ", color_scheme="gray"),
                rx.link(JobsState.fit_profile, href="/profile", weight="medium"),
                size="2",
                id="fit-profile",
            ),
            rx.cond(
                JobsState.loaded & (JobsState.unreachable == ""),
                rx.text(
                    rx.text.span("Rank jobs by how well they fit you: ", color_scheme="gray"),
                    rx.link("add your résumé on the Profile page", href="/profile"),
                    size="2",
                    id="fit-profile",
                ),
            ),
        ),
        rx.cond(JobsState.fit_note != "", rx.text(JobsState.fit_note, size="2", id="fit-note")),
        spacing="1",
        width="100%",
    )


def results() -> rx.Component:
    return rx.cond(
        JobsState.cards.length() > 0,
        rx.vstack(
            rx.flex(
                rx.text(JobsState.summary, size="2", color_scheme="gray", id="job-count"),
                shortcuts(),
                justify="between",
                align="center",
                width="100%",
            ),
            bulk_bar(),
            rx.foreach(JobsState.cards, job_card),
            _pager(),
            width="100%",
            spacing="3",
        ),
        rx.cond(
            JobsState.loaded & (JobsState.unreachable == ""),
            rx.cond(
                JobsState.filtered,
                empty_state("No jobs match these filters", "Loosen a filter, or clear them all."),
                empty_state(
                    "No jobs yet",
                    rx.text(
                        "Start a scrape on the ",
                        rx.link("Scrape page", href="/scrape"),
                        " (try the demo search), and the jobs it finds appear here.",
                    ),
                ),
            ),
        ),
    )
