"""The job page's components: the job's header with its fit badge, favourite, status and Apply
controls, its notes, its fit's reasons, its details, where it was seen, "More like this", and its
description. Layout only; the state is ``job_detail_state``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import reflex as rx

from jobscraper_ui.pages.fit_views import fit_badge, reasons_list, similar_list
from jobscraper_ui.pages.job_controls import notes_box, status_select
from jobscraper_ui.pages.job_detail_state import JobDetailState

__all__ = ["DESCRIPTION_HEADINGS", "detail", "fit_card", "similar_card"]


def _heading_at(level: int) -> Callable[[object], rx.Component]:
    def heading(value: object) -> rx.Component:
        return rx.heading(value, as_=cast(Any, f"h{level}"), size="3", margin_y="0.5em")

    return heading


DESCRIPTION_HEADINGS: dict[str, Callable[[object], rx.Component]] = {
    f"h{n}": _heading_at(min(6, n + 2)) for n in range(1, 7)
}
"""A description's own headings, two levels down: it sits under the card's h2 ("Description"),
and the page's one h1 is the job's title (descriptions often open with ``# <the title>``). The
state renumbers them first (:mod:`jobscraper_ui.headings`: the first is ``#``, none skips a level),
so the description's first heading is an h3 and the page's headings never skip one."""


def fit_card() -> rx.Component:
    """The job's fit for the active profile and each reason; or how to get one."""
    s = JobDetailState
    return rx.cond(
        s.fit != "",
        rx.card(
            rx.flex(
                rx.heading("Fit for your profile", size="3", as_="h2"),
                fit_badge(s.fit, s.fit_band, s.fit_sunk, s.fit_tip),
                rx.link("edit the profile", href="/profile", size="1"),
                spacing="2",
                align="center",
                wrap="wrap",
                margin_bottom="2",
            ),
            reasons_list(s.reasons),
            width="100%",
            id="fit-card",
        ),
        rx.text(
            rx.text.span("No fit score: ", color_scheme="gray"),
            rx.link("add your résumé on the Profile page", href="/profile"),
            rx.text.span(" to see how well this job fits you.", color_scheme="gray"),
            size="2",
            id="fit-card",
        ),
    )


def similar_card() -> rx.Component:
    s = JobDetailState
    return rx.card(
        rx.heading("More like this", size="3", as_="h2", margin_bottom="2"),
        similar_list(s.similar, s.similar_note),
        width="100%",
        id="similar",
    )


def detail() -> rx.Component:
    s = JobDetailState
    return rx.vstack(
        rx.cond(
            s.blocked,
            rx.callout.root(
                rx.callout.icon(rx.icon("ban")),
                rx.callout.text(
                    "This company is on your blocklist: its jobs are left out of every list. ",
                    rx.link("Settings", href="/settings"),
                ),
                color_scheme="gray",
                id="job-blocked",
            ),
        ),
        rx.flex(
            rx.vstack(
                rx.text(s.company, rx.cond(s.location != "", " · " + s.location, ""), color_scheme="gray"),
                rx.flex(
                    fit_badge(s.fit, s.fit_band, s.fit_sunk, s.fit_tip),
                    rx.cond(s.salary != "", rx.badge(s.salary, color_scheme="green", size="2")),
                    rx.cond(s.posted != "", rx.badge("posted " + s.posted, variant="outline", size="2")),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
                flex="1 1 20em",
            ),
            rx.flex(
                rx.button(
                    rx.cond(s.favorite, rx.icon("star", fill="currentColor"), rx.icon("star")),
                    rx.cond(s.favorite, "Favourite", "Add to favourites"),
                    variant=rx.cond(s.favorite, "solid", "outline"),
                    color_scheme="amber",
                    on_click=JobDetailState.toggle_favorite(s.job_id, s.favorite),
                    class_name="favorite-toggle",
                    aria_pressed=s.favorite,
                ),
                status_select(s.job_id, s.status, JobDetailState.set_status),
                rx.cond(
                    s.apply_url != "",
                    rx.link(
                        rx.button("Apply", rx.icon("external-link")),
                        href=s.apply_url,
                        is_external=True,
                        id="apply-link",
                    ),
                ),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        notes_box(s.job_id, s.draft, s.note_state, JobDetailState.edit_notes, JobDetailState.save_notes),
        fit_card(),
        rx.card(
            rx.heading("Details", size="3", as_="h2"),
            rx.text(s.extraction_note, size="1", color_scheme="gray"),
            rx.flex(
                rx.foreach(s.skills, lambda k: rx.badge(k, variant="soft")),
                spacing="1",
                wrap="wrap",
                margin_y="2",
            ),
            rx.data_list.root(
                rx.foreach(
                    s.facts,
                    lambda f: rx.data_list.item(rx.data_list.label(f[0]), rx.data_list.value(f[1])),
                ),
                orientation={"initial": "vertical", "sm": "horizontal"},
            ),
            width="100%",
        ),
        rx.card(
            rx.heading("Where it was seen", size="3", as_="h2"),
            rx.foreach(
                s.sources,
                lambda src: rx.flex(
                    rx.badge(src.site, variant="outline"),
                    rx.cond(
                        src.href != "",
                        rx.link(src.url, href=src.href, is_external=True, size="2", word_break="break-all"),
                        rx.text(src.url, size="2", word_break="break-all"),
                    ),
                    rx.text("first seen ", src.seen, size="1", color_scheme="gray"),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
            ),
            width="100%",
        ),
        similar_card(),
        rx.card(
            rx.heading("Description", size="3", as_="h2"),
            rx.box(
                rx.markdown(s.description, component_map=DESCRIPTION_HEADINGS),
                id="job-description",
                class_name="description",
            ),
            width="100%",
        ),
        width="100%",
        spacing="3",
    )
