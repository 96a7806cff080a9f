"""The pipeline routes of the HTTP API (issue 17, item 1), added to the app by :func:`create_api`.

- ``GET /api/pipeline``: the board — one column per status in funnel order, each with its
  cards (id, title, company, status, applied and follow-up dates, closed, overdue) and ``total``;
  the *new* column holds only starred jobs (:mod:`jobscraper.store.pipeline`);
- ``GET /api/jobs/due``: the follow-ups due (follow-up date today or earlier), oldest first.

Both take ``today`` (``YYYY-MM-DD``; default: the server's local date), so a client in another time
zone asks for its own day. Cards move with ``PATCH /api/jobs/{id}`` (``status``, ``follow_up_at``).
These routes are added before ``GET /api/jobs/{id}``, which would otherwise take ``due`` for an id.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import FastAPI, Query

from jobscraper.store.pipeline import due_follow_ups, pipeline_board
from jobscraper.store.pipeline_shapes import PipelineBoard, PipelineCard

__all__ = ["add_pipeline_routes"]

Today = Annotated[date | None, Query(description="the day to count from (default: the server's today)")]


def add_pipeline_routes(api: FastAPI, backend: Any) -> None:
    """Add the pipeline routes to ``api``; ``backend`` is the :class:`~serve.backend.ApiBackend`
    whose read-only database they read (through its ``_read``, which waits for start-up)."""

    @api.get("/api/pipeline")
    async def read_pipeline(today: Today = None) -> PipelineBoard:
        """The pipeline board: every status's column with its cards."""
        board: PipelineBoard = await backend._read(pipeline_board, today or date.today())
        return board

    @api.get("/api/jobs/due")
    async def read_due(today: Today = None) -> list[PipelineCard]:
        """The jobs whose follow-up is due, oldest first (hidden, archived and closed ones left out)."""
        due: list[PipelineCard] = await backend._read(due_follow_ups, today or date.today())
        return due
