"""The frame every page shares: the skip link, the header with its navigation (``nav``), the page's
landmarks (header, nav, main), its h1, the API status, and the explained error states."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from jobscraper_ui.base import BaseState
from jobscraper_ui.nav import NAV, STYLES, header, skip_link

__all__ = ["empty_state", "listing", "page", "problem", "saved_row"]

_NAV = NAV  # the pages in the navigation (tests read it here)


def problem() -> rx.Component:
    """'API unreachable' or the API's error, explained, with a retry — never a blank page."""
    return rx.cond(
        BaseState.unreachable != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("unplug")),
            rx.callout.text(
                rx.text("The jobscraper API is not reachable: ", BaseState.unreachable, weight="bold"),
                rx.text(
                    "Start it with `jobscraper ui` (it starts Ray, the API and this page), or "
                    "`jobscraper serve`, and check `ui.api_url` in your config. ",
                ),
                rx.link("Retry", on_click=BaseState.retry, cursor="pointer", id="retry"),
            ),
            color_scheme="red",
            role="alert",
            id="api-unreachable",
            on_mount=BaseState.watch_health,  # retries with backoff, clears the banner when back
        ),
        rx.cond(
            BaseState.error != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("triangle-alert")),
                rx.callout.text(BaseState.error),
                color_scheme="orange",
                role="alert",
                id="api-error",
            ),
        ),
    )


def empty_state(title: str, hint: rx.Component | str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(title, size="4", as_="h2"), hint if isinstance(hint, rx.Component) else rx.text(hint)
        ),
        width="100%",
        class_name="empty-state",
    )


def listing(
    items: Any, render: Callable[[Any], rx.Component], loaded: Any, title: str, hint: str
) -> rx.Component:
    """The saved things of a page, one card each, or (once loaded, with the API answering) why
    there are none."""
    return rx.cond(
        items.length() > 0,
        rx.vstack(rx.foreach(items, render), width="100%"),
        rx.cond(loaded & (BaseState.unreachable == ""), empty_state(title, hint)),
    )


def saved_row(
    details: rx.Component,
    *actions: rx.Component,
    enabled: Any,
    on_toggle: Callable[[Any], Any],
    on_delete: Any,
    delete_label: str,
    class_name: str,
) -> rx.Component:
    """A saved search or company: what it is, an enabled switch, its own actions, delete."""
    return rx.card(
        rx.flex(
            details,
            rx.el.label(
                rx.flex(
                    rx.switch(checked=enabled, on_change=on_toggle),
                    rx.text("enabled", size="2"),
                    spacing="1",
                    align="center",
                )
            ),
            *actions,
            rx.icon_button(
                rx.icon("trash-2"),
                variant="ghost",
                color_scheme="red",
                on_click=on_delete,
                aria_label=delete_label,
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        width="100%",
        class_name=class_name,
    )


def page(
    *children: rx.Component, title: str | rx.Var[str] | rx.Component, above: rx.Component | None = None
) -> rx.Component:
    """The page's content under the shared header, in ``<main id="main">`` (the skip link's
    target) headed by ``title`` as the page's one h1 (``#page-title``); ``above`` goes over the
    heading (a way back, say)."""
    return rx.fragment(
        rx.el.style(STYLES),
        skip_link(),
        rx.container(
            header(),
            rx.el.main(
                rx.vstack(
                    *([above] if above is not None else []),
                    rx.heading(title, size="7", as_="h1", id="page-title"),
                    problem(),
                    *children,
                    spacing="4",
                    width="100%",
                ),
                id="main",
                tab_index=-1,
                width="100%",
                padding_top="var(--space-3)",
            ),
            size="4",
            padding_x="3",
        ),
    )
