"""Saved searches: add and edit the job-board searches that runs scrape.

The page composes its components (``searches_views``) over its state (``searches_state``).
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.layout import listing, page
from jobscraper_ui.pages.searches_state import SearchesState
from jobscraper_ui.pages.searches_views import delete_dialog, search_form, search_item

__all__ = ["SearchesState", "searches_page"]


def searches_page() -> rx.Component:
    s = SearchesState
    return page(
        search_form(),
        delete_dialog(),
        rx.box(
            listing(
                s.searches,
                search_item,
                s.loaded,
                "No saved searches yet",
                "Add one above, then scrape it from the Scrape page.",
            ),
            width="100%",
            opacity=rx.cond(s.loading, "0.5", "1"),
            aria_busy=s.loading,
        ),
        title="Saved searches",
    )
