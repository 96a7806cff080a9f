"""The MCP server's client of the jobscraper HTTP API: one request, one answer or one clear error.

The MCP server holds no database of its own: like the web UI it talks to the running API
(``jobscraper serve`` or ``jobscraper ui``), so every write — a favourite, a status, notes, a run —
goes through the same routes and the one WriterActor behind them (the single-writer rule), and the
assistant sees exactly what the UI sees.

Errors (one tree, read by :mod:`jobscraper.mcp.tools`, which turns each into a tool error):

- :class:`ApiProblem` — anything that stops a call; ``str()`` is a sentence for the assistant;
  - :class:`ApiUnreachable` — nothing answers at the API's URL: says how to start it;
  - :class:`ApiRefused` — the API answered 4xx/5xx: its own explanation (each invalid field named),
    ``status`` and the answer's JSON ``body`` (a 409 for a run already scraping names ``run_id``).

The HTTP transport comes in through the constructor: httpx's by default, an ``httpx.ASGITransport``
over the API's app in the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

__all__ = ["ApiClient", "ApiProblem", "ApiRefused", "ApiUnreachable"]

Params = Mapping[str, str | int | float | bool | None]
T = TypeVar("T")


class ApiProblem(Exception):
    """A call to the API did not give an answer to use (see the module for the subclasses)."""


class ApiUnreachable(ApiProblem):
    """Nothing answers at the API's URL (not started, wrong port, or it went away)."""


class ApiRefused(ApiProblem):
    """The API answered with an error status; ``str()`` is its explanation."""

    def __init__(self, status: int, detail: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.body = body or {}


def _detail(response: httpx.Response) -> tuple[str, dict[str, Any] | None]:
    """The API's ``{"detail": …}`` as one sentence (FastAPI's validation list: each field named)."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}: {response.text[:200]}", None
    if not isinstance(body, dict):
        return f"HTTP {response.status_code}", None
    detail = body.get("detail")
    if isinstance(detail, list):
        parts = []
        for err in detail:
            where = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path")]
            parts.append(f"{'.'.join(where) or 'request'}: {err.get('msg', 'invalid')}")
        return "; ".join(parts), body
    return (str(detail) if detail else f"HTTP {response.status_code}"), body


class ApiClient:
    """The API at ``base_url`` (``ui.api_url`` of the config), with ``token`` when it needs one.

    ``transport``: httpx's own by default; the client is made on first use, inside the event loop
    that runs the MCP server. ``timeout_s``: the API's first request starts its writer and
    coordinator, which can take tens of seconds on a busy machine.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout_s: float = 60.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._transport = transport
        self._timeout = httpx.Timeout(timeout_s, connect=3.0)
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
            self._client = httpx.AsyncClient(
                base_url=self.base_url, headers=headers, timeout=self._timeout, transport=self._transport
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def call(self, method: str, path: str, *, params: Params | None = None, json: Any = None) -> Any:
        """The answer's JSON (None for an empty answer); :class:`ApiProblem` otherwise."""
        clean = {k: v for k, v in (params or {}).items() if v is not None and v != ""}
        try:
            response = await self._http().request(method, path, params=clean, json=json)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise ApiUnreachable(
                f"the jobscraper API is not running at {self.base_url}: start it with `jobscraper serve` "
                "(or `jobscraper ui`), or point ui.api_url in the config at it"
            ) from exc
        except httpx.TimeoutException as exc:
            raise ApiUnreachable(
                f"the jobscraper API at {self.base_url} did not answer within {self._timeout.read:.0f} s "
                "(it may still be starting: try again in a moment)"
            ) from exc
        except httpx.TransportError as exc:
            raise ApiUnreachable(
                f"the jobscraper API at {self.base_url} did not answer ({type(exc).__name__}); "
                "is `jobscraper serve` still running?"
            ) from exc
        if response.status_code == 401:
            raise ApiRefused(
                401,
                "the jobscraper API wants its token: set the variable named by serve.api_token_env "
                "(JOBSCRAPER_API_TOKEN by default) for the MCP server too",
            )
        if response.status_code >= 400:
            detail, body = _detail(response)
            raise ApiRefused(response.status_code, detail, body)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise ApiProblem(f"the API's answer to {method} {path} is not JSON") from exc

    async def typed(
        self,
        parse: Callable[[Any], T],
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
    ) -> T:
        """:meth:`call`'s answer validated by ``parse`` (a model's ``model_validate``): an answer of
        another shape is an :class:`ApiProblem` that says so, not a crash in a tool."""
        answer = await self.call(method, path, params=params, json=json)
        try:
            return parse(answer)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "the answer"
            raise ApiProblem(
                f"the API's answer to {method} {path} is not what this MCP server expects ({where}: "
                f"{first['msg']}): are the API and `jobscraper mcp` the same version?"
            ) from exc
