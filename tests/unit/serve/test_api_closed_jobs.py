"""Closed jobs over HTTP without Ray: GET /api/jobs and GET /api/match leave a job that two liveness
checks found closed out by default and show it with ``closed=include|only``; its own page still
answers, with when and why it closed. The real ApiBackend and app over a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobscraper.store import Database, SyncEngine
from jobscraper.store.liveness import CheckResult
from jobscraper.store.tables import JOB
from jobscraper.store.writer import Writer
from tests.unit.serve.test_api_job_fit import POSTINGS, RESUME, Loads, _client


@pytest.fixture
def closed_id(db: Database, sync: SyncEngine, make_posting: Any) -> int:
    """Five jobs; the Django developer in Porto closed by two failed checks."""
    sync.upsert([make_posting(**p) for p in POSTINGS])
    with db.reader() as conn:
        job_id = conn.execute(JOB.select().where(JOB.c.title == "Python Django Developer")).one().id
    writer = Writer(db)
    for _ in range(2):
        writer.record_checks([CheckResult(job_id=job_id, verdict="closed", reason="HTTP 410")])
    return int(job_id)


@pytest.fixture
def client(db: Database, closed_id: int) -> Iterator[TestClient]:
    with _client(db, Loads()) as test_client:
        yield test_client


def _ids(answer: Any) -> set[int]:
    items = answer["items"] if isinstance(answer, dict) else answer
    return {item["id"] for item in items}


def test_the_job_list_leaves_closed_jobs_out_unless_asked(client: TestClient, closed_id: int) -> None:
    default = client.get("/api/jobs").json()
    assert closed_id not in _ids(default) and default["total"] == len(POSTINGS) - 1
    only = client.get("/api/jobs", params={"closed": "only"}).json()
    assert _ids(only) == {closed_id} and only["items"][0]["closed_reason"] == "HTTP 410"
    assert closed_id in _ids(client.get("/api/jobs", params={"closed": "include"}).json())
    assert client.get("/api/jobs", params={"closed": "maybe"}).status_code == 422
    page = client.get(f"/api/jobs/{closed_id}").json()
    assert page["closed_at"] and page["failed_checks"] == 2


def test_match_leaves_closed_jobs_out_unless_asked(client: TestClient, closed_id: int) -> None:
    client.put("/api/profile", json={"resume_text": RESUME})
    assert closed_id not in _ids(client.get("/api/match").json())
    assert closed_id in _ids(client.get("/api/match", params={"closed": "include"}).json())
