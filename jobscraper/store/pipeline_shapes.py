"""The pipeline's shapes (:mod:`jobscraper.store.pipeline`): the Api answers with them and the UI's
client validates into them; plain pydantic, so the UI imports them without the database code."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from jobscraper.vocabulary import JobStatus

__all__ = ["PipelineBoard", "PipelineCard", "PipelineColumn"]


class PipelineCard(BaseModel):
    """One job on the board or in the due list: what a compact card shows."""

    id: int
    title: str
    company: str | None = None
    status: JobStatus
    favorite: bool
    applied_at: datetime | None = None
    follow_up_at: date | None = None
    closed: bool = Field(description="archived, or found closed by the liveness checks")
    overdue: bool = Field(description="its follow-up date is before today")


class PipelineColumn(BaseModel):
    """The cards of one status, and how many jobs have it (``total`` may exceed the cards shown)."""

    status: JobStatus
    total: int
    cards: list[PipelineCard]


class PipelineBoard(BaseModel):
    """Every status's column, in funnel order, as of ``today``."""

    today: date
    columns: list[PipelineColumn]
