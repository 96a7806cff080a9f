"""The HTTP layer without Serve: the token check, error mapping and validation of create_api's app.

The backend is a stand-in (what the routes call is tested over a real Serve in
tests/integration/test_api.py); here what matters is what reaches it and what the client sees.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobscraper.config import SavedSearch
from jobscraper.errors import Conflict, InputError, NotFound
from jobscraper.store import JobQuery, SearchPage, UserUpdate
from jobscraper.store.saved_shapes import CompanyCreate, CompanyUpdate, SavedSearchUpdate
from serve.http import create_api


class Backend:
    demo = False

    def __init__(self) -> None:
        self.queries: list[JobQuery] = []
        self.edits: list[tuple[int, UserUpdate]] = []
        self.calls: list[tuple[str, Any]] = []

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

    async def run(self, run_id: int, events_after: int | None = None, wait_s: float = 0.0) -> Any:
        self.calls.append(("run", (run_id, events_after, wait_s)))
        raise NotFound(f"no run with id {run_id}")

    # saved searches: "taken" is a taken name, id 1 exists, others do not
    async def searches(self) -> list[Any]:
        return []

    async def search(self, search_id: int) -> Any:
        raise NotFound(f"no saved search with id {search_id}")

    async def create_search(self, body: SavedSearch) -> Any:
        self.calls.append(("create_search", body))
        if body.name == "taken":
            raise Conflict("a saved search named 'taken' already exists")
        raise InputError("stop here")

    async def update_search(self, search_id: int, change: SavedSearchUpdate) -> Any:
        self.calls.append(("update_search", change))
        raise NotFound(f"no saved search with id {search_id}")

    async def delete_search(self, search_id: int) -> None:
        self.calls.append(("delete_search", search_id))
        if search_id != 1:
            raise NotFound(f"no saved search with id {search_id}")

    async def companies(self) -> list[Any]:
        return []

    async def company(self, company_id: int) -> Any:
        raise NotFound(f"no watched company with id {company_id}")

    async def create_company(self, body: CompanyCreate) -> Any:
        self.calls.append(("create_company", body))
        raise Conflict("a watched company named 'Acme' already exists")

    async def update_company(self, company_id: int, change: CompanyUpdate) -> Any:
        self.calls.append(("update_company", change))
        raise NotFound(f"no watched company with id {company_id}")

    async def delete_company(self, company_id: int) -> None:
        self.calls.append(("delete_company", company_id))
        if company_id != 1:
            raise NotFound(f"no watched company with id {company_id}")

    async def detect_company(self, url: str) -> Any:
        from jobscraper.store.saved import detect_company

        return detect_company(url)


def _client(token: str | None = None) -> tuple[TestClient, Backend]:
    backend = Backend()
    app = create_api(backend, router=None, token=token)  # type: ignore[arg-type]
    return TestClient(app, base_url="http://127.0.0.1:8000"), backend


def test_without_a_token_everything_is_open() -> None:
    client, _ = _client()
    assert client.get("/api/jobs").status_code == 200
    assert client.get("/healthz").json()["status"] == "ok"


def test_health_says_whether_the_demo_board_stands_in() -> None:
    client, backend = _client()
    assert client.get("/api/health").json()["demo"] is False
    backend.demo = True
    assert client.get("/healthz").json()["demo"] is True


def test_with_a_token_every_request_but_healthz_needs_it() -> None:
    client, backend = _client(token="s3cret")
    assert client.get("/healthz").status_code == 200
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        answer = client.get("/api/jobs", headers=headers)
        assert answer.status_code == 401 and "API token" in answer.json()["detail"]
    assert client.get("/docs").status_code == 401
    assert client.get("/api/jobs/1/similar").status_code == 401
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
        ("GET", "/api/searches/9", None, 404, "no saved search with id 9"),
        ("PATCH", "/api/searches/9", {"term": "go"}, 404, "no saved search with id 9"),
        ("DELETE", "/api/searches/9", None, 404, "no saved search with id 9"),
        ("POST", "/api/searches", {"name": "taken", "term": "python"}, 409, "already exists"),
        ("POST", "/api/searches", {"name": "x"}, 422, "term"),
        ("POST", "/api/searches", {"name": "x", "term": "y", "sites": ["monster"]}, 422, "sites"),
        ("POST", "/api/searches", {"name": "x", "term": "y", "colour": "red"}, 422, "colour"),
        ("PATCH", "/api/searches/1", {"colour": "red"}, 422, "colour"),
        ("PATCH", "/api/searches/1", {"results_wanted": "lots"}, 422, "results_wanted"),
        ("GET", "/api/searches/0", None, 422, "search_id"),
        ("GET", "/api/companies/9", None, 404, "no watched company with id 9"),
        ("PATCH", "/api/companies/9", {"enabled": False}, 404, "no watched company with id 9"),
        ("DELETE", "/api/companies/9", None, 404, "no watched company with id 9"),
        ("POST", "/api/companies", {"url": "https://boards.greenhouse.io/acme"}, 409, "already exists"),
        ("POST", "/api/companies", {"name": "Acme"}, 422, "url"),
        ("POST", "/api/companies", {"url": "https://a.example", "ats": "taleo"}, 422, "ats"),
        ("PATCH", "/api/companies/1", {"normalized_name": "x"}, 422, "normalized_name"),
        ("GET", "/api/companies/detect?url=ftp://acme.example", None, 422, "URL refused"),
        ("GET", "/api/companies/detect", None, 422, "url"),
    ],
)
def test_errors_are_json_with_a_clear_detail(method: str, path: str, body: Any, code: int, says: str) -> None:
    client, _ = _client()
    answer = client.request(method, path, json=body)
    assert answer.status_code == code
    assert says in str(answer.json()["detail"])


def test_a_run_poll_passes_its_long_poll_wait_to_the_backend() -> None:
    client, backend = _client()
    assert client.get("/api/runs/7?events_after=3&wait_s=2.5").status_code == 404
    assert client.get("/api/runs/7").status_code == 404
    assert backend.calls == [("run", (7, 3, 2.5)), ("run", (7, None, 0.0))]
    assert client.get("/api/runs/7?events_after=0&wait_s=31").status_code == 422  # at most 30 s


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

    client = TestClient(create_api(Broken(), router=None), base_url="http://localhost")  # type: ignore[arg-type]
    answer = client.get("/api/jobs")
    assert answer.status_code == 503 and "/a.db" in answer.json()["detail"]


def test_deletes_answer_204_without_a_body() -> None:
    client, backend = _client()
    for path in ("/api/searches/1", "/api/companies/1"):
        answer = client.delete(path)
        assert answer.status_code == 204 and answer.content == b""
    assert backend.calls == [("delete_search", 1), ("delete_company", 1)]


def test_a_search_and_a_company_reach_the_backend_as_given() -> None:
    client, backend = _client()
    client.post("/api/searches", json={"name": "py", "term": "python", "sites": ["indeed"]})
    client.patch("/api/searches/4", json={"location": None})
    client.post("/api/companies", json={"url": "https://jobs.lever.co/globex"})
    client.patch("/api/companies/4", json={"render_js": True})
    [(_, search), (_, search_change), (_, company), (_, company_change)] = backend.calls
    assert (search.name, search.sites, search.results_wanted) == ("py", ["indeed"], 50)
    assert search_change.model_fields_set == {"location"}
    assert (company.url, company.name, company.ats, company.enabled) == (
        "https://jobs.lever.co/globex",
        None,
        "auto",
        True,
    )
    assert company_change.model_fields_set == {"render_js"}


def test_detect_tells_what_a_url_is_and_suggests_a_name() -> None:
    client, _ = _client()
    answer = client.get("/api/companies/detect", params={"url": "https://jobs.lever.co/acme-robotics"})
    assert answer.status_code == 200
    assert answer.json() == {
        "url": "https://jobs.lever.co/acme-robotics",
        "detected": "lever",
        "board_url": "https://jobs.lever.co/acme-robotics",
        "name": "Acme Robotics",
    }
