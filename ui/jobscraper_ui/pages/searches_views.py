"""The Saved searches page's components: the add/edit form and one saved search's row. Layout
only; the state is ``searches_state``.
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.confirm import confirm_delete
from jobscraper_ui.format import BOARDS
from jobscraper_ui.layout import saved_row
from jobscraper_ui.pages.boards_views import unavailable_boards
from jobscraper_ui.pages.searches_state import SearchesState, SearchRow

__all__ = ["delete_dialog", "search_form", "search_item"]


def search_form() -> rx.Component:
    s = SearchesState

    def field(name: str, placeholder: str, flex: str = "1 1 10em") -> rx.Component:
        return rx.input(
            value=getattr(s, name),
            on_change=lambda v: SearchesState.set_field(name, v),
            placeholder=placeholder,
            flex=flex,
            aria_label=placeholder,
            id=f"search-{name}",
        )

    return rx.card(
        rx.heading(rx.cond(s.editing_id > 0, "Edit search", "Add a search"), size="3", as_="h2"),
        rx.flex(
            field("name", "Name"),
            field("term", "Search term, e.g. python developer", "2 1 14em"),
            field("location", "Location"),
            field("results_wanted", "Results per site"),
            field("hours_old", "Posted within (hours)"),
            field("country", "Country (Indeed/Glassdoor)"),
            spacing="2",
            wrap="wrap",
            margin_y="2",
        ),
        rx.flex(
            *[
                rx.el.label(
                    rx.flex(
                        rx.checkbox(
                            checked=s.sites.contains(b),
                            on_change=lambda v, b=b: SearchesState.toggle_site(b, v),
                            aria_label=b,
                        ),
                        rx.text(b, size="2"),
                        spacing="1",
                        align="center",
                    )
                )
                for b in BOARDS
            ],
            rx.el.label(
                rx.flex(
                    rx.checkbox(
                        checked=s.is_remote,
                        on_change=lambda v: SearchesState.set_field("is_remote", v),
                        aria_label="remote only",
                    ),
                    rx.text("remote only", size="2"),
                    spacing="1",
                    align="center",
                )
            ),
            spacing="3",
            wrap="wrap",
        ),
        unavailable_boards(),
        rx.flex(
            rx.button(
                rx.cond(s.editing_id > 0, "Save changes", "Add search"),
                on_click=SearchesState.save,
                id="search-save",
            ),
            rx.cond(s.editing_id > 0, rx.button("Cancel", variant="soft", on_click=SearchesState.new)),
            rx.cond(s.message != "", rx.text(s.message, color_scheme="green", size="2")),
            spacing="2",
            align="center",
            margin_top="2",
        ),
        width="100%",
    )


def search_item(r: SearchRow) -> rx.Component:
    return saved_row(
        rx.vstack(
            rx.text(r.name, weight="bold"),
            rx.text(r.summary, size="2"),
            rx.text(r.last, size="1", color_scheme="gray"),
            spacing="1",
            flex="1 1 16em",
            min_width="0",
        ),
        rx.button("Edit", variant="soft", size="1", on_click=SearchesState.edit(r.id)),
        enabled=r.enabled,
        on_toggle=lambda v: SearchesState.toggle(r.id, v),
        on_delete=SearchesState.ask_remove(r.id),
        delete_label="delete search",
        class_name="search-row",
    )


def delete_dialog() -> rx.Component:
    """Asks before a saved search is deleted."""
    s = SearchesState
    return confirm_delete(
        is_open=s.confirm_id > 0,
        title="Delete the saved search “" + s.confirm_name + "”?",
        description="Runs will no longer scrape it. The jobs it found stay.",
        action="Delete search",
        on_confirm=SearchesState.remove,
        on_cancel=SearchesState.keep,
        id_="confirm-delete-search",
    )
