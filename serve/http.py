"""The HTTP API: routes, error mapping and the token check, built per replica by :func:`create_api`.

Routes (OpenAPI docs at ``/docs``):

- ``GET /healthz`` (and ``/api/health``): status, version, and ``demo`` (the bundled demo board
  stands in for the job boards);
- jobs: ``GET /api/jobs`` (query by words and meaning — ``meaning=false``: words only —, filters,
  sort, page; each job with ``fit``, ``fit_reasons`` and ``fit_sunk`` for the active profile,
  ``sort=fit`` best fit first: :mod:`serve.job_fit`),
  ``GET /api/jobs/{id}`` (with its fit), ``GET /api/jobs/{id}/similar?limit=10`` (the jobs closest
  in meaning, each with ``similarity``; 409 while the job has no embedding),
  ``PATCH /api/jobs/{id}`` (favorite, status, notes, hidden, applied_at, follow_up_at);
- ``POST /api/jobs/bulk`` (one change to many jobs: :mod:`serve.bulk_routes`); the list's
  ``first_seen_after``/``run`` filters give what is new (:mod:`jobscraper.store.search_new`);
- ``GET /api/jobs/sources``: the sources of the visible jobs with their counts, the ``source``
  filter's values (:mod:`serve.job_facet_routes`);
- pipeline (:mod:`serve.pipeline_routes`): ``GET /api/pipeline`` (the board), ``GET /api/jobs/due``;
- the company blocklist (:mod:`serve.blocklist_routes`): ``GET/POST /api/blocklist``,
  ``DELETE /api/blocklist/{id}``; a blocked company's jobs are in no list, search, match or stats;
- alert channels (:mod:`serve.alerts_routes`): ``GET/POST /api/alerts/channels`` (URLs masked; a
  channel's hosts pass the URL policy), ``DELETE /api/alerts/channels/{id}``, ``POST …/{id}/test``;
- saved searches: ``GET /api/searches``, ``POST /api/searches`` (201), ``GET /api/searches/{id}``,
  ``PATCH /api/searches/{id}``, ``DELETE /api/searches/{id}`` (204);
- watched companies: ``GET /api/companies``, ``POST /api/companies`` (201; the name is derived
  from the URL when missing), ``GET /api/companies/detect?url=`` (what a URL is, saving nothing),
  ``GET /api/companies/{id}``, ``PATCH /api/companies/{id}``, ``DELETE /api/companies/{id}`` (204:
  stops watching; its jobs stay);
- runs (``searches``/``companies`` name saved ones, ``all_saved`` takes every enabled one):
  ``POST /api/runs``, ``GET /api/runs``, ``GET /api/runs/{id}`` (progress snapshot),
  ``GET /api/runs/{id}/events?after=N``, ``DELETE /api/runs/{id}`` (cancel);
- profiles (:mod:`serve.profile_routes`): ``GET/PUT /api/profile``, ``GET /api/profiles``,
  ``GET/DELETE /api/profiles/{name}``, ``POST /api/profiles/{name}/activate``, and ``GET /api/match``
  (the jobs that fit the active profile best, with ``fit`` and ``fit_reasons``);
- ``GET /api/stats``; extraction: ``POST /api/extract``, ``GET /api/extract/stats``.

Errors are JSON ``{"detail": ...}``: an unknown id is 404, a body or query that does not validate
is 422 naming the fields, a name already taken is 409, a request the data forbids is 422 with a
sentence — user input never causes a 500. A run asked for entries a live run is scraping is 409
with that run's id (``run_id``). When a token is configured (the API listens beyond loopback),
every request but ``/healthz`` must carry ``Authorization: Bearer <token>``.

Before any route (:mod:`serve.guards`): a Host the API is not meant to be reached by is 400 (DNS
rebinding), a body over ``serve.max_body_mb`` is 413, a JSON body with a lone surrogate is 422.
URLs to scrape that arrive here (companies, ``detect``, an ad-hoc company in a run) must pass the
URL policy (:mod:`jobscraper.urlpolicy`) or are 422; the check resolves names but never connects,
so no answer tells an open port from a closed one. ``/healthz`` says "degraded" (503) with the
reason when the backend's start-up failed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from jobscraper import __version__
from jobscraper.config import SavedSearch
from jobscraper.errors import Conflict, InputError, NotFound, StoreError
from jobscraper.matching.shapes import FitJob, FitPage, SimilarJob
from jobscraper.matching.similar import MAX_SIMILAR
from jobscraper.store import UserUpdate
from jobscraper.store.saved_shapes import (
    CompanyCreate,
    CompanyDetection,
    CompanyPublic,
    CompanyUpdate,
    SavedSearchPublic,
    SavedSearchUpdate,
)
from jobscraper.store.stats import JobStats
from jobscraper.urlpolicy import UrlPolicy, UrlRefused
from serve.alerts_routes import add_alert_routes
from serve.backend import ApiBackend, RunInProgress
from serve.blocklist_routes import add_blocklist_routes
from serve.bulk_routes import add_bulk_routes
from serve.guards import LOOPBACK_HOSTS, BodyLimit, CheckedRoute, HostGuard
from serve.job_facet_routes import add_job_facet_routes
from serve.job_fit import ListQuery
from serve.pipeline_routes import add_pipeline_routes
from serve.profile_routes import add_profile_routes
from serve.schemas import EventPage, ExtractRequest, ExtractResponse, RunDetail, RunRequest, RunSummary
from serve.token_guard import TokenGuard

__all__ = ["OPEN_PATHS", "create_api"]

OPEN_PATHS = ("/healthz",)
JobId = Annotated[int, Path(ge=1, le=2**62)]
RunId = Annotated[int, Path(ge=1, le=2**62)]
SearchId = Annotated[int, Path(ge=1, le=2**62)]
CompanyId = Annotated[int, Path(ge=1, le=2**62)]
_MAX_OFFSET = 2**62  # SQLite's OFFSET is a signed 64-bit integer
MAX_BODY_BYTES = 1024 * 1024


def create_api(
    backend: ApiBackend,
    router: Any,
    *,
    token: str | None = None,
    allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
    url_policy: UrlPolicy | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The FastAPI app of one Api replica (``router``: the ExtractionRouter's handle).

    ``allowed_hosts``: the Host names answered (:func:`serve.guards.api_hosts` of the settings);
    ``url_policy``: what URLs to scrape must pass (default: the strict one, no private addresses);
    ``max_body_bytes``: the largest request body read.
    """
    policy = url_policy or UrlPolicy()
    api = FastAPI(title="jobscraper", version=__version__, docs_url="/docs", openapi_url="/openapi.json")
    api.router.route_class = CheckedRoute
    api.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    api.add_middleware(HostGuard, allowed=allowed_hosts)
    api.add_middleware(TokenGuard, token=token, open_paths=OPEN_PATHS)  # added last: runs first

    @api.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, 404)

    @api.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": f"the job database is not available: {exc}"}, 503)

    @api.exception_handler(InputError)
    async def _bad_input(_: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, 422)

    @api.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        if isinstance(exc, RunInProgress):
            return JSONResponse({"detail": str(exc), "run_id": exc.run_id}, 409)
        return JSONResponse({"detail": str(exc)}, 409)

    @api.exception_handler(UrlRefused)
    async def _refused(_: Request, exc: UrlRefused) -> JSONResponse:
        return JSONResponse({"detail": f"URL refused: {exc.reason}"}, 422)

    @api.get("/healthz")
    @api.get("/api/health")
    async def health() -> JSONResponse:
        failure = getattr(backend, "failure", None)
        status = {"status": "degraded", "reason": failure} if failure else {"status": "ok"}
        return JSONResponse({**status, "version": __version__, "demo": backend.demo}, 503 if failure else 200)

    # ------------------------------------------------------------------ jobs
    add_pipeline_routes(api, backend)  # first: /api/jobs/due before /api/jobs/{job_id}
    add_job_facet_routes(api, backend)  # first: /api/jobs/sources before /api/jobs/{job_id}

    @api.get("/api/jobs")
    async def list_jobs(query: Annotated[ListQuery, Query()]) -> FitPage:
        """One page of jobs: full-text ``q`` (by words and meaning unless ``meaning=false``), filters,
        ``sort``/``descending``, ``page``/``per_page``; each with its fit for the active profile.
        ``sort=fit``: best fit first (``descending`` is not read), 409 without an active profile with
        a résumé."""
        if (query.page - 1) * query.per_page > _MAX_OFFSET:
            raise InputError(
                f"page {query.page} is beyond any page there can be (at most {_MAX_OFFSET} jobs)"
            )
        return await backend.jobs(query)

    @api.get("/api/jobs/{job_id}")
    async def read_job(job_id: JobId) -> FitJob:
        """The job with its sources and its fit (with the reasons) for the active profile."""
        return await backend.job(job_id)

    @api.get("/api/jobs/{job_id}/similar")
    async def similar_jobs(
        job_id: JobId, limit: Annotated[int, Query(ge=1, le=MAX_SIMILAR)] = 10
    ) -> list[SimilarJob]:
        """The visible jobs closest in meaning to this one, best first, each with ``similarity``
        (cosine); 409 while the job has no embedding, 503 when the model cannot be loaded."""
        found: list[SimilarJob] = await backend.similar_jobs(job_id, limit)
        return found

    @api.patch("/api/jobs/{job_id}")
    async def edit_job(job_id: JobId, change: UserUpdate) -> FitJob:
        """Change what the user owns; fields not given stay as they are (``applied_at: null`` clears)."""
        return await backend.update_job(job_id, change)

    @api.get("/api/stats")
    async def stats(days: Annotated[int, Query(ge=1, le=3650)] = 30) -> JobStats:
        return await backend.stats(days)

    # -------------------------------------------------------------- searches
    @api.get("/api/searches")
    async def list_searches() -> list[SavedSearchPublic]:
        """Every saved search, by name, with the outcome of its last run."""
        return await backend.searches()

    @api.post("/api/searches", status_code=201)
    async def create_search(body: SavedSearch) -> SavedSearchPublic:
        return await backend.create_search(body)

    @api.get("/api/searches/{search_id}")
    async def read_search(search_id: SearchId) -> SavedSearchPublic:
        return await backend.search(search_id)

    @api.patch("/api/searches/{search_id}")
    async def edit_search(search_id: SearchId, change: SavedSearchUpdate) -> SavedSearchPublic:
        """Change the fields given; ``null`` clears an optional one."""
        return await backend.update_search(search_id, change)

    @api.delete("/api/searches/{search_id}", status_code=204)
    async def delete_search(search_id: SearchId) -> Response:
        await backend.delete_search(search_id)
        return Response(status_code=204)

    # ------------------------------------------------------------- companies
    @api.get("/api/companies")
    async def list_companies() -> list[CompanyPublic]:
        """Every watched company, by name, with its live jobs and the outcome of its last run."""
        return await backend.companies()

    @api.post("/api/companies", status_code=201)
    async def create_company(body: CompanyCreate) -> CompanyPublic:
        """Watch a company; an employer already known from jobs by that name becomes watched."""
        await policy.check(body.url)
        return await backend.create_company(body)

    @api.get("/api/companies/detect")
    async def detect_company(url: Annotated[str, Query(min_length=1, max_length=4096)]) -> CompanyDetection:
        """What a URL is (an ATS board or a career page) and a suggested name; nothing is saved."""
        await policy.check(url)
        return await backend.detect_company(url)

    @api.get("/api/companies/{company_id}")
    async def read_company(company_id: CompanyId) -> CompanyPublic:
        return await backend.company(company_id)

    @api.patch("/api/companies/{company_id}")
    async def edit_company(company_id: CompanyId, change: CompanyUpdate) -> CompanyPublic:
        if change.url is not None:
            await policy.check(change.url)
        return await backend.update_company(company_id, change)

    @api.delete("/api/companies/{company_id}", status_code=204)
    async def delete_company(company_id: CompanyId) -> Response:
        """Stop watching the company; its jobs stay."""
        await backend.delete_company(company_id)
        return Response(status_code=204)

    add_profile_routes(api, backend)
    add_blocklist_routes(api, backend)
    add_alert_routes(api, backend, policy)
    add_bulk_routes(api, backend)

    # ------------------------------------------------------------------ runs
    @api.post("/api/runs", status_code=201)
    async def start_run(body: RunRequest) -> RunDetail:
        """Start a run; 409 with ``run_id`` when a live run already scrapes the same entries."""
        if body.company is not None:
            await policy.check(body.company.url)
        return await backend.start_run(body)

    @api.get("/api/runs")
    async def list_runs(limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[RunSummary]:
        return await backend.runs(limit)

    @api.get("/api/runs/{run_id}")
    async def read_run(
        run_id: RunId,
        events_after: Annotated[int | None, Query(ge=0)] = None,
        wait_s: Annotated[float, Query(ge=0, le=30)] = 0.0,
    ) -> RunDetail:
        """The progress snapshot; ``events_after=N`` adds the events after N (one request per poll),
        and ``wait_s`` makes it a long poll: a live run answers at its next event or after T s."""
        return await backend.run(run_id, events_after, wait_s)

    @api.get("/api/runs/{run_id}/events")
    async def run_events(run_id: RunId, after: Annotated[int, Query(ge=0)] = 0) -> EventPage:
        return await backend.events(run_id, after)

    @api.delete("/api/runs/{run_id}")
    async def cancel_run(run_id: RunId) -> RunDetail:
        return await backend.cancel(run_id)

    # ------------------------------------------------------------ extraction
    @api.post("/api/extract")
    async def extract(body: ExtractRequest) -> ExtractResponse:
        """JobDetails for each posting; each result names the pool that answered it."""
        return ExtractResponse(results=await router.extract.remote(body.postings))

    @api.get("/api/extract/stats")
    async def extract_stats() -> dict[str, Any]:
        answer: dict[str, Any] = await router.stats.remote()
        return answer

    return api
