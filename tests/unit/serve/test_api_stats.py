"""GET /api/stats over HTTP without Ray (issue 17 item 12): the funnel named after every status, with
the jobs per status now and the jobs that got at least that far, and a salary summary per currency
— the real ApiBackend and app over a real SQLite file."""

from __future__ import annotations

from typing import Any

from jobscraper.models import JobStatus
from jobscraper.store import Database, SyncEngine, UserUpdate
from jobscraper.store.tables import JOB
from tests.unit.serve.test_api_job_fit import Loads, _client


def test_the_stats_name_the_funnel_after_the_statuses_and_keep_every_currency(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    sync.upsert(
        [make_posting(max_amount=60_000 + i, currency="EUR", interval="yearly") for i in range(3)]
        + [make_posting(max_amount=90_000, currency="USD", interval="yearly")]
    )
    with db.reader() as conn:
        first = conn.execute(JOB.select().order_by(JOB.c.id)).first()
    assert first is not None
    sync.update_user_fields(first.id, UserUpdate(status=JobStatus.APPLIED))

    with _client(db, Loads()) as client:
        stats = client.get("/api/stats").json()

    funnel = {f["stage"]: (f["count"], f["reached"]) for f in stats["funnel"]}
    assert list(funnel) == [s.value for s in JobStatus]
    assert funnel["new"] == (3, 4) and funnel["interested"] == (0, 1) and funnel["applied"] == (1, 1)
    assert [(s["currency"], s["count"]) for s in stats["salaries"]] == [("EUR", 3), ("USD", 1)]
    assert stats["salary"]["currency"] == "EUR"
