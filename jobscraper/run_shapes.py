"""What a scrape run reports, as the Api serves it: per-source state, the extraction pass, the
event log, and the run as the history lists it or as a progress snapshot.

Plain pydantic with no Ray: the coordinator (``actors``) fills them in, the Api (``serve``) answers
with them, and the web UI's client (``jobscraper_ui.client``) validates the Api's answers against
the very same classes — which it may only do because they live in the core (the UI never imports
``actors`` or ``serve``). ``actors.runs`` and ``serve.schemas`` re-export them under their old names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = [
    "EmbeddingProgress",
    "Event",
    "EventPage",
    "ExtractionProgress",
    "RunDetail",
    "RunSummary",
    "SourceState",
    "SourceStatus",
    "SourceVerdict",
]

SourceStatus = Literal["queued", "running", "done", "failed", "blocked", "skipped", "cancelled"]
SourceVerdict = Literal["ok", "empty", "partial", "rate_limited", "blocked", "failed"]
"""What a finished source gave, in one word, so that no source reads as a silent 0: ``empty`` (it
answered, nothing matched), ``partial`` (rows, then a failure), ``rate_limited``, ``blocked``,
``failed``, or ``ok`` (see :func:`jobscraper.sources.site_result.verdict_for`)."""


class SourceState(BaseModel):
    key: str
    label: str
    kind: str
    status: SourceStatus = "queued"
    found: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    needs_extraction: int = 0
    pages: int = 0
    errors: list[str] = Field(default_factory=list)
    warnings: int = 0
    verdict: SourceVerdict | None = Field(None, description="once finished: ok | empty | partial | …")
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def shown_status(self) -> str:
        """The status with the verdict where it says more: "done: empty", "blocked: partial"."""
        if self.verdict in (None, "ok", self.status):
            return self.status
        return f"{self.status}: {self.verdict.replace('_', ' ')}"


class ExtractionProgress(BaseModel):
    """The run's extraction pass: jobs that needed it, sent, stored, failed, left for later."""

    status: Literal["waiting", "running", "done", "unavailable", "failed", "off", "cancelled"] = "waiting"
    via: str = ""  # where extraction runs: the service, an in-process engine, or why it does not
    sent: int = 0
    extracted: int = 0
    failed: int = 0  # a per-posting error was recorded (bad model output after one repair)
    deferred: int = 0  # the engine could not be reached, or the job changed meanwhile: pending
    pools: dict[str, int] = Field(default_factory=dict)  # postings answered per pool
    error: str | None = None


class EmbeddingProgress(BaseModel):
    """The run's embedding pass (matching vectors of new and changed jobs): how many were stored."""

    status: Literal["waiting", "running", "done", "unavailable", "failed", "off", "cancelled"] = "waiting"
    via: str = ""  # the model and where it runs, or why the pass does not run
    embedded: int = 0
    changed: int = 0  # the job changed while it was embedded: left pending for the final pass
    error: str | None = None


class Event(BaseModel):
    """One line of a run's append-only event log (read by cursor: ``events(run_id, after=n)``)."""

    n: int
    at: datetime
    source: str | None
    type: str  # run_started | source_started | source_done | source_failed | written | run_done …
    message: str
    data: dict[str, Any] = Field(default_factory=dict)


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
    embedding: EmbeddingProgress | None = None
    archived: int = 0
    closed: int = Field(0, description="jobs its liveness pass closed (two failed checks in a row)")
    last_event: int = Field(0, description="the newest event's number: poll /events?after= from it")
    events: list[Event] = Field(
        default_factory=list,
        description="with ?events_after=N: the run's events after number N; POST /api/runs: those so far",
    )


class EventPage(BaseModel):
    run_id: int
    events: list[Event]
    live: bool
    status: str
