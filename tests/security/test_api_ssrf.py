"""Item 7 of issue 13 (the API side): every URL to scrape that arrives over HTTP passes the URL
policy, is refused with 422 and one sentence otherwise, and is never fetched to find out (so the
answer for an open port is the answer for a closed one)."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_urlpolicy import ODD_SPELLINGS

from jobscraper.errors import Conflict
from jobscraper.store.saved import detect_company
from jobscraper.urlpolicy import UrlPolicy
from serve.http import create_api


class Backend:
    demo = False

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def create_company(self, body: Any) -> Any:
        self.calls.append("create_company")
        raise Conflict("reached the backend")  # 409: the URL passed the policy

    async def update_company(self, company_id: int, change: Any) -> Any:
        self.calls.append("update_company")
        return {"id": 1}

    async def detect_company(self, url: str) -> Any:
        self.calls.append("detect_company")
        return detect_company(url)

    async def start_run(self, body: Any) -> Any:
        self.calls.append("start_run")
        return {"id": 1}


def _client(policy: UrlPolicy | None = None) -> tuple[TestClient, Backend]:
    backend = Backend()
    app = create_api(backend, router=None, url_policy=policy)  # type: ignore[arg-type]
    return TestClient(app, base_url="http://127.0.0.1:8000"), backend


def _requests(url: str) -> list[tuple[str, str, dict[str, Any] | None, dict[str, str] | None]]:
    return [
        ("POST", "/api/companies", {"url": url}, None),
        ("PATCH", "/api/companies/1", {"url": url}, None),
        ("GET", "/api/companies/detect", None, {"url": url}),
        ("POST", "/api/runs", {"company": {"name": "x", "url": url}}, None),
    ]


@pytest.mark.parametrize("url", ODD_SPELLINGS)
def test_every_route_that_takes_a_url_refuses_internal_addresses_with_one_sentence(url: str) -> None:
    client, backend = _client()
    for method, path, body, params in _requests(url):
        answer = client.request(method, path, json=body, params=params)
        assert answer.status_code == 422, (method, path, answer.text)
        detail = answer.json()["detail"]
        assert isinstance(detail, str) and detail.startswith("URL refused: ") and "\n" not in detail
    assert backend.calls == []  # refused before the backend (and so before any scrape) sees it


def test_a_name_that_resolves_inside_is_refused_too() -> None:
    async def resolve(host: str) -> list[str]:
        return {"jobs.rebind.example": ["127.0.0.1"]}.get(host, ["93.184.216.34"])

    client, backend = _client(UrlPolicy(resolve=resolve))
    answer = client.post("/api/companies", json={"url": "https://jobs.rebind.example/careers"})
    assert answer.status_code == 422 and "127.0.0.1 is a loopback address" in answer.json()["detail"]
    assert client.post("/api/companies", json={"url": "https://jobs.acme.example/"}).status_code == 409
    assert backend.calls == ["create_company"]


def test_open_and_closed_ports_get_the_same_answer() -> None:
    with socket.socket() as listening, socket.socket() as closed:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        closed.bind(("127.0.0.1", 0))  # bound, not listening: connecting is refused
        client, _ = _client()
        answers = [
            client.get("/api/companies/detect", params={"url": f"http://127.0.0.1:{s.getsockname()[1]}/"})
            for s in (listening, closed)
        ]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json() == answers[1].json()


def test_the_opt_in_lets_the_demo_board_through() -> None:
    client, backend = _client(UrlPolicy(allow_private=True))
    assert (
        client.post("/api/companies", json={"url": "http://127.0.0.1:8765/careers/acme"}).status_code == 409
    )
    answer = client.post("/api/companies", json={"url": "file:///etc/passwd"})
    assert answer.status_code == 422 and "only http:// and https://" in answer.json()["detail"]
    assert backend.calls == ["create_company"]
