"""Liveness in the store: two failed checks in a row close a job, a success resets the count, user
data stays, closed jobs leave the default views (an explicit filter shows them), a scrape that lists
the job again reopens it — all through the writer, as the coordinator and the CLI write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, get_job, search_jobs
from jobscraper.store.liveness import CheckResult, LivenessCounts
from jobscraper.store.writer import Writer
from tests.unit.conftest import FakeClock
from tests.unit.store.jobrows import add_job, job_row

Make = Callable[..., dict[str, Any]]


@pytest.fixture
def writer(db: Database, clock: FakeClock) -> Writer:
    return Writer(db, clock=clock)


def _gone(job_id: int) -> CheckResult:
    return CheckResult(job_id=job_id, verdict="closed", reason="HTTP 404")


def _ids(db: Database, **query: Any) -> set[int]:
    return {j.id for j in search_jobs(db, JobQuery(per_page=500, **query)).items}


def test_two_failed_checks_in_a_row_close_a_job_with_its_reason_and_date(
    writer: Writer, sync: SyncEngine, db: Database, clock: FakeClock, make_posting: Make
) -> None:
    job = add_job(sync, make_posting())
    first = writer.record_checks([_gone(job)])
    assert first == LivenessCounts(checked=1, failed=1)
    assert job_row(db, job)["closed_at"] is None and job_row(db, job)["failed_checks"] == 1
    closed_at = clock.advance(days=1)
    second = writer.record_checks([_gone(job)])
    assert second == LivenessCounts(checked=1, closed=1)
    row = job_row(db, job)
    assert row["closed_at"] == closed_at and row["closed_reason"] == "HTTP 404"
    assert row["last_checked_at"] == closed_at and row["failed_checks"] == 2


def test_a_success_between_failures_resets_the_count(
    writer: Writer, sync: SyncEngine, db: Database, make_posting: Make
) -> None:
    job = add_job(sync, make_posting())
    writer.record_checks([_gone(job)])
    found_open = writer.record_checks([CheckResult(job_id=job, verdict="open")])
    assert found_open == LivenessCounts(checked=1, open=1)
    assert job_row(db, job)["failed_checks"] == 0
    assert writer.record_checks([_gone(job)]).failed == 1
    assert job_row(db, job)["closed_at"] is None


def test_an_unknown_verdict_neither_fails_nor_clears(
    writer: Writer, sync: SyncEngine, db: Database, clock: FakeClock, make_posting: Make
) -> None:
    job = add_job(sync, make_posting())
    writer.record_checks([_gone(job)])
    checked = clock.advance(hours=1)
    blocked = CheckResult(job_id=job, verdict="unknown", reason="Blocked: HTTP 403")
    assert writer.record_checks([blocked]) == LivenessCounts(checked=1, unknown=1)
    row = job_row(db, job)
    assert row["failed_checks"] == 1 and row["closed_at"] is None and row["last_checked_at"] == checked
    assert writer.record_checks([_gone(job)]).closed == 1  # still two failures in a row


def test_closing_keeps_the_users_data_and_never_deletes(
    writer: Writer, sync: SyncEngine, db: Database, make_posting: Make
) -> None:
    job = add_job(sync, make_posting())
    sync.update_user_fields(
        job, UserUpdate(favorite=True, notes="call Anna", status=JobStatus.APPLIED, hidden=False)
    )
    writer.record_checks([_gone(job)])
    writer.record_checks([_gone(job)])
    kept = get_job(db, job)
    assert kept.closed_at is not None
    assert (kept.favorite, kept.notes, kept.status) == (True, "call Anna", "applied")


def test_closed_jobs_leave_the_default_views_and_an_explicit_filter_shows_them(
    writer: Writer, sync: SyncEngine, db: Database, make_posting: Make
) -> None:
    open_job = add_job(sync, make_posting(title="Python developer"))
    closed_job = add_job(sync, make_posting(title="Python engineer"))
    writer.record_checks([_gone(closed_job)])
    writer.record_checks([_gone(closed_job)])
    assert _ids(db) == {open_job}
    assert _ids(db, q="python") == {open_job}  # the full-text search too
    assert _ids(db, closed="include") == {open_job, closed_job}
    assert _ids(db, closed="only") == {closed_job}
    assert _ids(db, closed="only", q="python") == {closed_job}


def test_due_jobs_wait_min_days_unless_their_last_check_failed(
    writer: Writer, sync: SyncEngine, clock: FakeClock, make_posting: Make
) -> None:
    old, failing, checked = (add_job(sync, make_posting()) for _ in range(3))
    clock.advance(days=4)
    writer.record_checks([_gone(failing)])  # checked just now, but its failure wants confirming
    writer.record_checks([CheckResult(job_id=checked, verdict="open")])  # found open just now
    fresh = add_job(sync, make_posting())  # seen by a scrape just now
    due = writer.due_checks(3, 10)
    assert [t.job_id for t in due] == [failing, old]  # unconfirmed failures first
    assert due[1].url.startswith("http")
    assert [t.job_id for t in writer.due_checks(3, 1)] == [failing]  # the limit holds
    assert {t.job_id for t in writer.due_checks(0, 10)} == {old, failing, checked, fresh}


def test_closed_and_archived_jobs_are_not_due_and_late_verdicts_leave_them_be(
    writer: Writer, sync: SyncEngine, db: Database, clock: FakeClock, make_posting: Make
) -> None:
    closed, archived = add_job(sync, make_posting()), add_job(sync, make_posting())
    writer.record_checks([_gone(closed)])
    writer.record_checks([_gone(closed)])
    clock.advance(days=40)
    assert sync.archive_stale(timedelta(days=30)) == 2  # ageing out archives closed jobs too
    assert writer.due_checks(0, 10) == []
    assert writer.record_checks([CheckResult(job_id=archived, verdict="open")]) == LivenessCounts()
    assert writer.record_checks([CheckResult(job_id=closed, verdict="open")]) == LivenessCounts()
    assert job_row(db, closed)["closed_at"] is not None


def test_a_scrape_that_lists_the_job_again_reopens_it(
    writer: Writer, sync: SyncEngine, db: Database, clock: FakeClock, make_posting: Make
) -> None:
    posting = make_posting()
    job = add_job(sync, posting)
    writer.record_checks([_gone(job)])
    writer.record_checks([_gone(job)])
    assert _ids(db) == set()
    clock.advance(days=1)
    sync.upsert([posting])  # the same posting, unchanged
    row = job_row(db, job)
    assert row["closed_at"] is None and row["closed_reason"] is None and row["failed_checks"] == 0
    assert _ids(db) == {job}
