"""The Api's request and response bodies (the OpenAPI schema at ``/docs`` is built from these).

The run shapes it answers with (``RunSummary``, ``RunDetail``, ``EventPage``) live in the core,
:mod:`jobscraper.run_shapes`, so the web UI's client validates against them too; re-exported here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.extraction import SCHEMA_VERSION, ExtractionInput, ExtractionResult
from jobscraper.run_shapes import EventPage, RunDetail, RunSummary

__all__ = [
    "EventPage",
    "ExtractRequest",
    "ExtractResponse",
    "RunDetail",
    "RunRequest",
    "RunSummary",
    "run_summary",
]


class ExtractRequest(BaseModel):
    postings: list[ExtractionInput] = Field(min_length=1, max_length=500)


class ExtractResponse(BaseModel):
    schema_version: int = SCHEMA_VERSION
    results: list[ExtractionResult]


class RunRequest(BaseModel):
    """What to scrape: saved searches and companies by name, every enabled saved one, or ad hoc."""

    model_config = ConfigDict(extra="forbid")

    searches: list[str] = Field(
        default_factory=list, description="names of saved searches (GET /api/searches)"
    )
    companies: list[str] = Field(
        default_factory=list, description="names of watched companies (GET /api/companies)"
    )
    all_saved: bool = Field(False, description="every enabled saved search and watched company")
    search: SavedSearch | None = Field(None, description="an ad-hoc search")
    company: CompanyConfig | None = Field(None, description="an ad-hoc company (career page or ATS URL)")
    archive_missing: bool = True

    @model_validator(mode="after")
    def _something(self) -> RunRequest:
        if not (self.searches or self.companies or self.all_saved or self.search or self.company):
            raise ValueError("nothing to scrape: give searches, companies, all_saved, search or company")
        return self


def run_summary(row: dict[str, Any], *, live: bool = False) -> RunSummary:
    return RunSummary.model_validate({**row, "live": live})
