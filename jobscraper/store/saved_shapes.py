"""The shapes of saved searches and watched companies at the Api: what is sent, what comes back.

Edits (``SavedSearchUpdate``, ``CompanyUpdate``) carry only what was given; :mod:`.saved` applies
them and validates the result with the config's own models, so a rule lives in one place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jobscraper.vocabulary import AtsChoice, Detected, JobType

__all__ = [
    "LAST_RESULT_FIELDS",
    "AtsChoice",
    "CompanyCreate",
    "CompanyDetection",
    "CompanyPublic",
    "CompanyUpdate",
    "Detected",
    "LastResult",
    "SavedSearchPublic",
    "SavedSearchUpdate",
    "SeedCounts",
    "SourceOutcome",
]


class LastResult(BaseModel):
    """The outcome of the last run that scraped it; all None until one has."""

    last_run_id: int | None = None
    last_run_at: datetime | None = None
    last_status: str | None = Field(None, description="done | failed | blocked | cancelled | …")
    last_found: int | None = Field(None, description="postings found")
    last_new: int | None = Field(None, description="jobs that were new (inserted)")
    last_error: str | None = Field(None, description="the first error, shortened")


LAST_RESULT_FIELDS: tuple[str, ...] = tuple(LastResult.model_fields)


class _SearchFields(BaseModel):
    id: int
    name: str
    term: str
    location: str | None
    sites: list[str]
    distance_miles: int | None
    is_remote: bool
    job_type: JobType | None
    hours_old: int | None
    results_wanted: int
    country: str
    enabled: bool
    interval_s: int | None = Field(None, description="scheduled every this many seconds (None: not)")
    created_at: datetime
    updated_at: datetime


class SavedSearchPublic(LastResult, _SearchFields):
    """A saved search as the Api shows it."""


class SavedSearchUpdate(BaseModel):
    """A partial edit of a saved search: only the fields given change (``null`` clears an optional
    one). The result must still be a valid :class:`~jobscraper.config.SavedSearch`."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    term: str | None = None
    location: str | None = None
    sites: list[str] | None = None
    distance_miles: int | None = None
    is_remote: bool | None = None
    job_type: JobType | None = None
    hours_old: int | None = None
    results_wanted: int | None = None
    country: str | None = None
    enabled: bool | None = None
    interval_s: int | None = None


class _CompanyFields(BaseModel):
    id: int
    name: str
    url: str
    ats: AtsChoice = Field(description="as configured; `auto` detects the board from the URL")
    detected: Detected = Field(description="what the URL is: an ATS board, or `html` (a career page)")
    board_url: str | None = Field(description="the ATS board's public page; None for a career page")
    render_js: bool
    enabled: bool
    interval_s: int | None = Field(None, description="scheduled every this many seconds (None: not)")
    jobs: int = Field(description="its live (not archived) jobs")
    created_at: datetime
    updated_at: datetime | None


class CompanyPublic(LastResult, _CompanyFields):
    """A watched company as the Api shows it."""


class CompanyCreate(BaseModel):
    """Watch a company: a career page or ATS board URL; the name is derived from it when missing."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, description="career page, ATS board URL or ATS API endpoint")
    name: str | None = Field(None, description="default: the board's token or the site's name")
    ats: AtsChoice = "auto"
    render_js: bool = Field(False, description="render with a system Chromium (slower)")
    enabled: bool = True
    interval_s: int | None = Field(None, description="scrape it every this many seconds")


class CompanyUpdate(BaseModel):
    """A partial edit of a watched company: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    url: str | None = None
    ats: AtsChoice | None = None
    render_js: bool | None = None
    enabled: bool | None = None
    interval_s: int | None = None


class CompanyDetection(BaseModel):
    """What a pasted URL is, before anything is saved."""

    url: str
    detected: Detected
    board_url: str | None
    name: str = Field(description="a suggested name")


class SeedCounts(BaseModel):
    """How many config entries one seeding copied into the database."""

    searches: int = 0
    companies: int = 0


class SourceOutcome(BaseModel):
    """How one source of a run ended, as the coordinator reports it for the last-result columns."""

    kind: Literal["search", "company"]
    name: str
    status: str
    found: int = 0
    new: int = 0
    error: str | None = None
