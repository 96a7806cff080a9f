"""The profile routes of the HTTP API (issue 15, item 1), added to the app by :func:`create_api`.

- ``GET /api/profile``: the active profile; 404 saying how to make one while there is none;
- ``PUT /api/profile``: create or change a profile (body :class:`ProfileInput`; ``name`` left out
  names the active one, else ``default``; only the fields the body holds change; ``activate``);
- ``GET /api/profiles``: every profile, the active one first; ``GET /api/profiles/{name}``;
- ``GET /api/match?limit=50&…`` (the filters of ``GET /api/jobs``): the jobs that fit the active
  profile best, each with ``fit`` (0–100) and ``fit_reasons`` (:mod:`serve.profile_match`); 404
  without a profile, 409 when it has no résumé, 503 when the embedding model cannot be loaded;
  ``rerank=true`` has the LLM rescore the best of them (409 while ``matching.rerank.enabled`` is
  false, 503 when no LLM service is deployed; the counts in ``X-Rerank-Asked``/``-Answered``/``-Failed``);
- ``POST /api/profiles/{name}/activate``; ``DELETE /api/profiles/{name}`` (204; deleting the active
  one activates the most recently changed of the rest).

The answers are :class:`ProfilePublic`, with the résumé's ``suggestions`` kept apart from the
preferences (offered to confirm, never applied). The work is :class:`serve.profile_backend.ProfileBackend`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from jobscraper.matching.profile import MAX_NAME, ProfileInput, ProfilePublic
from serve.profile_match import (
    MatchingUnavailable,
    MatchQuery,
    RerankedMatch,
    RerankLLM,
    reranked_matches,
)

__all__ = ["add_profile_routes"]

ProfileName = Annotated[str, Path(min_length=1, max_length=MAX_NAME)]


def add_profile_routes(api: FastAPI, backend: Any, router: Any = None) -> None:
    """Add the profile routes to ``api``; ``backend`` is a :class:`~serve.profile_backend.ProfileBackend`,
    ``router`` the ExtractionRouter's handle the LLM re-rank asks (None: looked up when first needed)."""
    llm = RerankLLM(router)

    @api.get("/api/profile")
    async def read_active_profile() -> ProfilePublic:
        """The active profile (the one jobs are matched against)."""
        found: ProfilePublic = await backend.active_profile()
        return found

    @api.put("/api/profile")
    async def put_profile(body: ProfileInput) -> ProfilePublic:
        """Create or change a profile: fields left out keep their value, ``null``/``[]`` clears one."""
        stored: ProfilePublic = await backend.put_profile(body)
        return stored

    @api.get("/api/profiles")
    async def list_profiles() -> list[ProfilePublic]:
        """Every profile, the active one first, then by name."""
        found: list[ProfilePublic] = await backend.profiles()
        return found

    @api.get("/api/profiles/{name}")
    async def read_profile(name: ProfileName) -> ProfilePublic:
        found: ProfilePublic = await backend.profile(name)
        return found

    @api.post("/api/profiles/{name}/activate")
    async def activate_profile(name: ProfileName) -> ProfilePublic:
        """Make ``name`` the profile jobs are matched against."""
        stored: ProfilePublic = await backend.activate_profile(name)
        return stored

    @api.delete("/api/profiles/{name}", status_code=204)
    async def delete_profile(name: ProfileName) -> Response:
        await backend.delete_profile(name)
        return Response(status_code=204)

    @api.get("/api/match")
    async def match(query: Annotated[MatchQuery, Query()], response: Response) -> list[RerankedMatch]:
        """The jobs that fit the active profile best, best first, each with its fit and reasons;
        ``rerank=true``: the best of them rescored by the LLM (``fit`` blends both, the rest is kept)."""
        generate = llm.generate_for(backend.settings) if query.rerank else None  # refused before ranking
        found = await backend.match(query)
        if generate is None:
            return [RerankedMatch.model_validate(job.model_dump()) for job in found]
        profile = await backend.active_profile()
        jobs, outcome = await reranked_matches(found, profile, backend.settings.matching.rerank, generate)
        response.headers["X-Rerank-Asked"] = str(outcome.asked)
        response.headers["X-Rerank-Answered"] = str(outcome.answered)
        response.headers["X-Rerank-Failed"] = str(outcome.failed)
        return jobs

    @api.exception_handler(MatchingUnavailable)
    async def _unavailable(_: Request, exc: MatchingUnavailable) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, 503)
