"""Scrape: the page that starts runs and follows them.

The page composes its components (``scrape_views``) over its state (``scrape_state``), which turns
the API's run shapes into rows with ``scrape_rows``.
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.layout import page
from jobscraper_ui.pages.scrape_state import CLICKED, ScrapeState
from jobscraper_ui.pages.scrape_views import adhoc_form, demo_hint, run_history, run_progress, target_list

__all__ = ["ScrapeState", "scrape_page"]


def scrape_page() -> rx.Component:
    s = ScrapeState
    return page(
        demo_hint(),
        rx.flex(
            rx.button(
                rx.icon("play"),
                "Scrape everything saved",
                # the page shows the click itself, before the server's answer (see scrape_state)
                on_click=[CLICKED.set_value(True), ScrapeState.run_all],
                disabled=s.busy | CLICKED.value | ((s.searches.length() == 0) & (s.companies.length() == 0)),
                loading=s.pending == "all",
                id="run-all",
            ),
            rx.cond(
                (s.pending != "") | s.starting | CLICKED.value,
                rx.flex(
                    rx.spinner(),
                    rx.text("Starting the run…", size="2", color_scheme="gray"),
                    spacing="1",
                    align="center",
                    id="scrape-busy",
                    role="status",
                ),
            ),
            spacing="2",
            align="center",
        ),
        run_progress(),
        rx.flex(
            target_list(
                "Saved searches",
                s.searches,
                ScrapeState.run_search,
                "None yet: add one on the Searches page.",
                "search",
            ),
            target_list(
                "Companies",
                s.companies,
                ScrapeState.run_company,
                "None yet: add one on the Companies page.",
                "company",
            ),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        adhoc_form(),
        run_history(),
        title="Scrape",
    )
