"""The liveness section: re-checking that open jobs are still open (``jobscraper.store.liveness``).

A job's page is fetched again under the scraping limits; a 404/410, a redirect back to the listing
or a page that says the job is closed is a *failed* check, and two failed checks in a row close
the job. Checks run after each scrape run's scrape phase (at most ``batch_size`` jobs, a few at a
time, so scraping keeps the limits) and on demand with ``jobscraper jobs check``.
"""

from __future__ import annotations

from pydantic import Field

from jobscraper.config.checks import Section

__all__ = ["LivenessSettings"]


class LivenessSettings(Section):
    """Which open jobs are re-checked, how many per pass, and how often."""

    enabled: bool = Field(True, description="check open jobs after each scrape run's scrape phase")
    batch_size: int = Field(100, ge=1, le=100_000, description="jobs checked per pass at most")
    min_days_between_checks: float = Field(
        3.0,
        ge=0,
        le=3650,
        description="a job seen by a scrape or checked within this many days is not checked again; "
        "a job whose last check failed is checked again on the next pass (two in a row close it)",
    )
    concurrency: int = Field(
        2,
        ge=1,
        le=64,
        description="checks in flight at once (low, so a run's scraping keeps most of the limits)",
    )
