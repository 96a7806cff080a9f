"""Jobs: search, filter, sort (Best fit first once a profile exists) and page through jobs; each
card's fit badge, favourite, status and notes.

The page composes its components (``jobs_views``) over its state (``jobs_state``).
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.density import density_toggle, results_class
from jobscraper_ui.layout import page
from jobscraper_ui.pages.jobs_filters import filters
from jobscraper_ui.pages.jobs_state import JobCard, JobsState, card_of
from jobscraper_ui.pages.jobs_views import fit_line, results

__all__ = ["JobCard", "JobsState", "card_of", "jobs_page"]


def jobs_page() -> rx.Component:
    return page(
        filters(),
        rx.flex(fit_line(), density_toggle(), justify="between", align="start", gap="3", width="100%"),
        rx.box(results(), class_name=results_class(), width="100%"),
        title="Jobs",
    )
