"""The API token check as a plain ASGI middleware (:mod:`serve.token_guard`): what it lets through
and what it refuses, alone and as the first thing :func:`serve.http.create_api`'s app runs."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from serve.http import create_api
from serve.token_guard import TokenGuard
from tests.unit.serve.test_http import Backend


class _Inner:
    """An app that records the scopes it was handed and answers 204."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.seen.append(scope["type"])
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})


def _call(guard: TokenGuard, scope: dict[str, Any]) -> list[dict[str, Any]]:
    import asyncio

    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    return sent


def _http(path: str, *headers: tuple[bytes, bytes]) -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": list(headers)}


def test_only_the_right_bearer_token_or_an_open_path_gets_through() -> None:
    inner = _Inner()
    guard = TokenGuard(inner, token="s3cret", open_paths=("/healthz",))
    refused = _call(guard, _http("/api/jobs", (b"authorization", b"Bearer wrong")))
    assert refused[0]["status"] == 401 and b"API token" in refused[1]["body"]
    assert _call(guard, _http("/api/jobs"))[0]["status"] == 401
    assert _call(guard, _http("/healthz"))[0]["status"] == 204
    # the first Authorization header counts, as Starlette's Headers.get reads it
    both = _http("/api/jobs", (b"authorization", b"Bearer s3cret"), (b"authorization", b"Bearer x"))
    assert _call(guard, both)[0]["status"] == 204
    assert inner.seen == ["http", "http"]


def test_other_scopes_and_an_api_without_a_token_pass_untouched() -> None:
    inner = _Inner()
    _call(TokenGuard(inner, token="s3cret", open_paths=()), {"type": "lifespan"})
    assert _call(TokenGuard(inner, token=None, open_paths=()), _http("/api/jobs"))[0]["status"] == 204
    assert inner.seen == ["lifespan", "http"]


def test_the_token_is_checked_before_the_host() -> None:
    app = create_api(Backend(), router=None, token="s3cret")  # type: ignore[arg-type]
    client = TestClient(app, base_url="http://evil.example")
    assert client.get("/api/jobs").status_code == 401  # no token: refused before the Host is read
    assert client.get("/api/jobs", headers={"Authorization": "Bearer s3cret"}).status_code == 400
