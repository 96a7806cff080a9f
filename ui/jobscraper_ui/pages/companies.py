"""Companies: paste a career URL (its ATS is detected and shown), enable/disable, last result.

The page composes its components (``companies_views``) over its state (``companies_state``).
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.layout import listing, page
from jobscraper_ui.pages.companies_state import CompaniesState
from jobscraper_ui.pages.companies_views import company_form, company_item, delete_dialog

__all__ = ["CompaniesState", "companies_page"]


def companies_page() -> rx.Component:
    s = CompaniesState
    return page(
        company_form(),
        delete_dialog(),
        rx.box(
            listing(
                s.companies,
                company_item,
                s.loaded,
                "No companies yet",
                "Add one above; its jobs are scraped with your next run.",
            ),
            width="100%",
            opacity=rx.cond(s.loading, "0.5", "1"),
            aria_busy=s.loading,
        ),
        title="Companies",
    )
