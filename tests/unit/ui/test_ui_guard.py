"""The UI backend's gate: only the UI's own Host and Origin get through (issue 13, item 4)."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest
from jobscraper_ui.guard import allowed_hosts, allowed_origins, guard

PORT = 3123


def _call(kind: str, headers: dict[str, str], host: str = "127.0.0.1") -> tuple[bool, list[dict[str, Any]]]:
    """Run the guarded app once; whether the inner app was reached, and what was sent."""
    reached: list[bool] = []
    sent: list[dict[str, Any]] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        reached.append(True)

    async def receive() -> dict[str, Any]:
        return {"type": f"{kind}.request" if kind == "http" else "websocket.connect"}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {
        "type": kind,
        "path": "/_event/" if kind == "websocket" else "/",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    asyncio.run(guard(host, PORT)(inner)(scope, receive, send))
    return bool(reached), sent


OWN = f"http://127.0.0.1:{PORT}"


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": f"127.0.0.1:{PORT}", "Origin": OWN},
        {"Host": f"localhost:{PORT}", "Origin": f"http://localhost:{PORT}"},
        {"Host": f"[::1]:{PORT}", "Origin": f"http://[::1]:{PORT}"},
        {"Host": f"LOCALHOST:{PORT}", "Origin": OWN},
    ],
)
def test_the_uis_own_pages_reach_the_event_socket(headers: dict[str, str]) -> None:
    reached, sent = _call("websocket", headers)
    assert reached and sent == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": f"127.0.0.1:{PORT}", "Origin": "http://evil.example"},
        {"Host": f"127.0.0.1:{PORT}", "Origin": f"https://127.0.0.1:{PORT}"},
        {"Host": f"127.0.0.1:{PORT}", "Origin": "http://127.0.0.1:1"},
        {"Host": f"127.0.0.1:{PORT}", "Origin": "null"},
        {"Host": f"127.0.0.1:{PORT}"},  # a websocket without an Origin
        {"Host": f"evil.example:{PORT}", "Origin": f"http://evil.example:{PORT}"},  # DNS rebinding
        {"Host": "127.0.0.1:1", "Origin": OWN},
        {"Origin": OWN},  # no Host at all
    ],
)
def test_other_origins_and_hosts_are_refused_on_the_event_socket(headers: dict[str, str]) -> None:
    reached, sent = _call("websocket", headers)
    assert not reached
    assert sent == [{"type": "websocket.close", "code": 1008}]  # before accept: the server says 403


def test_a_page_request_for_another_host_is_refused_and_the_own_one_served() -> None:
    reached, sent = _call("http", {"Host": f"rebound.example:{PORT}"})
    assert not reached and sent[0]["status"] == 403
    reached, sent = _call("http", {"Host": f"127.0.0.1:{PORT}", "Origin": "http://evil.example"})
    assert not reached and sent[0]["status"] == 403
    reached, _ = _call("http", {"Host": f"127.0.0.1:{PORT}"})  # a plain navigation has no Origin
    assert reached


def test_a_ui_bound_to_a_name_answers_that_name_too() -> None:
    assert f"jobs.lan:{PORT}" in allowed_hosts("jobs.lan", PORT)
    assert f"http://jobs.lan:{PORT}" in allowed_origins("jobs.lan", PORT)
    assert not any(h.startswith("0.0.0.0") for h in allowed_hosts("0.0.0.0", PORT))
    assert "*" not in allowed_origins("0.0.0.0", PORT)


def test_the_reflex_config_allows_only_the_uis_own_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    monkeypatch.setenv("JOBSCRAPER_UI__PORT", str(PORT))
    monkeypatch.setenv("JOBSCRAPER_UI__HOST", "127.0.0.1")
    monkeypatch.delenv("JOBSCRAPER_CONFIG", raising=False)
    monkeypatch.chdir(os.path.dirname(sys.modules["jobscraper_ui"].__path__[0]))
    sys.modules.pop("rxconfig", None)
    rxconfig = importlib.import_module("rxconfig")
    try:
        assert list(rxconfig.config.cors_allowed_origins) == allowed_origins("127.0.0.1", PORT)
        assert rxconfig.config.backend_host == "127.0.0.1"
    finally:
        sys.modules.pop("rxconfig", None)
