"""The company blocklist routes of the HTTP API (issue 17, item 2), added by :func:`add_blocklist_routes`.

- ``GET /api/blocklist``: every rule (``id``, ``kind``, ``value`` as written, ``match`` as compared);
- ``POST /api/blocklist`` (body :class:`~jobscraper.blocklist.BlockInput`: ``value`` and an optional
  ``kind`` — name, domain or pattern, guessed when left out): 201 with the rule; 409 when an equal
  rule is there; 422 with a sentence when the value cannot be a rule;
- ``DELETE /api/blocklist/{id}``: 204; the company's jobs show again.

Reads go through the backend's read-only database, writes through its writer client, as every
other route's. A blocked job leaves every list, search, match, the stats and the alerts
(:func:`jobscraper.store.blocklist.not_blocked`); ``GET /api/jobs/{id}`` still answers, with
``blocked: true``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Path, Response

from jobscraper.blocklist import BlockedPublic, BlockInput
from jobscraper.store.blocklist_rows import list_blocks

__all__ = ["add_blocklist_routes"]

BlockId = Annotated[int, Path(ge=1, le=2**62)]


def add_blocklist_routes(api: FastAPI, backend: Any) -> None:
    """Add the blocklist routes to ``api``; ``backend`` is the :class:`~serve.backend.ApiBackend`
    (its ``_read`` and ``_writes``, as the profile mixin uses them)."""

    @api.get("/api/blocklist")
    async def list_blocklist() -> list[BlockedPublic]:
        """Every blocklist rule, by kind and value."""
        found: list[BlockedPublic] = await backend._read(list_blocks)
        return found

    @api.post("/api/blocklist", status_code=201)
    async def add_to_blocklist(body: BlockInput) -> BlockedPublic:
        """Block a company by name, domain or glob pattern; its jobs leave every list at once."""
        writer = await backend._writes()
        stored: BlockedPublic = await writer.add_block(body.value, body.kind)
        return stored

    @api.delete("/api/blocklist/{block_id}", status_code=204)
    async def remove_from_blocklist(block_id: BlockId) -> Response:
        """Remove a rule; the jobs it blocked show again."""
        writer = await backend._writes()
        await writer.remove_block(block_id)
        return Response(status_code=204)
