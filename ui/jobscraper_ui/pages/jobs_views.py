"""The Jobs page's components: a job card (with its fit badge and top reason),
the line naming the profile the fits are for, the pager, and the results (cards, or an empty state
that says why there are none). Layout only; the state is ``jobs_state``.

Each card is keyed by its job id, so React keeps no input of one job for another after a page turn
or a new filter.
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.layout import empty_state
from jobscraper_ui.pages.fit_views import fit_badge
from jobscraper_ui.pages.job_controls import notes_box, status_select
from jobscraper_ui.pages.jobs_state import JobCard, JobsState

__all__ = ["fit_line", "job_card", "results"]


def job_card(card: JobCard) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.icon_button(
                rx.cond(card.favorite, rx.icon("star", fill="currentColor"), rx.icon("star")),
                variant="ghost",
                color_scheme=rx.cond(card.favorite, "amber", "gray"),
                on_click=JobsState.toggle_favorite(card.id, card.favorite),
                aria_label=rx.cond(card.favorite, "remove from favourites", "add to favourites"),
                aria_pressed=card.favorite,
                class_name="favorite-toggle",
            ),
            rx.vstack(
                rx.flex(
                    fit_badge(card.fit, card.fit_band, card.fit_sunk, card.fit_tip),
                    rx.link(
                        rx.heading(card.title, size="4", as_="h2"),
                        href="/jobs/" + card.id,
                        class_name="job-title",
                    ),
                    spacing="2",
                    align="center",
                ),
                rx.text(
                    card.company,
                    rx.cond(card.location != "", " · " + card.location, ""),
                    color_scheme="gray",
                    size="2",
                ),
                rx.cond(
                    card.fit_reason != "",
                    rx.text(
                        card.fit_reason,
                        size="1",
                        color_scheme=rx.cond(card.fit_sunk, "red", "gray"),
                        class_name="fit-reason-short",
                    ),
                ),
                rx.flex(
                    rx.cond(card.salary != "", rx.badge(card.salary, color_scheme="green")),
                    rx.cond(card.remote != "", rx.badge(card.remote, color_scheme="blue")),
                    rx.cond(card.seniority != "", rx.badge(card.seniority, color_scheme="purple")),
                    rx.cond(card.archived, rx.badge("archived", color_scheme="gray")),
                    rx.foreach(card.sites, lambda s: rx.badge(s, variant="outline")),
                    rx.text(card.posted, size="1", color_scheme="gray"),
                    spacing="1",
                    wrap="wrap",
                    align="center",
                ),
                rx.flex(
                    rx.foreach(card.skills, lambda s: rx.badge(s, variant="soft", size="1")),
                    spacing="1",
                    wrap="wrap",
                ),
                spacing="1",
                flex="1 1 18em",
                min_width="0",
            ),
            rx.vstack(
                status_select(card.id, card.status, JobsState.set_status),
                notes_box(card.id, card.draft, card.note_state, JobsState.edit_notes, JobsState.save_notes),
                flex="1 1 12em",
                spacing="2",
            ),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
        class_name="job-card",
        data_job_id=card.id,
        key=card.id,
    )


def _pager() -> rx.Component:
    return rx.flex(
        rx.button("← Previous", variant="soft", on_click=JobsState.go(-1), disabled=JobsState.page <= 1),
        rx.text("page ", JobsState.page, " of ", JobsState.pages, size="2"),
        rx.button(
            "Next →", variant="soft", on_click=JobsState.go(1), disabled=JobsState.page >= JobsState.pages
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
            rx.text(JobsState.summary, size="2", color_scheme="gray", id="job-count"),
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
