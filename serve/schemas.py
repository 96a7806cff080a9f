"""The Api's request and response bodies (the OpenAPI schema at ``/docs`` is built from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from actors.runs import Event, ExtractionProgress, SourceState
from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.extraction import SCHEMA_VERSION, ExtractionInput, ExtractionResult

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


class RunSummary(BaseModel):
    """A run as the history lists it (the database's record, live figures while it runs)."""

    id: int
    kind: str
    status: str
    started_at: datetime
    finished_at: datetime | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list)
    live: bool = Field(False, description="the coordinator holds its progress (sources, events)")


class RunDetail(RunSummary):
    """A progress snapshot: per-source state and the extraction pass (while the coordinator knows it)."""

    sources: list[SourceState] = Field(default_factory=list)
    extraction: ExtractionProgress | None = None
    archived: int = 0
    last_event: int = Field(0, description="the newest event's number: poll /events?after= from it")
    events: list[Event] = Field(
        default_factory=list, description="with ?events_after=N: the run's events after number N"
    )


class EventPage(BaseModel):
    run_id: int
    events: list[Event]
    live: bool
    status: str


def run_summary(row: dict[str, Any], *, live: bool = False) -> RunSummary:
    return RunSummary.model_validate({**row, "live": live})
