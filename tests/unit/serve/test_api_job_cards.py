"""What the Jobs page's cards need from the API (issue 17, items 4–6), over HTTP without Ray: the
real ApiBackend and app over a real SQLite file, the writer's real body in-process.

- every board a job was seen on comes with it in the list (``sources``), not only on its own page;
- ``run=<id>`` lists the jobs that run found new, ``first_seen_after=<iso>`` those first seen since;
- ``POST /api/jobs/bulk`` applies one change to many jobs, names the ids that were no job, and
  refuses an empty list, a list too long and a field it does not know.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobscraper.store import Database, SyncEngine
from jobscraper.store.bulk_edits import MAX_BULK
from jobscraper.store.tables import JOB
from tests.unit.conftest import FakeClock
from tests.unit.serve.test_api_job_fit import Loads, _client


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with _client(db, Loads()) as test_client:
        yield test_client


def _by_title(db: Database) -> dict[str, int]:
    with db.reader() as conn:
        return {row.title: row.id for row in conn.execute(JOB.select())}


def test_the_list_names_every_board_a_job_was_seen_on(
    client: TestClient, db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    same = {"title": "Data Engineer", "company": "Hooli", "location": "Berlin"}
    sync.upsert(
        [
            make_posting(site="linkedin", job_url="https://linkedin.example/jobs/1", **same),
            make_posting(site="indeed", job_url="https://indeed.example/viewjob?jk=1", **same),
            make_posting(site="indeed", title="Nurse", company="Ward", location="Boston"),
        ]
    )
    items = {job["title"]: job for job in client.get("/api/jobs").json()["items"]}
    assert {s["site"] for s in items["Data Engineer"]["sources"]} == {"linkedin", "indeed"}
    assert [s["site"] for s in items["Nurse"]["sources"]] == ["indeed"]
    assert items["Data Engineer"]["sources"][0]["job_url"] == "https://linkedin.example/jobs/1"


def test_new_since_a_run_and_since_a_moment(
    client: TestClient, db: Database, sync: SyncEngine, clock: FakeClock, make_posting: Any
) -> None:
    sync.upsert([make_posting(title="Old One")])
    clock.now += timedelta(hours=1)
    run = sync.start_run("scrape", {})
    clock.now += timedelta(minutes=1)
    sync.upsert([make_posting(title="Found By The Run"), make_posting(title="Also Found")])
    clock.now += timedelta(minutes=1)
    sync.finish_run(run, "done", {}, [])
    clock.now += timedelta(hours=1)
    sync.upsert([make_posting(title="Found Later")])

    def titles(**params: Any) -> set[str]:
        answer = client.get("/api/jobs", params=params)
        assert answer.status_code == 200, answer.text
        return {job["title"] for job in answer.json()["items"]}

    assert titles(run=run) == {"Found By The Run", "Also Found"}
    assert titles(run=run + 100) == set()  # no such run: nothing is new in it
    after_run = (clock.now - timedelta(minutes=30)).isoformat()
    assert titles(first_seen_after=after_run) == {"Found Later"}
    # the same moment written in another zone means the same jobs
    in_lisbon = (clock.now - timedelta(minutes=30)).astimezone().isoformat()
    assert titles(first_seen_after=in_lisbon) == {"Found Later"}
    assert client.get("/api/jobs", params={"first_seen_after": "yesterday"}).status_code == 422
    assert client.get("/api/jobs", params={"run": 0}).status_code == 422


def test_bulk_edit_changes_every_job_named_in_one_call(
    client: TestClient, db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    sync.upsert([make_posting(title=t) for t in ("One", "Two", "Three")])
    ids = _by_title(db)
    answer = client.post(
        "/api/jobs/bulk", json={"ids": [ids["One"], ids["Two"], 999_999], "change": {"favorite": True}}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"updated": [ids["One"], ids["Two"]], "missing": [999_999]}
    favourites = client.get("/api/jobs", params={"favorites": "true"}).json()["items"]
    assert {job["title"] for job in favourites} == {"One", "Two"}

    moved = client.post(
        "/api/jobs/bulk", json={"ids": [ids["One"], ids["Three"]], "change": {"status": "applied"}}
    )
    assert moved.status_code == 200
    for title in ("One", "Three"):  # the same path as one edit: moving to applied records the date
        job = client.get(f"/api/jobs/{ids[title]}").json()
        assert job["status"] == "applied" and job["applied_at"] is not None
    assert client.get(f"/api/jobs/{ids['One']}").json()["favorite"] is True  # the earlier edit stays

    hidden = client.post(
        "/api/jobs/bulk", json={"ids": [ids["Two"], ids["Three"]], "change": {"hidden": True}}
    )
    assert hidden.status_code == 200
    assert {job["title"] for job in client.get("/api/jobs").json()["items"]} == {"One"}


@pytest.mark.parametrize(
    "body",
    [
        {"ids": [], "change": {"favorite": True}},
        {"ids": list(range(1, MAX_BULK + 2)), "change": {"favorite": True}},
        {"ids": [1], "change": {"colour": "red"}},
        {"ids": [1], "change": {"status": "dreaming"}},
        {"ids": ["one"], "change": {"favorite": True}},
        {"change": {"favorite": True}},
    ],
)
def test_bulk_edit_refuses_bad_input_with_a_422(client: TestClient, body: dict[str, Any]) -> None:
    answer = client.post("/api/jobs/bulk", json=body)
    assert answer.status_code == 422 and answer.json()["detail"]
