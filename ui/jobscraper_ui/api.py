"""The UI's client of the jobscraper HTTP API (the only way the UI reaches data).

Every call raises :class:`ApiUnreachable` when nothing answers (the page explains how to start
the API) or :class:`ApiError` with the API's own message for a 4xx/5xx answer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx

from jobscraper.config import load_settings

__all__ = ["ApiError", "ApiUnreachable", "UiConfig", "api", "ui_config"]


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


class _Api:
    """One shared connection pool to the API, created on first use (in the UI backend's loop)."""

    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None
        self.config = ui_config()

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            headers = {"Authorization": f"Bearer {self.config.token}"} if self.config.token else {}
            self._client = httpx.AsyncClient(
                base_url=self.config.api_url, headers=headers, timeout=httpx.Timeout(15.0, connect=3.0)
            )
        return self._client

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = await self._http().request(method, path, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise ApiUnreachable(f"nothing answers at {self.config.api_url}") from exc
        except httpx.TransportError as exc:
            raise ApiUnreachable(f"{self.config.api_url}: {type(exc).__name__}") from exc
        if response.status_code >= 400:
            raise ApiError(response.status_code, _detail(response), _body(response))
        return None if response.status_code == 204 else response.json()

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        clean = {k: v for k, v in (params or {}).items() if v is not None and v != ""}
        return await self.request("GET", path, params=clean)

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        return await self.request("POST", path, json=body)

    async def patch(self, path: str, body: dict[str, Any]) -> Any:
        return await self.request("PATCH", path, json=body)

    async def delete(self, path: str) -> Any:
        return await self.request("DELETE", path)


@cache
def api() -> _Api:
    """The UI process's API client (its config is read once, on first use)."""
    return _Api()
