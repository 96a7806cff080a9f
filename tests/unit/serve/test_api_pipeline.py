"""The pipeline over HTTP without Ray: ``GET /api/pipeline`` (the board), ``GET /api/jobs/due`` and
``PATCH /api/jobs/{id}`` with ``status`` and ``follow_up_at``. The real ApiBackend and app over a
real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobscraper.store import Database, SyncEngine
from jobscraper.store.tables import JOB
from tests.unit.serve.test_api_job_fit import POSTINGS, Loads, _client

TODAY = {"today": "2026-12-02"}


@pytest.fixture
def ids(db: Database, sync: SyncEngine, make_posting: Any) -> list[int]:
    sync.upsert([make_posting(**p) for p in POSTINGS])
    with db.reader() as conn:
        return [r.id for r in conn.execute(JOB.select().order_by(JOB.c.id))]


@pytest.fixture
def client(db: Database, ids: list[int]) -> Iterator[TestClient]:
    with _client(db, Loads()) as test_client:
        yield test_client


def board(client: TestClient) -> dict[str, list[dict[str, Any]]]:
    answer = client.get("/api/pipeline", params=TODAY)
    assert answer.status_code == 200, answer.text
    return {column["status"]: column["cards"] for column in answer.json()["columns"]}


def test_cards_move_between_columns_and_applied_records_the_date(client: TestClient, ids: list[int]) -> None:
    columns = board(client)
    assert list(columns) == ["new", "interested", "applied", "interviewing", "offer", "rejected", "withdrawn"]
    assert all(cards == [] for cards in columns.values()), "the new column holds starred jobs only"
    assert client.patch(f"/api/jobs/{ids[0]}", json={"favorite": True}).status_code == 200
    assert [c["id"] for c in board(client)["new"]] == [ids[0]]
    moved = client.patch(f"/api/jobs/{ids[0]}", json={"status": "applied"}).json()
    assert moved["applied_at"]
    (card,) = board(client)["applied"]
    assert card["id"] == ids[0] and card["applied_at"] and card["title"] and card["follow_up_at"] is None
    assert client.patch(f"/api/jobs/{ids[0]}", json={"status": "withdrawn"}).status_code == 200
    assert [c["id"] for c in board(client)["withdrawn"]] == [ids[0]]


def test_follow_ups_are_set_cleared_and_listed_when_due(client: TestClient, ids: list[int]) -> None:
    set_one = client.patch(f"/api/jobs/{ids[1]}", json={"follow_up_at": "2026-11-30"})
    assert set_one.json()["follow_up_at"] == "2026-11-30"
    client.patch(f"/api/jobs/{ids[2]}", json={"follow_up_at": "2026-12-05"})
    due = client.get("/api/jobs/due", params=TODAY).json()
    assert [c["id"] for c in due] == [ids[1]] and due[0]["overdue"] is True
    ahead = client.get("/api/jobs/due", params={"today": "2026-12-05"}).json()
    assert [c["id"] for c in ahead] == [ids[1], ids[2]]
    client.patch(f"/api/jobs/{ids[1]}", json={"follow_up_at": None})
    assert client.get("/api/jobs/due", params=TODAY).json() == []
    assert client.get(f"/api/jobs/{ids[1]}").json()["follow_up_at"] is None


@pytest.mark.parametrize(
    ("path", "body_or_query"),
    [
        ("patch", {"follow_up_at": "next week"}),
        ("patch", {"follow_up_at": "2026-13-01"}),
        ("patch", {"status": "ghosted"}),
        ("due", {"today": "tomorrow"}),
        ("pipeline", {"today": "2026-02-30"}),
    ],
)
def test_bad_dates_and_statuses_are_422_naming_the_field(
    client: TestClient, ids: list[int], path: str, body_or_query: dict[str, str]
) -> None:
    if path == "patch":
        answer = client.patch(f"/api/jobs/{ids[0]}", json=body_or_query)
    else:
        answer = client.get("/api/jobs/due" if path == "due" else "/api/pipeline", params=body_or_query)
    assert answer.status_code == 422
    assert next(iter(body_or_query)) in answer.text
