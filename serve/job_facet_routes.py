"""The Jobs page's facet route (issue 17, item 8), added to the app by :func:`create_api`.

- ``GET /api/jobs/sources``: every source jobs were seen on — boards, ATS kinds, career pages'
  hosts, and ``company`` (all the companies' own pages) — each with its number of visible jobs
  (:mod:`jobscraper.store.search_facets`). Each ``name`` is a value ``GET /api/jobs?source=`` takes.

Added before ``GET /api/jobs/{id}``, which would otherwise take ``sources`` for an id.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from jobscraper.store.search_facets import SourceFacet, source_facets

__all__ = ["add_job_facet_routes"]


def add_job_facet_routes(api: FastAPI, backend: Any) -> None:
    """Add the facet route to ``api``; ``backend`` is the :class:`~serve.backend.ApiBackend` whose
    read-only database it reads (through its ``_read``, which waits for start-up)."""

    @api.get("/api/jobs/sources")
    async def job_sources() -> list[SourceFacet]:
        """The sources of the visible jobs, boards first, each with its number of jobs."""
        found: list[SourceFacet] = await backend._read(source_facets)
        return found
