"""The UI's API client: 'unreachable' and the API's own error messages, told apart."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from jobscraper_ui import api as api_module
from jobscraper_ui.api import ApiError, ApiUnreachable, UiConfig


def _client(base_url: str, handler: object = None) -> api_module._Api:
    client = api_module._Api.__new__(api_module._Api)
    client.config = UiConfig(base_url, "tok", 0.5)
    client._client = None
    if handler is not None:
        client._client = httpx.AsyncClient(base_url=base_url, transport=httpx.MockTransport(handler))
    return client


def test_nothing_listening_is_unreachable_naming_the_url() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: refused
        client = _client(f"http://127.0.0.1:{port}")
        with pytest.raises(ApiUnreachable, match=f"127.0.0.1:{port}"):
            asyncio.run(client.get("/api/jobs"))


def test_a_validation_error_names_each_field() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            422,
            json={
                "detail": [
                    {"loc": ["body", "sites", 0], "msg": "unknown site(s) ['myspace']"},
                    {"loc": ["query", "per_page"], "msg": "Input should be less than or equal to 500"},
                ]
            },
        )

    with pytest.raises(ApiError) as caught:
        asyncio.run(_client("http://api", handler).post("/api/searches", {"sites": ["myspace"]}))
    assert caught.value.status == 422
    assert (
        str(caught.value)
        == "sites.0: unknown site(s) ['myspace']; per_page: Input should be less than or equal to 500"
    )


def test_a_sentence_from_the_api_is_passed_on() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"detail": "a saved search named 'demo' already exists"})

    with pytest.raises(ApiError, match="already exists"):
        asyncio.run(_client("http://api", handler).post("/api/searches", {}))


def test_empty_query_values_are_not_sent_and_204_is_none() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(204) if request.method == "DELETE" else httpx.Response(200, json={"ok": 1})

    client = _client("http://api", handler)
    assert asyncio.run(client.get("/api/jobs", {"q": "", "location": None, "page": 2})) == {"ok": 1}
    assert asyncio.run(client.delete("/api/searches/3")) is None
    assert seen[0] == "http://api/api/jobs?page=2"
