"""The Jobs page's bulk edit on the HTTP API (issue 17, item 4), added to the app by
:func:`create_api`:

- ``POST /api/jobs/bulk`` with ``{"ids": [...], "change": {...}}``: the change (the fields of
  ``PATCH /api/jobs/{id}``: favorite, status, notes, hidden, applied_at, …) applied to every job
  named, at most :data:`~jobscraper.store.bulk_edits.MAX_BULK` of them, in one writer call and one
  transaction. The answer names the jobs changed (``updated``) and the ids that named no job
  (``missing``); an empty or too long list, or an unknown field, is a 422.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from jobscraper.store.bulk_edits import BulkEdit, BulkOutcome

__all__ = ["add_bulk_routes"]


def add_bulk_routes(api: FastAPI, backend: Any) -> None:
    """Add the bulk routes to ``api``; ``backend`` is the :class:`~serve.backend.ApiBackend`."""

    @api.post("/api/jobs/bulk")
    async def bulk_edit(body: BulkEdit) -> BulkOutcome:
        """Apply one change to many jobs at once; ``missing`` lists the ids that named no job."""
        outcome: BulkOutcome = await backend.update_jobs(body.ids, body.change)
        return outcome
