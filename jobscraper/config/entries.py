"""What a run scrapes: saved job-board searches and watched companies (the config file's
``searches`` and ``companies``, also stored in the database)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from jobscraper.config.checks import NAME_MAX, URL_MAX, YEAR_S, Section, no_control
from jobscraper.config.checks import url as url_check
from jobscraper.vocabulary import DEFAULT_SITES, JOBSPY_SITES, AtsChoice, JobType

# JOBSPY_SITES is re-exported for its older importers; it lives in jobscraper.vocabulary
__all__ = ["JOBSPY_SITES", "CompanyConfig", "SavedSearch"]


# shared by saved searches and watched companies: how often the scheduler starts a run of one
IntervalS = Annotated[
    int | None,
    Field(
        ge=1, le=YEAR_S, description="start a run this often, in seconds (scheduler.min_interval_s at least)"
    ),
]


class SavedSearch(Section):
    """A job-board search run through python-jobspy."""

    name: str = Field(min_length=1, max_length=NAME_MAX, description="unique name of the search")
    term: str = Field(min_length=1, max_length=500, description="search term, e.g. 'python developer'")
    location: str | None = Field(None, max_length=NAME_MAX, description="where, e.g. 'Berlin, Germany'")
    sites: list[str] = Field(
        default_factory=lambda: list(DEFAULT_SITES), description="the JobSpy job boards to search"
    )
    distance_miles: int | None = Field(None, ge=0, le=20_000, description="radius around the location")
    is_remote: bool = Field(False, description="only remote jobs")
    job_type: JobType | None = Field(None, description="only this employment type")
    hours_old: int | None = Field(None, ge=1, le=24 * 3660, description="only postings this recent, in hours")
    results_wanted: int = Field(50, ge=1, le=1000, description="postings asked of each site")
    country: str = Field("usa", max_length=64, description="country for Indeed/Glassdoor")
    enabled: bool = Field(
        True, description="false: kept, but not scraped by 'everything saved' or the scheduler"
    )
    interval_s: IntervalS = None

    @field_validator("name", "term", "location", "country")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        return None if value is None else no_control(value)

    @field_validator("sites")
    @classmethod
    def _known_sites(cls, sites: list[str]) -> list[str]:
        unknown = [s for s in sites if s not in JOBSPY_SITES]
        if unknown:
            raise ValueError(f"unknown site(s) {unknown}; allowed: {', '.join(JOBSPY_SITES)}")
        if not sites:
            raise ValueError("at least one site is required")
        return sites


class CompanyConfig(Section):
    """A company whose career page or ATS board is scraped directly."""

    name: str = Field(min_length=1, max_length=NAME_MAX, description="unique name of the company")
    url: str = Field(
        min_length=1, max_length=URL_MAX, description="career page, ATS board URL or ATS API endpoint"
    )
    ats: AtsChoice = Field(
        "auto", description="auto: detected from the URL; or the ATS named, or html for a plain career site"
    )
    render_js: bool = Field(False, description="render with a system Chromium (slower)")
    enabled: bool = Field(
        True, description="false: kept, but not scraped by 'everything saved' or the scheduler"
    )
    interval_s: IntervalS = None
    url_from_api: bool = Field(
        False,
        exclude=True,
        description="set by the API, never in a file: the URL came in over HTTP, so its scrape "
        "applies the URL policy (jobscraper.urlpolicy) unless scraping.allow_private_urls",
    )

    @field_validator("name")
    @classmethod
    def _printable(cls, name: str) -> str:
        return no_control(name)

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return url_check(url, ("http", "https"))
