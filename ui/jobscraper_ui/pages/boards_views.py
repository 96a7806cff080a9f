"""What the boards are, shown under the board checkboxes: the ones a search cannot run on, each
with why (so a board listed elsewhere, like Google Jobs, never looks like a working one that found
nothing), and, folded away, what each working board searches (its countries, what its location
means) — the same ``needs`` text ``jobscraper scrape --help`` gives."""

from __future__ import annotations

import reflex as rx

from jobscraper.vocabulary import BOARD_SITES, SITES
from jobscraper_ui.format import UNAVAILABLE_BOARDS

__all__ = ["unavailable_boards"]


def _what_each_searches() -> rx.Component:
    return rx.el.details(
        rx.el.summary("What each board searches"),
        rx.el.ul(
            *[rx.el.li(f"{SITES[name].label}: {SITES[name].needs}") for name in BOARD_SITES],
            class_name="board-needs-list",
        ),
        class_name="board-needs",
    )


def unavailable_boards() -> rx.Component:
    """One muted line per unavailable board (its name and the reason), then what each board searches."""
    return rx.vstack(
        *[
            rx.text(f"{SITES[name].label}: not offered — {why}", size="1", color_scheme="gray")
            for name, why in UNAVAILABLE_BOARDS.items()
        ],
        rx.text(_what_each_searches(), as_="div", size="1", color_scheme="gray"),
        spacing="0",
        class_name="unavailable-boards",
    )
