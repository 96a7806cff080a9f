"""Which of a run's jobs are worth an alert, on a real job database (jobscraper.store.alerts): the
jobs the run saw first, shown by default, that a saved search of the run found or that fit the active
profile well enough; the channels and what each already got."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert

from jobscraper.errors import Conflict, NotFound
from jobscraper.matching.profile import ProfileInput
from jobscraper.store import Database, SyncEngine, UserUpdate
from jobscraper.store import alerts as store
from jobscraper.store.profiles import put_profile
from jobscraper.store.tables import FIT
from tests.unit.conftest import FakeClock

SEARCH = {"name": "python berlin", "sites": ["indeed"], "enabled": True}


def _ids(sync: SyncEngine, postings: list[dict[str, Any]]) -> dict[str, int]:
    sync.upsert(postings)
    with sync.db.reader() as conn:
        from sqlalchemy import text

        return {r.title: r.id for r in conn.execute(text("SELECT id, title FROM job"))}


def _fit(db: Database, profile_id: int, job_id: int, score: int, sunk: bool = False) -> None:
    with db.writer() as conn:
        conn.execute(
            insert(FIT).values(
                profile_id=profile_id, job_id=job_id, version="v", score=score, cosine=0.5, sunk=sunk,
                detail=b"",
            )
        )  # fmt: skip


@pytest.fixture
def run(db: Database, sync: SyncEngine, clock: FakeClock, make_posting: Any) -> dict[str, Any]:
    """One old job (seen before the run), then a run that saw five new ones, then a job after it."""
    old = _ids(sync, [make_posting(title="Old", site="indeed")])
    clock.advance(hours=1)
    run_id = sync.start_run("scrape", {"searches": [SEARCH], "companies": []})
    clock.advance(seconds=1)
    ids = _ids(
        sync,
        [
            make_posting(title="Board hit", site="indeed", min_amount=90000.0, max_amount=110000.0),
            make_posting(title="Good fit", site="greenhouse"),
            make_posting(title="Poor fit", site="greenhouse"),
            make_posting(title="Sunk fit", site="greenhouse"),
            make_posting(title="Hidden", site="indeed"),
        ],
    )
    clock.advance(seconds=1)
    sync.finish_run(run_id, "done", {}, [])
    clock.advance(seconds=1)
    later = _ids(sync, [make_posting(title="After", site="indeed")])
    profile = put_profile(db, ProfileInput(resume_text="Python engineer"), clock())
    for title, score, sunk in (("Good fit", 85, False), ("Poor fit", 40, False), ("Sunk fit", 95, True)):
        _fit(db, profile.id, ids[title], score, sunk)
    _fit(db, profile.id, old["Old"], 99)
    sync.update_user_fields(ids["Hidden"], UserUpdate(hidden=True))
    channel = store.create_channel(db, "hook", "json://127.0.0.1:9/hook", clock())
    return {"run_id": run_id, "ids": {**ids, **old, **later}, "channel": channel.id}


def test_the_plan_holds_the_runs_new_visible_jobs_a_search_found_or_that_fit(
    db: Database, run: dict[str, Any], clock: FakeClock
) -> None:
    plan = store.alert_plan(db, run["run_id"], 70, True, clock())
    titles = [j.title for j in plan.jobs]
    assert titles == ["Good fit", "Board hit"]  # best fit first; no fit: after
    good, board = plan.jobs
    assert good.fit == 85 and "85/100" in good.reason
    assert board.reason == "found by saved search 'python berlin'"
    assert board.salary == "90,000–110,000 EUR / yearly"
    assert [c.name for c in plan.channels] == ["hook"] and plan.sent == {}


def test_a_lower_threshold_or_no_saved_search_matching_changes_the_plan(
    db: Database, run: dict[str, Any], clock: FakeClock
) -> None:
    assert [j.title for j in store.alert_plan(db, run["run_id"], 30, True, clock()).jobs] == [
        "Good fit", "Poor fit", "Board hit",
    ]  # fmt: skip
    assert [j.title for j in store.alert_plan(db, run["run_id"], 70, False, clock()).jobs] == ["Good fit"]


def test_what_a_channel_got_is_in_the_plan_and_recorded_once(
    db: Database, run: dict[str, Any], clock: FakeClock
) -> None:
    good = run["ids"]["Good fit"]
    assert store.record_alerts(db, run["channel"], [good, good], clock()) == 1
    assert store.record_alerts(db, run["channel"], [good], clock()) == 0
    assert store.alert_plan(db, run["run_id"], 70, True, clock()).sent == {run["channel"]: [good]}


def test_no_channel_no_plan_and_a_disabled_channel_is_left_out(
    db: Database, run: dict[str, Any], clock: FakeClock
) -> None:
    store.delete_channel(db, "hook")
    plan = store.alert_plan(db, run["run_id"], 70, True, clock())
    assert plan.channels == [] and plan.jobs == []


def test_channels_are_shown_masked_and_names_are_unique(db: Database, clock: FakeClock) -> None:
    store.create_channel(db, "phone", "ntfy://tk_secret@ntfy.sh/my-topic", clock())
    with pytest.raises(Conflict, match="phone"):
        store.create_channel(db, "phone", "ntfy://other@ntfy.sh/t", clock())
    (shown,) = store.public_channels(db)
    assert shown.url == "ntfy://***@ntfy.sh/my-topic" and "tk_secret" not in shown.model_dump_json()
    assert store.find_channel(db, shown.id).url == "ntfy://tk_secret@ntfy.sh/my-topic"
    assert store.delete_channel(db, str(shown.id)) == "phone"
    with pytest.raises(NotFound):
        store.find_channel(db, "phone")


def test_recording_for_a_removed_channel_records_nothing(
    db: Database, run: dict[str, Any], clock: FakeClock
) -> None:
    store.delete_channel(db, "hook")
    assert store.record_alerts(db, run["channel"], [run["ids"]["Good fit"]], clock()) == 0
