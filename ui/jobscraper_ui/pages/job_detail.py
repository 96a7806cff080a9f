"""One job: its description, extracted details, source links and apply link; favourite, status
and notes. The page composes its components (``job_detail_views``) over its state
(``job_detail_state``).
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.layout import page
from jobscraper_ui.pages.job_detail_state import JobDetailState
from jobscraper_ui.pages.job_detail_views import detail

__all__ = ["JobDetailState", "job_detail_page"]


def job_detail_page() -> rx.Component:
    """Headed by the job's own title (``#job-title`` inside the page's h1), "Job" until it comes."""
    return page(
        rx.cond(JobDetailState.found, detail()),
        title=rx.cond(JobDetailState.found, rx.text.span(JobDetailState.title, id="job-title"), "Job"),
        above=rx.link("← All jobs", href="/", size="2"),
    )
