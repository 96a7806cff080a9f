"""The UI's typed client of the jobscraper HTTP API (the only way the UI reaches data).

One method per route the UI uses; each answer is validated into the Api's own response models
(the jobs with their fit — ``FitPage``, ``FitJob``, ``MatchedJob`` — and ``SimilarJob``,
``JobPublic``, ``SavedSearchPublic``, ``CompanyPublic``, ``JobStats``, ``ProfilePublic``, and the
run shapes of :mod:`jobscraper.run_shapes`), so a page reads attributes,
never dictionary keys, and a change of the Api's shapes shows up in mypy and in the tests rather
than as a blank page.

Errors, which :meth:`jobscraper_ui.base.BaseState.call` turns into the page's banner:

- :class:`ApiUnreachable` — nothing answers at the API's URL (the page explains how to start it);
- :class:`ApiError` — the API answered 4xx/5xx (``str()`` is its own explanation, each invalid
  field named), or answered something that is not the shape this UI expects.

The HTTP transport comes in through the constructor (``httpx.MockTransport`` in the tests, or an
ASGI transport over an app); by default it is httpx's own, one connection pool per UI process,
created on first use inside the UI backend's event loop.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from jobscraper.alerts.shapes import ChannelPublic, DeliveryPublic
from jobscraper.blocklist import BlockedPublic
from jobscraper.config import load_settings
from jobscraper.matching.profile import ProfilePublic
from jobscraper.matching.shapes import FitJob, FitPage, MatchedJob, SimilarJob
from jobscraper.run_shapes import RunDetail, RunSummary
from jobscraper.store.bulk_edits import BulkOutcome
from jobscraper.store.pipeline_shapes import PipelineBoard, PipelineCard
from jobscraper.store.saved_shapes import CompanyDetection, CompanyPublic, SavedSearchPublic
from jobscraper.store.search_facets import SourceFacet
from jobscraper.store.search_shapes import JobPublic
from jobscraper.store.stats import JobStats

__all__ = [
    "ApiClient",
    "ApiError",
    "ApiUnreachable",
    "FitJob",
    "FitPage",
    "Health",
    "MatchedJob",
    "Query",
    "SimilarJob",
    "UiConfig",
    "client",
    "ui_config",
    "use_client",
]

T = TypeVar("T")
Query = Mapping[str, str | int | float | bool | None]
"""Query parameters; a ``None`` or empty value is not sent (the API's default applies)."""
Body = Mapping[str, Any]
"""A request body as the page collected it; the API validates it and names each bad field."""


class ApiUnreachable(Exception):
    """Nothing answered at the API's URL (not started, wrong port, or it went away)."""


class ApiError(Exception):
    """The API answered with an error; ``str()`` is its explanation, meant for the user.

    ``body`` is the answer's JSON object when it was one (a 409 for a run already scraping the same
    entries may name that run there).
    """

    def __init__(self, status: int, detail: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.body = body or {}


class Health(BaseModel):
    """``GET /api/health``: whether the API's backend started, and whether it runs the demo board."""

    status: str
    version: str = ""
    demo: bool = False
    reason: str | None = None


@dataclass(frozen=True)
class UiConfig:
    api_url: str
    token: str | None
    poll_interval_s: float


def ui_config() -> UiConfig:
    """The API URL, token and poll interval from the jobscraper config (``ui`` section)."""
    settings = load_settings()
    token = os.environ.get(settings.serve.api_token_env, "").strip() or None
    return UiConfig(settings.ui.api_url.rstrip("/"), token, settings.ui.poll_interval_s)


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):  # FastAPI's validation errors: name each field
        parts = []
        for err in detail:
            loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path")]
            parts.append(f"{'.'.join(loc) or 'request'}: {err.get('msg', 'invalid')}")
        return "; ".join(parts)
    if isinstance(detail, dict):  # a structured detail: its message
        detail = detail.get("message") or detail.get("msg") or detail.get("detail")
    return str(detail) if detail else f"HTTP {response.status_code}"


def _body(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


_SEARCHES = TypeAdapter(list[SavedSearchPublic])
_COMPANIES = TypeAdapter(list[CompanyPublic])
_RUNS = TypeAdapter(list[RunSummary])
_PROFILES = TypeAdapter(list[ProfilePublic])
_MATCHED = TypeAdapter(list[MatchedJob])
_SIMILAR = TypeAdapter(list[SimilarJob])
_BLOCKLIST = TypeAdapter(list[BlockedPublic])
_DUE = TypeAdapter(list[PipelineCard])


class ApiClient:
    """The API's routes as typed methods (see the module). ``transport``: httpx's by default."""

    def __init__(self, config: UiConfig, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            headers = {"Authorization": f"Bearer {self.config.token}"} if self.config.token else {}
            self._client = httpx.AsyncClient(
                base_url=self.config.api_url,
                headers=headers,
                timeout=httpx.Timeout(15.0, connect=3.0),
                transport=self._transport,
            )
        return self._client

    async def _send(
        self, method: str, path: str, *, params: Query | None = None, json: Body | None = None
    ) -> httpx.Response:
        clean = {k: v for k, v in (params or {}).items() if v is not None and v != ""}
        try:
            response = await self._http().request(method, path, params=clean, json=json)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise ApiUnreachable(f"nothing answers at {self.config.api_url}") from exc
        except httpx.TransportError as exc:
            raise ApiUnreachable(f"{self.config.api_url}: {type(exc).__name__}") from exc
        if response.status_code >= 400:
            raise ApiError(response.status_code, _detail(response), _body(response))
        return response

    async def _typed(
        self,
        parse: Callable[[bytes], T],
        method: str,
        path: str,
        *,
        params: Query | None = None,
        json: Body | None = None,
    ) -> T:
        response = await self._send(method, path, params=params, json=json)
        try:
            return parse(response.content)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "the answer"
            raise ApiError(
                response.status_code,
                f"the API's answer to {method} {path} is not what this UI expects "
                f"({where}: {first['msg']}): are the UI and the API the same version?",
            ) from exc

    # ------------------------------------------------------------------ health
    async def health(self) -> Health:
        return await self._typed(Health.model_validate_json, "GET", "/api/health")

    # -------------------------------------------------------------------- jobs
    async def jobs(self, query: Query) -> FitPage:
        """``GET /api/jobs``: one page of jobs for the filters, sort and page in ``query``, each
        with its fit; ``sort=fit`` is a 409 :class:`ApiError` when there is no active profile."""
        return await self._typed(FitPage.model_validate_json, "GET", "/api/jobs", params=query)

    async def job(self, job_id: int | str) -> FitJob:
        return await self._typed(FitJob.model_validate_json, "GET", f"/api/jobs/{job_id}")

    async def similar(self, job_id: int | str, limit: int) -> list[SimilarJob]:
        """``GET /api/jobs/{id}/similar``: the jobs most alike in meaning, most alike first; a 409
        :class:`ApiError` when the job has no vector yet."""
        return await self._typed(
            _SIMILAR.validate_json, "GET", f"/api/jobs/{job_id}/similar", params={"limit": limit}
        )

    async def update_job(self, job_id: int | str, change: Body) -> JobPublic:
        """``PATCH /api/jobs/{id}``: favourite, status, notes; the job as it is afterwards."""
        return await self._typed(JobPublic.model_validate_json, "PATCH", f"/api/jobs/{job_id}", json=change)

    async def stats(self, days: int | str) -> JobStats:
        return await self._typed(JobStats.model_validate_json, "GET", "/api/stats", params={"days": days})

    # ---------------------------------------------------------------- searches
    async def searches(self) -> list[SavedSearchPublic]:
        return await self._typed(_SEARCHES.validate_json, "GET", "/api/searches")

    async def create_search(self, body: Body) -> SavedSearchPublic:
        return await self._typed(SavedSearchPublic.model_validate_json, "POST", "/api/searches", json=body)

    async def update_search(self, search_id: int, change: Body) -> SavedSearchPublic:
        return await self._typed(
            SavedSearchPublic.model_validate_json, "PATCH", f"/api/searches/{search_id}", json=change
        )

    async def delete_search(self, search_id: int) -> None:
        await self._send("DELETE", f"/api/searches/{search_id}")

    # --------------------------------------------------------------- companies
    async def companies(self) -> list[CompanyPublic]:
        return await self._typed(_COMPANIES.validate_json, "GET", "/api/companies")

    async def detect_company(self, url: str) -> CompanyDetection:
        """What ``url`` is (an ATS board or a career page) and a suggested name; saves nothing."""
        return await self._typed(
            CompanyDetection.model_validate_json, "GET", "/api/companies/detect", params={"url": url}
        )

    async def create_company(self, body: Body) -> CompanyPublic:
        return await self._typed(CompanyPublic.model_validate_json, "POST", "/api/companies", json=body)

    async def update_company(self, company_id: int, change: Body) -> CompanyPublic:
        return await self._typed(
            CompanyPublic.model_validate_json, "PATCH", f"/api/companies/{company_id}", json=change
        )

    async def delete_company(self, company_id: int) -> None:
        await self._send("DELETE", f"/api/companies/{company_id}")

    # -------------------------------------------------------------------- runs
    async def start_run(self, body: Body) -> RunDetail:
        """``POST /api/runs``; a 409 :class:`ApiError` names the live run in ``body['run_id']``."""
        return await self._typed(RunDetail.model_validate_json, "POST", "/api/runs", json=body)

    async def runs(self, limit: int) -> list[RunSummary]:
        return await self._typed(_RUNS.validate_json, "GET", "/api/runs", params={"limit": limit})

    async def run(self, run_id: int, events_after: int, wait_s: float | None = None) -> RunDetail:
        """The run's snapshot with its events after ``events_after``; ``wait_s``: a long poll."""
        query: Query = {"events_after": events_after, "wait_s": wait_s}
        return await self._typed(RunDetail.model_validate_json, "GET", f"/api/runs/{run_id}", params=query)

    async def cancel_run(self, run_id: int) -> RunDetail:
        return await self._typed(RunDetail.model_validate_json, "DELETE", f"/api/runs/{run_id}")

    # ---------------------------------------------------------------- profiles
    async def profile(self) -> ProfilePublic:
        """``GET /api/profile``: the active profile; a 404 :class:`ApiError` when there is none."""
        return await self._typed(ProfilePublic.model_validate_json, "GET", "/api/profile")

    async def profiles(self) -> list[ProfilePublic]:
        return await self._typed(_PROFILES.validate_json, "GET", "/api/profiles")

    async def put_profile(self, body: Body) -> ProfilePublic:
        """``PUT /api/profile`` with a ``ProfileInput`` body; the profile as stored, with the
        suggestions its résumé makes (a 422 :class:`ApiError` names each bad field)."""
        return await self._typed(ProfilePublic.model_validate_json, "PUT", "/api/profile", json=body)

    async def activate_profile(self, name: str) -> None:
        await self._send("POST", f"/api/profiles/{_segment(name)}/activate")

    async def delete_profile(self, name: str) -> None:
        await self._send("DELETE", f"/api/profiles/{_segment(name)}")

    async def match(self, limit: int) -> list[MatchedJob]:
        """``GET /api/match``: the active profile's best-fitting jobs, best first; 404 without a
        profile, 409 without a résumé, 503 while the embedding model cannot load."""
        return await self._typed(_MATCHED.validate_json, "GET", "/api/match", params={"limit": limit})

    async def bulk_update(self, job_ids: list[int], change: Body) -> BulkOutcome:
        """``POST /api/jobs/bulk``: one change to many jobs; the ids changed and those not found."""
        body = {"ids": job_ids, "change": change}
        return await self._typed(BulkOutcome.model_validate_json, "POST", "/api/jobs/bulk", json=body)

    async def job_sources(self) -> list[SourceFacet]:
        """``GET /api/jobs/sources``: the sources jobs were seen on, with their visible jobs."""
        return await self._typed(TypeAdapter(list[SourceFacet]).validate_json, "GET", "/api/jobs/sources")

    async def pipeline(self) -> PipelineBoard:
        """``GET /api/pipeline``: every status's column with its cards (the *new* one: starred jobs)."""
        return await self._typed(PipelineBoard.model_validate_json, "GET", "/api/pipeline")

    async def due(self) -> list[PipelineCard]:
        """``GET /api/jobs/due``: the jobs whose follow-up date has come, oldest first."""
        return await self._typed(_DUE.validate_json, "GET", "/api/jobs/due")

    # --------------------------------------------------------------- blocklist
    async def blocklist(self) -> list[BlockedPublic]:
        """``GET /api/blocklist``: every company blocklist entry."""
        return await self._typed(_BLOCKLIST.validate_json, "GET", "/api/blocklist")

    async def add_block(self, value: str, kind: str | None = None) -> BlockedPublic:
        """``POST /api/blocklist``; ``kind`` None: the API guesses it. A 422 :class:`ApiError` says
        why a value cannot be an entry, a 409 which entry already blocks the same."""
        body = {"value": value, "kind": kind}
        return await self._typed(BlockedPublic.model_validate_json, "POST", "/api/blocklist", json=body)

    async def remove_block(self, block_id: int) -> bool:
        """``DELETE /api/blocklist/{id}``; True once removed."""
        await self._send("DELETE", f"/api/blocklist/{block_id}")
        return True

    async def alert_channels(self) -> list[ChannelPublic]:
        """``GET /api/alerts/channels``: every alert channel, its URL masked."""
        parse = TypeAdapter(list[ChannelPublic]).validate_json
        return await self._typed(parse, "GET", "/api/alerts/channels")

    async def add_alert_channel(self, url: str, name: str | None = None) -> ChannelPublic:
        """``POST /api/alerts/channels``; a 422 :class:`ApiError` says why the URL cannot be used."""
        body = {"url": url, "name": name}
        return await self._typed(ChannelPublic.model_validate_json, "POST", "/api/alerts/channels", json=body)

    async def remove_alert_channel(self, channel_id: int) -> bool:
        """``DELETE /api/alerts/channels/{id}``; True once removed."""
        await self._send("DELETE", f"/api/alerts/channels/{channel_id}")
        return True

    async def test_alert_channel(self, channel_id: int) -> DeliveryPublic:
        """``POST /api/alerts/channels/{id}/test``: a test message sent now; ``sent`` or ``failed`` + why."""
        path = f"/api/alerts/channels/{channel_id}/test"
        return await self._typed(DeliveryPublic.model_validate_json, "POST", path)


def _segment(name: str) -> str:
    """``name`` as one path segment: a profile's name is free text ("Data / ML", "Lyon?")."""
    return quote(name, safe="")


_current: list[ApiClient] = []


def client() -> ApiClient:
    """The UI process's API client (its config is read once, on first use)."""
    if not _current:
        _current.append(ApiClient(ui_config()))
    return _current[0]


def use_client(replacement: ApiClient | None) -> None:
    """Make ``replacement`` the client every page uses (``None``: back to the configured one).

    The seam the tests use: a real :class:`ApiClient` over an ``httpx.MockTransport``.
    """
    _current.clear()
    if replacement is not None:
        _current.append(replacement)
