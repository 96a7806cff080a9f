"""`jobscraper mcp --http`: the streamable HTTP transport with the API's rules — a foreign Host is
400 (the API's own guard), off loopback the command refuses to start without a token, and with a
token every request must carry it — and a real round trip with the SDK's HTTP client."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest
import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from starlette.testclient import TestClient

from jobscraper.cli import main
from jobscraper.cli.mcp_cmd import mcp_http_app
from jobscraper.config import Settings
from jobscraper.mcp import ApiClient, build_server
from tests.ports import free_port

TOKEN = "t" * 40
INIT = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"},
    },
}
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@contextmanager
def _client(token: str | None = None, **serve: Any) -> Iterator[TestClient]:
    """The app `jobscraper mcp --http` serves for these ``serve`` settings (its lifespan running)."""
    settings = Settings.model_validate({"serve": serve})
    server = build_server(ApiClient(f"http://127.0.0.1:{free_port()}"))
    with TestClient(mcp_http_app(settings, server, token), base_url="http://127.0.0.1:8100") as client:
        yield client


def _post(client: TestClient, host: str, headers: dict[str, str] | None = None) -> Any:
    """One initialize request with this Host header."""
    return client.post("/mcp", content=json.dumps(INIT), headers={**HEADERS, "Host": host, **(headers or {})})


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8100", "127.0.0.1.nip.io:8100", "[::2]:8100"])
def test_a_foreign_host_is_refused_by_the_apis_guard(host: str) -> None:
    with _client() as client:
        answer = _post(client, host)
    assert answer.status_code == 400 and "unknown Host" in answer.json()["detail"]


@pytest.mark.parametrize("host", ["127.0.0.1:8100", "localhost:8100", "localhost", "[::1]:8100"])
def test_loopback_names_are_answered(host: str) -> None:
    with _client() as client:
        answer = _post(client, host)
    assert answer.status_code == 200, answer.text
    assert answer.headers["mcp-session-id"]


def test_a_name_in_serve_allowed_hosts_is_answered_too() -> None:
    with _client(allowed_hosts=["jobs.lan"]) as client:
        assert _post(client, "jobs.lan:8100").status_code == 200
    with _client() as client:
        assert _post(client, "jobs.lan:8100").status_code == 400


def test_another_origin_is_refused() -> None:
    with _client() as client:
        assert _post(client, "127.0.0.1:8100", {"Origin": "https://evil.example"}).status_code == 403


def test_with_a_token_every_request_must_carry_it() -> None:
    with _client(TOKEN) as client:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            answer = _post(client, "127.0.0.1:8100", headers)
            assert answer.status_code == 401 and "token" in answer.json()["detail"]
            assert answer.headers["www-authenticate"] == "Bearer"
        assert _post(client, "127.0.0.1:8100", {"Authorization": f"Bearer {TOKEN}"}).status_code == 200


@pytest.fixture
def no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("JOBSCRAPER_CONFIG", "JOBSCRAPER_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_config")
@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["mcp", "--http", "--host", "0.0.0.0"], "JOBSCRAPER_API_TOKEN"),
        (["mcp", "--http", "--host", "192.168.1.5"], "JOBSCRAPER_API_TOKEN"),
        (["mcp", "--host", "127.0.0.1"], "--host and --port go with --http"),
        (["mcp", "--http", "--api-url", "ftp://x"], "--api-url"),
        (["mcp", "--http", "--host", "bad host!"], "--host"),
    ],
)
def test_the_command_refuses_in_one_line(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and said in err
    assert err.count("\n") == 1 and "Traceback" not in err


@contextmanager
def _serving(app: Any) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_round_trip_over_http_with_the_sdk_client() -> None:
    async def session(url: str, headers: dict[str, str]) -> Any:
        async with (
            httpx2.AsyncClient(headers=headers) as http,
            Client(streamable_http_client(url, http_client=http)) as client,
        ):
            tools = await client.list_tools()
            result = await client.call_tool("get_job", {"job_id": 1})
            return {t.name for t in tools.tools}, result

    settings = Settings.model_validate({})
    app = mcp_http_app(settings, build_server(ApiClient(f"http://127.0.0.1:{free_port()}")), TOKEN)
    with _serving(app) as url:
        names, result = anyio.run(session, url, {"Authorization": f"Bearer {TOKEN}"})
    assert "search_jobs" in names
    assert result.is_error and "not running" in result.content[0].text
