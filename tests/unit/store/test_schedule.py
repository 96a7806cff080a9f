"""When a scheduled search or company is due: from the start of its last run (database or live)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from jobscraper.config import SavedSearch, Settings
from jobscraper.store import Database, SyncEngine
from jobscraper.store.saved import create_company, create_search, record_last_results, update_search
from jobscraper.store.saved_shapes import CompanyCreate, SavedSearchUpdate, SourceOutcome
from jobscraper.store.schedule import due, next_due, scheduled_entries

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
HOUR = 3600


def _search(name: str, interval_s: int | None, **fields: object) -> SavedSearch:
    return SavedSearch.model_validate({"name": name, "term": "python", "interval_s": interval_s, **fields})


def _ran(db: Database, name: str, started: datetime, kind: str = "search") -> int:
    """A run of ``name`` that started at ``started`` and whose result is recorded on the entry."""
    run_id = SyncEngine(db, clock=lambda: started).start_run("scheduled", {})
    finished = started + timedelta(minutes=2)
    record_last_results(db, run_id, finished, [SourceOutcome(kind=kind, name=name, status="done")])  # type: ignore[arg-type]
    return run_id


def _due_names(db: Database, now: datetime, **kw: object) -> list[str]:
    return [e.name for e in due(scheduled_entries(db), now, **kw)]  # type: ignore[arg-type]


def test_only_entries_with_an_interval_are_scheduled_and_a_new_one_is_due_at_once(db: Database) -> None:
    create_search(db, _search("hourly", HOUR), T0)
    create_search(db, _search("by hand", None), T0)
    create_company(db, CompanyCreate(url="https://boards.greenhouse.io/acme", interval_s=6 * HOUR), T0)
    entries = scheduled_entries(db)
    assert [(e.kind, e.name, e.interval_s, e.last_started_at) for e in entries] == [
        ("search", "hourly", HOUR, None),
        ("company", "Acme", 6 * HOUR, None),
    ]
    assert [e.key for e in entries] == ["search:hourly", "company:acme"]
    assert _due_names(db, T0) == ["hourly", "Acme"]


def test_due_one_interval_after_the_last_runs_start_not_its_end(db: Database) -> None:
    create_search(db, _search("hourly", HOUR), T0)
    _ran(db, "hourly", T0)  # it ran 2 minutes: the clock counts from 09:00, not 09:02
    [entry] = scheduled_entries(db)
    assert entry.last_started_at == T0 and entry.next_at == T0 + timedelta(hours=1)
    assert _due_names(db, T0 + timedelta(minutes=59, seconds=59)) == []
    assert _due_names(db, T0 + timedelta(hours=1)) == ["hourly"]


def test_after_a_long_outage_an_overdue_entry_is_due_once(db: Database) -> None:
    create_search(db, _search("hourly", HOUR), T0)
    _ran(db, "hourly", T0)
    back = T0 + timedelta(days=3)  # 72 intervals missed
    assert _due_names(db, back) == ["hourly"]
    _ran(db, "hourly", back)  # the one catch-up run
    assert _due_names(db, back + timedelta(minutes=5)) == []


def test_disabled_and_busy_entries_are_not_due(db: Database) -> None:
    made = create_search(db, _search("hourly", HOUR), T0)
    create_search(db, _search("daily", 24 * HOUR), T0)
    update_search(db, made.id, SavedSearchUpdate(enabled=False), T0)
    assert _due_names(db, T0) == ["daily"]
    assert _due_names(db, T0, busy=["search:daily"]) == []  # a run of it is still going


def test_a_live_run_newer_than_the_database_resets_the_clock(db: Database) -> None:
    """A run the coordinator has finished but not yet recorded on the entry must not fire it again."""
    create_search(db, _search("hourly", HOUR), T0)
    _ran(db, "hourly", T0)
    later = T0 + timedelta(hours=1, minutes=1)
    entries = next_due(scheduled_entries(db), {"search:hourly": later, "search:other": later})
    assert entries[0].last_started_at == later
    assert due(entries, later + timedelta(seconds=30)) == []
    older = next_due(scheduled_entries(db), {"search:hourly": T0 - timedelta(days=1)})
    assert older[0].last_started_at == T0  # an older live run does not move it back


def test_a_manual_run_counts_as_the_last_run(db: Database) -> None:
    create_search(db, _search("hourly", HOUR), T0)
    _ran(db, "hourly", T0 + timedelta(minutes=30))  # started by hand, half-way
    assert _due_names(db, T0 + timedelta(hours=1)) == []
    assert _due_names(db, T0 + timedelta(hours=1, minutes=30)) == ["hourly"]


def test_the_config_refuses_an_interval_below_the_minimum() -> None:
    base = {"searches": [{"name": "eager", "term": "python", "interval_s": 60}]}
    with pytest.raises(
        ValidationError, match=r"'eager' has interval_s 60, below scheduler.min_interval_s \(300\)"
    ):
        Settings.model_validate(base)
    ok = Settings.model_validate(base | {"scheduler": {"min_interval_s": 60}})
    assert ok.searches[0].interval_s == 60
    with pytest.raises(ValidationError):
        Settings.model_validate({"companies": [{"name": "a", "url": "https://a.example", "interval_s": 0}]})
