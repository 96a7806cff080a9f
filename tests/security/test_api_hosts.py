"""Item 6 of issue 13: the API answers only to the host names it is meant to be reached by.

A DNS-rebinding page makes the browser send the attacker's name in ``Host`` to 127.0.0.1; on the
default loopback set-up (no token) such a request used to get full read/write access.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobscraper.config import Settings
from jobscraper.store import JobQuery, SearchPage
from serve.guards import api_hosts, host_name
from serve.http import create_api


class Backend:
    demo = False

    def __init__(self) -> None:
        self.queries: list[JobQuery] = []

    async def jobs(self, query: JobQuery) -> SearchPage:
        self.queries.append(query)
        return SearchPage(items=[], total=0, page=query.page, per_page=query.per_page)


def _client(**kwargs: Any) -> tuple[TestClient, Backend]:
    backend = Backend()
    app = create_api(backend, router=None, **kwargs)  # type: ignore[arg-type]
    return TestClient(app, base_url="http://127.0.0.1:8000"), backend


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhostx", "[::2]:8000", ""]
)
def test_a_foreign_host_is_refused_before_any_work(host: str) -> None:
    client, backend = _client()
    for method, path in (
        ("GET", "/api/jobs"),
        ("GET", "/api/jobs/1/similar"),
        ("PATCH", "/api/jobs/1"),
        ("GET", "/healthz"),
    ):
        answer = client.request(method, path, headers={"host": host}, json={"notes": "x"})
        assert answer.status_code == 400, (host, path)
        assert "unknown Host" in answer.json()["detail"]
    assert backend.queries == []


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:8000", "LOCALHOST.", "127.0.0.1", "127.0.0.1:31337", "[::1]", "[::1]:8000"],
)
def test_loopback_names_with_any_port_are_answered(host: str) -> None:
    client, _ = _client()
    assert client.get("/api/jobs", headers={"host": host}).status_code == 200


def test_the_configured_hosts_are_answered_too() -> None:
    settings = Settings.model_validate(
        {
            "serve": {"host": "10.0.0.5", "allowed_hosts": ["jobs.example.lan"]},
            "ui": {"api_url": "http://api:8000"},
        }
    )
    allowed = api_hosts(settings)
    assert {"localhost", "127.0.0.1", "::1", "10.0.0.5", "jobs.example.lan", "api"} <= allowed
    client, _ = _client(allowed_hosts=allowed)
    for host in ("10.0.0.5:8000", "jobs.example.lan", "api:8000", "localhost"):
        assert client.get("/api/jobs", headers={"host": host}).status_code == 200, host
    assert client.get("/api/jobs", headers={"host": "evil.example"}).status_code == 400


def test_a_wildcard_bind_address_is_not_a_host_name() -> None:
    allowed = api_hosts(Settings.model_validate({"serve": {"host": "0.0.0.0"}}))
    assert "0.0.0.0" not in allowed and "" not in allowed


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("a.example", "a.example"),
        ("a.example:80", "a.example"),
        ("[::1]:80", "::1"),
        ("[::1]", "::1"),
        ("[::1]x", None),
        ("a:b:c", None),
        ("a.example:http", None),
        ("", None),
    ],
)
def test_host_headers_are_read_strictly(header: str, name: str | None) -> None:
    assert host_name(header) == name
