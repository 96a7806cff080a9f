"""The shapes of saved searches and watched companies at the Api: what is sent, what comes back.

The fields are declared once in :mod:`jobscraper.saved_fields`; here what the Api adds (ids,
timestamps, what a company's URL turned out to be). Edits (``SavedSearchUpdate``,
``CompanyUpdate``) carry only what was given; :mod:`.saved` applies them and validates the result
with the config's own models, so a rule lives in one place. They list every editable field,
optional: ``tests/unit/test_saved_fields.py`` holds them to the bases.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jobscraper.saved_fields import CompanyFields, LastResult, SearchFields, limited
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

LAST_RESULT_FIELDS: tuple[str, ...] = tuple(LastResult.model_fields)
# a response always carries every field: the OpenAPI schema says so, defaults or not
_OUT = ConfigDict(json_schema_serialization_defaults_required=True)


class _Id(BaseModel):
    id: int


class _SearchFields(SearchFields, _Id):
    created_at: datetime
    updated_at: datetime


class SavedSearchPublic(LastResult, _SearchFields):
    """A saved search as the Api shows it."""

    model_config = _OUT


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


class _CompanyFields(CompanyFields, _Id):
    detected: Detected = Field(description="what the URL is: an ATS board, or `html` (a career page)")
    board_url: str | None = Field(description="the ATS board's public page; None for a career page")
    jobs: int = Field(description="its live (not archived) jobs")
    created_at: datetime
    updated_at: datetime | None


class CompanyPublic(LastResult, _CompanyFields):
    """A watched company as the Api shows it."""

    model_config = _OUT


@limited(url=Field(min_length=1))
class CompanyCreate(CompanyFields):
    """Watch a company: a career page or ATS board URL; the name is derived from it when missing."""

    model_config = ConfigDict(extra="forbid")

    # optional here only: create_company derives a missing one from the URL
    name: str | None = Field(  # type: ignore[assignment]
        None, description="default: the board's token or the site's name"
    )


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
