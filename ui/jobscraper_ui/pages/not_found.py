"""The page for an address the UI does not know: it says so, keeps the navigation, and points home."""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.base import BaseState
from jobscraper_ui.layout import page

__all__ = ["NotFoundState", "not_found_page"]


class NotFoundState(BaseState):
    @rx.event
    async def load(self) -> None:
        await self.check_health()


def not_found_page() -> rx.Component:
    return page(
        rx.text("There is no page at ", rx.code(rx.State.router.url.path), "."),
        rx.text(
            "Pick a page above, or go back to ",
            rx.link("your jobs", href="/", underline="always"),
            ".",
        ),
        title="Page not found",
    )
