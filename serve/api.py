"""Api: the FastAPI ingress of the ``jobscraper`` Serve application (``/api/...``).

For now it exposes the extraction service; the jobs, runs and progress endpoints of the web UI
join it here.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field
from ray import serve

from jobscraper import __version__
from jobscraper.extraction import SCHEMA_VERSION, ExtractionInput, ExtractionResult

__all__ = ["Api", "ExtractRequest", "ExtractResponse", "api"]

api = FastAPI(title="jobscraper", version=__version__, docs_url="/api/docs", openapi_url="/api/openapi.json")


class ExtractRequest(BaseModel):
    postings: list[ExtractionInput] = Field(min_length=1, max_length=500)


class ExtractResponse(BaseModel):
    schema_version: int = SCHEMA_VERSION
    results: list[ExtractionResult]


@serve.deployment(ray_actor_options={"num_cpus": 0})
@serve.ingress(api)
class Api:
    def __init__(self, router: Any) -> None:
        self._router = router

    @api.get("/api/health")
    async def health(self) -> dict[str, Any]:
        return {"status": "ok", "version": __version__}

    @api.post("/api/extract")
    async def extract(self, body: ExtractRequest) -> ExtractResponse:
        """JobDetails for each posting; each result names the pool that answered it."""
        results = await self._router.extract.remote(body.postings)
        return ExtractResponse(results=results)

    @api.get("/api/extract/stats")
    async def extract_stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = await self._router.stats.remote()
        return stats
