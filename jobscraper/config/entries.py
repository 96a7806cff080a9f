"""What a run scrapes: saved job-board searches and watched companies (the config file's
``searches`` and ``companies``, also stored in the database).

Their fields are declared once in :mod:`jobscraper.saved_fields`; here the checks a config entry
(or an Api body) must pass: the limits, printable names, known sites, http(s) URLs."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from jobscraper.config.checks import NAME_MAX, URL_MAX, YEAR_S, Section, no_control
from jobscraper.config.checks import url as url_check
from jobscraper.saved_fields import CompanyFields, SearchFields, limited
from jobscraper.vocabulary import JOBSPY_SITES, country_problem, site_problem

# JOBSPY_SITES is re-exported for its older importers; it lives in jobscraper.vocabulary
__all__ = ["JOBSPY_SITES", "CompanyConfig", "SavedSearch"]

# shared by saved searches and watched companies: how often the scheduler may start a run of one
_INTERVAL = Field(ge=1, le=YEAR_S)


@limited(
    name=Field(min_length=1, max_length=NAME_MAX),
    term=Field(min_length=1, max_length=500),
    location=Field(max_length=NAME_MAX),
    distance_miles=Field(ge=0, le=20_000),
    hours_old=Field(ge=1, le=24 * 3660),
    results_wanted=Field(ge=1, le=1000),
    country=Field(max_length=64),
    interval_s=_INTERVAL,
)
class SavedSearch(Section, SearchFields):
    """A job-board search run through python-jobspy."""

    @field_validator("name", "term", "location", "country")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        return None if value is None else no_control(value)

    @field_validator("sites")
    @classmethod
    def _known_sites(cls, sites: list[str]) -> list[str]:
        problems = [p for p in map(site_problem, sites) if p is not None]
        if problems:  # one line: an unknown site lists the known ones, google says why it is out
            raise ValueError("; ".join(problems))
        if not sites:
            raise ValueError("at least one site is required")
        return sites

    @model_validator(mode="after")
    def _country_for_the_sites(self) -> SavedSearch:
        """Indeed and Glassdoor search one country each: one they know (Glassdoor: fewer)."""
        problem = country_problem(self.sites, self.country)
        if problem is not None:
            raise ValueError(problem)
        return self


@limited(
    name=Field(min_length=1, max_length=NAME_MAX),
    url=Field(min_length=1, max_length=URL_MAX),
    interval_s=_INTERVAL,
)
class CompanyConfig(Section, CompanyFields):
    """A company whose career page or ATS board is scraped directly."""

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
