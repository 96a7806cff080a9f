"""The Profile page's "Best fit" list: the active profile's top jobs with their score badge and
first reasons, or why there are none yet. Layout only; the state is ``profile_state``.
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.pages.fit_views import fit_badge
from jobscraper_ui.pages.profile_fit import FitRow
from jobscraper_ui.pages.profile_state import ProfileState

__all__ = ["best_fit"]

S = ProfileState


def _fit(row: FitRow) -> rx.Component:
    return rx.flex(
        fit_badge(row.score, row.band, row.sunk, row.tip),
        rx.vstack(
            rx.link(row.title, href=row.href, weight="medium"),
            rx.text(row.company, size="1", color_scheme="gray"),
            rx.foreach(row.reasons, lambda reason: rx.text(reason, size="1")),
            spacing="1",
            min_width="0",
        ),
        spacing="3",
        align="start",
        width="100%",
        class_name="best-fit-row",
    )


def best_fit() -> rx.Component:
    """The active profile's top jobs with their score and first reasons, or why not yet."""
    return rx.cond(
        S.active_name != "",
        rx.card(
            rx.heading("Best fit for ", S.active_name, size="3", as_="h2"),
            rx.cond(
                S.best_note != "",
                rx.text(S.best_note, size="2", color_scheme="gray", id="best-fit-note"),
                rx.vstack(rx.foreach(S.best, _fit), width="100%", margin_top="2"),
            ),
            width="100%",
            id="best-fit",
        ),
    )
