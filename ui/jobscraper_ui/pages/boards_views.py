"""The boards a search cannot run on, each with why: shown under the board checkboxes, so a board
that is listed elsewhere (Google Jobs) never looks like a working one that found nothing."""

from __future__ import annotations

import reflex as rx

from jobscraper.vocabulary import SITES
from jobscraper_ui.format import UNAVAILABLE_BOARDS

__all__ = ["unavailable_boards"]


def unavailable_boards() -> rx.Component:
    """One muted line per unavailable board: its name and the reason."""
    return rx.vstack(
        *[
            rx.text(f"{SITES[name].label}: not offered — {why}", size="1", color_scheme="gray")
            for name, why in UNAVAILABLE_BOARDS.items()
        ],
        spacing="0",
        class_name="unavailable-boards",
    )
