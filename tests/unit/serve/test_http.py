"""The HTTP layer without Serve: the token check, error mapping and validation of create_api's app.

The backend is a stand-in (what the routes call is tested over a real Serve in
tests/integration/test_api.py); here what matters is what reaches it and what the client sees.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobscraper.errors import InputError, NotFound
from jobscraper.store import JobQuery, SearchPage, UserUpdate
from serve.http import create_api


class Backend:
    def __init__(self) -> None:
        self.queries: list[JobQuery] = []
        self.edits: list[tuple[int, UserUpdate]] = []

    async def jobs(self, query: JobQuery) -> SearchPage:
        self.queries.append(query)
        return SearchPage(items=[], total=0, page=query.page, per_page=query.per_page)

    async def job(self, job_id: int) -> Any:
        raise NotFound(f"no job with id {job_id}")

    async def update_job(self, job_id: int, change: UserUpdate) -> Any:
        self.edits.append((job_id, change))
        raise NotFound(f"no job with id {job_id}")

    async def start_run(self, body: Any) -> Any:
        raise InputError("no saved search or company named 'x'")

    async def runs(self, limit: int) -> list[Any]:
        return []


def _client(token: str | None = None) -> tuple[TestClient, Backend]:
    backend = Backend()
    return TestClient(create_api(backend, router=None, token=token)), backend  # type: ignore[arg-type]


def test_without_a_token_everything_is_open() -> None:
    client, _ = _client()
    assert client.get("/api/jobs").status_code == 200
    assert client.get("/healthz").json()["status"] == "ok"


def test_with_a_token_every_request_but_healthz_needs_it() -> None:
    client, backend = _client(token="s3cret")
    assert client.get("/healthz").status_code == 200
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        answer = client.get("/api/jobs", headers=headers)
        assert answer.status_code == 401 and "API token" in answer.json()["detail"]
    assert client.get("/docs").status_code == 401
    assert backend.queries == []  # refused before any work
    assert client.get("/api/jobs", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_query_parameters_reach_the_backend_as_a_job_query() -> None:
    client, backend = _client()
    answer = client.get("/api/jobs", params={"q": "python", "remote": "true", "min_salary": 50000, "page": 2})
    assert answer.status_code == 200
    [query] = backend.queries
    assert (query.q, query.remote, query.min_salary, query.page) == ("python", True, 50000, 2)


@pytest.mark.parametrize(
    ("method", "path", "body", "code", "says"),
    [
        ("GET", "/api/jobs/7", None, 404, "no job with id 7"),
        ("PATCH", "/api/jobs/7", {"notes": "hi"}, 404, "no job with id 7"),
        ("POST", "/api/runs", {"companies": ["x"]}, 422, "named 'x'"),
        ("POST", "/api/runs", {}, 422, "nothing to scrape"),
        ("PATCH", "/api/jobs/7", {"notes": "x" * 100_001}, 422, "notes"),
    ],
)
def test_errors_are_json_with_a_clear_detail(method: str, path: str, body: Any, code: int, says: str) -> None:
    client, _ = _client()
    answer = client.request(method, path, json=body)
    assert answer.status_code == code
    assert says in str(answer.json()["detail"])


def test_a_patch_passes_only_the_fields_given() -> None:
    client, backend = _client()
    client.patch("/api/jobs/3", json={"favorite": True, "applied_at": None})
    [(job_id, change)] = backend.edits
    assert job_id == 3 and change.model_fields_set == {"favorite", "applied_at"}


def test_a_database_that_is_not_available_is_a_503_saying_why() -> None:
    from jobscraper.errors import StoreError

    class Broken(Backend):
        async def jobs(self, query: JobQuery) -> SearchPage:
            raise StoreError("this cluster's writer owns /a.db, not /b.db")

    client = TestClient(create_api(Broken(), router=None))  # type: ignore[arg-type]
    answer = client.get("/api/jobs")
    assert answer.status_code == 503 and "/a.db" in answer.json()["detail"]
