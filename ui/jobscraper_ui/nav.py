"""The site's header: the skip link, the navigation with the current page marked, and on a phone a
menu in its place; and the few global styles the frame needs.

The current page comes from the router's path (``aria-current="page"``), so a screen reader says
"current page" and the link is drawn underlined. Under 1024 px the links fold into a menu button
(a Radix popover) instead of wrapping onto a second line.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from jobscraper_ui.base import BaseState

__all__ = ["NAV", "STYLES", "header", "skip_link"]

NAV = [
    ("Jobs", "/"),
    ("Pipeline", "/pipeline"),
    ("Scrape", "/scrape"),
    ("Companies", "/companies"),
    ("Searches", "/searches"),
    ("Analytics", "/analytics"),
    ("Profile", "/profile"),
    ("Settings", "/settings"),
]

# the frame's own styles; the pages style themselves through Radix props
STYLES = """
.skip-link { position: absolute; left: -10000px; top: 0.5rem; z-index: 1000; padding: 0.5rem 1rem;
  background: var(--color-panel-solid); color: var(--accent-12); border: 2px solid var(--accent-9);
  border-radius: var(--radius-2); font-weight: 600; }
.skip-link:focus { left: 0.5rem; }
main:focus { outline: none; }
.nav-links { display: none; }
.nav-menu { display: flex; }
@media (min-width: 1024px) { .nav-links { display: flex; } .nav-menu { display: none; } }
.nav-links a[aria-current="page"], #nav-menu a[aria-current="page"] {
  color: var(--accent-12); font-weight: 700; text-decoration: underline;
  text-decoration-thickness: 2px; text-underline-offset: 0.4em; }
.density-toggle { white-space: nowrap; }
.results.dense > .rt-Flex { gap: var(--space-1); }
.results.dense .job-card { --card-padding: var(--space-2); }
.results.dense .job-card :is(.rt-r-gap-2, .rt-r-gap-3) { gap: var(--space-1); }
.results.dense .job-card .rt-Heading { font-size: var(--font-size-3); line-height: var(--line-height-3); }
.results.dense .job-card :is(.notes, .save-notes, .notes-state, .fit-reason-short, .job-skills) {
  display: none; }
/* Radix's step-11 text of these scales is 4.0-4.3:1 on their own tints (soft badges, callouts):
   one shade darker reaches 4.5:1 (WCAG AA) */
:root, .light, .light-theme {
  --green-11: #19744c; --green-a11: #19744c; --amber-11: #955700; --amber-a11: #955700;
  --orange-11: #a84000; --orange-a11: #a84000; --blue-11: #0b66b8; --blue-a11: #0b66b8;
  --yellow-11: #845a00; --yellow-a11: #845a00; }
/* a phone reads the run's sources without scrolling sideways: the status says what the bar does,
   and the Errors column shows only when a source has one */
@media (max-width: 639px) {
  #run-progress :is(th, td):nth-child(3) { display: none; }
  #run-progress table:not(:has(td:nth-child(5) p:not(:empty))) :is(th, td):nth-child(5) { display: none; }
  #run-progress :is(th, td) { padding-left: var(--space-1); padding-right: var(--space-1); }
}
"""


def _current(href: str) -> Any:
    """``"page"`` on the link of the page on show (Jobs also for a job's own page), else nothing."""
    path = rx.State.router.url.path
    below = "/jobs/" if href == "/" else href + "/"
    here = (path == href) | (path == href + "/") | path.startswith(below)
    return rx.cond(here, "page", None)


def _links(size: str) -> list[rx.Component]:
    return [
        rx.link(label, href=href, size=size, weight="medium", aria_current=_current(href))
        for label, href in NAV
    ]


def _phone_menu() -> rx.Component:
    menu: rx.Component = rx.box(
        rx.popover.root(
            rx.popover.trigger(
                rx.icon_button(
                    rx.icon("menu"), variant="soft", size="3", aria_label="Menu", id="nav-menu-button"
                )
            ),
            rx.popover.content(
                rx.el.nav(rx.flex(*_links("4"), direction="column", spacing="3"), aria_label="Main"),
                id="nav-menu",
                aria_label="Menu",
                align="end",
                min_width="12em",
            ),
        ),
        class_name="nav-menu",
    )
    return menu


def skip_link() -> rx.Component:
    """The first thing a keyboard reaches: straight to the page's own content."""
    # the router turns the link into a client-side one, which does not move focus: do it here
    link: rx.Component = rx.el.a(
        "Skip to content",
        href="#main",
        class_name="skip-link",
        on_click=rx.call_script("document.getElementById('main')?.focus()"),
    )
    return link


def header() -> rx.Component:
    banner: rx.Component = rx.el.header(
        rx.flex(
            rx.link(rx.text("jobscraper", size="5", weight="bold"), href="/", underline="none"),
            rx.el.nav(
                rx.flex(*_links("3"), spacing="4"),
                aria_label="Main",
                class_name="nav-links",
            ),
            rx.spacer(),
            rx.cond(
                BaseState.demo,
                rx.badge(
                    "demo board",
                    color_scheme="amber",
                    high_contrast=True,
                    title="job boards are the bundled demo board",
                ),
            ),
            _phone_menu(),
            align="center",
            spacing="4",
            padding_y="3",
            width="100%",
        ),
        border_bottom="1px solid var(--gray-a5)",
        width="100%",
    )
    return banner
