"""The Jobs page's filters over HTTP without Ray: ``remote`` and each job's ``work_mode`` from one
rule, ``GET /api/jobs/sources`` listing what ``source=`` takes (the names the store records, and
``company``). The real ApiBackend and app over a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from jobscraper.store import Database, SyncEngine
from jobscraper.store.tables import JOB
from tests.unit.serve.test_api_job_fit import Loads, _client


@pytest.fixture
def ids(db: Database, sync: SyncEngine, make_posting: Any) -> dict[str, int]:
    """A board listing flagged remote with no extracted policy, one flagged remote whose page says
    on-site, an ATS job extracted as remote, and a career page's on-site job."""
    sync.upsert(
        [
            make_posting(title="Board remote", site="linkedin", is_remote=True),
            make_posting(title="Page says onsite", site="indeed", is_remote=True),
            make_posting(title="ATS remote", site="lever", job_url="https://jobs.lever.co/acme/1"),
            make_posting(title="Career onsite", site="jobs.acme.com", job_url="https://jobs.acme.com/2"),
        ]
    )
    with db.writer() as conn:
        conn.execute(update(JOB).where(JOB.c.title == "Board remote").values(remote_policy="unknown"))
        conn.execute(update(JOB).where(JOB.c.title == "Page says onsite").values(remote_policy="onsite"))
        conn.execute(update(JOB).where(JOB.c.title == "ATS remote").values(remote_policy="remote"))
    with db.reader() as conn:
        return {row.title: row.id for row in conn.execute(select(JOB.c.title, JOB.c.id))}


@pytest.fixture
def client(db: Database, ids: dict[str, int]) -> Iterator[TestClient]:
    with _client(db, Loads()) as test_client:
        yield test_client


def _titles(answer: dict[str, Any]) -> set[str]:
    return {job["title"] for job in answer["items"]}


def test_remote_lists_exactly_the_jobs_whose_work_mode_is_remote(client: TestClient) -> None:
    remote = client.get("/api/jobs", params={"remote": "true"}).json()
    assert _titles(remote) == {"Board remote", "ATS remote"} and remote["total"] == 2
    assert {job["work_mode"] for job in remote["items"]} == {"remote"}
    rest = client.get("/api/jobs", params={"remote": "false"}).json()
    assert _titles(rest) == {"Page says onsite", "Career onsite"}
    modes = {job["title"]: job["work_mode"] for job in client.get("/api/jobs").json()["items"]}
    assert modes["Page says onsite"] == "onsite"  # what the page says wins over the board's flag


def test_the_sources_route_lists_what_the_source_filter_takes(
    client: TestClient, ids: dict[str, int]
) -> None:
    facets = client.get("/api/jobs/sources").json()
    assert [(f["name"], f["kind"], f["jobs"]) for f in facets] == [
        ("indeed", "board", 1),
        ("linkedin", "board", 1),
        ("company", "company", 2),
        ("lever", "ats", 1),
        ("jobs.acme.com", "career", 1),
    ]
    for facet in facets:
        listed = client.get("/api/jobs", params={"source": facet["name"]}).json()
        assert listed["total"] == facet["jobs"], facet
    assert _titles(client.get("/api/jobs", params={"source": "company"}).json()) == {
        "ATS remote",
        "Career onsite",
    }
    job = client.get(f"/api/jobs/{ids['ATS remote']}").json()
    assert job["work_mode"] == "remote"
