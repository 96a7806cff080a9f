"""The Jobs page's filter form: words, location, salary, remote, posted within, source, status,
archived, sort and favourites. Layout only; the state is ``jobs_state``."""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.format import SITES, STATUSES
from jobscraper_ui.pages.jobs_state import ANY, SORTS, WITHIN, JobsState

__all__ = ["filters"]


def _select(name: str, options: dict[str, str], value: rx.Var[str], label: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label, min_width="9em"),
        rx.select.content(*[rx.select.item(text, value=key) for key, text in options.items()]),
        value=value,
        on_change=lambda v: JobsState.set_filter(name, v),
    )


def filters() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(
                name="q",
                placeholder="Search title, company, skills, description …",
                default_value=JobsState.q,
                flex="3 1 16em",
                id="search-q",
            ),
            rx.input(
                name="location", placeholder="Location", default_value=JobsState.location, flex="1 1 9em"
            ),
            rx.input(
                name="min_salary",
                placeholder="Salary at least (yearly)",
                default_value=JobsState.min_salary,
                input_mode="numeric",
                flex="1 1 9em",
            ),
            rx.button("Search", type="submit", id="search-submit"),
            spacing="2",
            wrap="wrap",
            width="100%",
        ),
        rx.flex(
            _select(
                "remote",
                {ANY: "Remote or not", "remote": "Remote", "onsite": "On-site"},
                JobsState.remote,
                "remote",
            ),
            _select("within", WITHIN, JobsState.within, "posted within"),
            _select("source", {ANY: "Any source", **{s: s for s in SITES}}, JobsState.source, "source"),
            _select(
                "status",
                {ANY: "Any status", **{s: s.capitalize() for s in STATUSES}},
                JobsState.status,
                "status",
            ),
            _select(
                "archived",
                {"exclude": "Active", "include": "Active and archived", "only": "Archived"},
                JobsState.archived,
                "archived",
            ),
            _select("sort", SORTS, JobsState.sort, "sort"),
            rx.el.label(
                rx.flex(
                    rx.checkbox(name="favorites", default_checked=JobsState.favorites, id="only-favorites"),
                    rx.text("Favourites only", size="2"),
                    spacing="1",
                    align="center",
                )
            ),
            rx.button("Clear", variant="soft", type="button", on_click=JobsState.clear),
            spacing="2",
            wrap="wrap",
            align="center",
            margin_top="2",
        ),
        on_submit=JobsState.search,
        width="100%",
    )
