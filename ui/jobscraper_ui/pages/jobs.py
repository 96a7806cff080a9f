"""Jobs: search, filter, sort and page through jobs; favourite, status and notes on each card.

The page composes its components (``jobs_views``) over its state (``jobs_state``).
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.layout import page
from jobscraper_ui.pages.jobs_state import JobCard, JobsState, card_of
from jobscraper_ui.pages.jobs_views import filters, results

__all__ = ["JobCard", "JobsState", "card_of", "jobs_page"]


def jobs_page() -> rx.Component:
    return page(filters(), results(), title="Jobs")
