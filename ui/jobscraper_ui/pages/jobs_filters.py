"""The Jobs page's filter form: words, location, salary, remote, posted within, source, status,
archived, sort and favourites. Layout only; the state is ``jobs_state``.

Every control applies at once: the text boxes after a 150 ms pause in typing (Enter and the
Search button at once), the selects and the favourites box on change. 150 ms is longer than the
gap between a typist's keys (~60-120 ms), so a word asks once, and short enough that the results
follow the last key within the 300 ms a change may take (issue 17; 300 ms spent it all waiting).
The boxes are controlled (their text is the state's), so Clear empties them and Back puts the
previous text back.
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.format import STATUSES
from jobscraper_ui.pages.jobs_query import ARCHIVED, REMOTE
from jobscraper_ui.pages.jobs_state import ANY, SORTS, WITHIN, JobsState

__all__ = ["filters"]

DEBOUNCE_MS = 150


def _select(name: str, options: dict[str, str], value: rx.Var[str], label: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label, min_width="9em"),
        rx.select.content(*[rx.select.item(text, value=key) for key, text in options.items()]),
        value=value,
        on_change=lambda v: JobsState.set_filter(name, v),
    )


def _sources() -> rx.Component:
    """The Source filter: the sources the jobs were seen on, from the Api's data."""
    return rx.select.root(
        rx.select.trigger(aria_label="source", min_width="9em"),
        rx.select.content(rx.foreach(JobsState.source_items, lambda o: rx.select.item(o[1], value=o[0]))),
        value=JobsState.source,
        on_change=lambda v: JobsState.set_filter("source", v),
    )


def _text(name: str, value: rx.Var[str], placeholder: str, flex: str, **props: object) -> rx.Component:
    return rx.debounce_input(
        rx.input(
            name=name,
            placeholder=placeholder,
            value=value,
            on_change=lambda v: JobsState.set_text(name, v),
            aria_label=placeholder,
            flex=flex,
            **props,
        ),
        debounce_timeout=DEBOUNCE_MS,
    )


def filters() -> rx.Component:
    return rx.form(
        rx.flex(
            _text(
                "q", JobsState.q, "Search title, company, skills, description …", "3 1 16em", id="search-q"
            ),
            _text("location", JobsState.location, "Location", "1 1 9em", id="search-location"),
            rx.flex(
                _text(
                    "min_salary",
                    JobsState.min_salary,
                    "Salary at least (yearly)",
                    "0 0 auto",  # in a column: its height stays an input's
                    id="search-salary",
                ),
                rx.cond(
                    JobsState.salary_hint != "",
                    rx.text(JobsState.salary_hint, size="1", color_scheme="red", id="salary-hint"),
                ),
                direction="column",
                flex="1 1 9em",
            ),
            rx.button("Search", type="submit", id="search-submit"),
            spacing="2",
            wrap="wrap",
            width="100%",
        ),
        rx.flex(
            _select("remote", REMOTE, JobsState.remote, "remote"),
            _select("within", WITHIN, JobsState.within, "posted within"),
            _sources(),
            _select(
                "status",
                {ANY: "Any status", **{s: s.capitalize() for s in STATUSES}},
                JobsState.status,
                "status",
            ),
            _select("archived", ARCHIVED, JobsState.archived, "archived"),
            _select("sort", SORTS, JobsState.sort, "sort"),
            rx.el.label(
                rx.flex(
                    rx.checkbox(
                        name="favorites",
                        checked=JobsState.favorites,
                        on_change=JobsState.set_favorites,
                        id="only-favorites",
                        aria_label="Favourites only",
                    ),
                    rx.text("Favourites only", size="2"),
                    spacing="1",
                    align="center",
                )
            ),
            rx.button("Clear", variant="soft", type="button", on_click=JobsState.clear, id="filters-clear"),
            spacing="2",
            wrap="wrap",
            align="center",
            margin_top="2",
        ),
        on_submit=JobsState.search,
        width="100%",
    )
