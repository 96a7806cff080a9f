"""Enrichment in the job database: which jobs wait for extraction, and what storing a result does.

What a user would notice: a new or changed job is extracted (once), an archived one is not, a
result for content that changed meanwhile is dropped, a failure is recorded rather than retried
forever, an unreachable engine leaves the job waiting, an extracted salary and skills show up
where the source gave none (and never replace what a source gave), and the user's own fields
stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from jobrows import add_job, job_row
from sqlalchemy import text

from jobscraper.extraction import SCHEMA_VERSION, ExtractionResult, JobDetails, Salary
from jobscraper.extraction.schema import PayPeriod, RemotePolicy, Seniority, VisaSponsorship
from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, get_job, search_jobs
from jobscraper.store.enrich import EnrichCounts, PendingJob, StoredExtraction

MakePosting = Callable[..., dict[str, Any]]

SALARY_COLUMNS = (
    "min_amount",
    "max_amount",
    "currency",
    "interval",
    "salary_annual_min",
    "salary_annual_max",
)
NO_SALARY: dict[str, Any] = {"min_amount": None, "max_amount": None, "interval": None, "currency": None}


# --------------------------------------------------------------------------- helpers


def _pending(sync: SyncEngine, job_id: int) -> PendingJob | None:
    return next((p for p in sync.pending_extractions(limit=10_000) if p.id == job_id), None)


def _pending_ids(sync: SyncEngine) -> list[int]:
    return [p.id for p in sync.pending_extractions(limit=10_000)]


def _result(job_id: int, details: JobDetails | None = None, **fields: Any) -> ExtractionResult:
    return ExtractionResult(id=str(job_id), engine="test", details=details, **fields)


def _store(sync: SyncEngine, job_id: int, details: JobDetails | None = None, **fields: Any) -> EnrichCounts:
    """Store a result for the job as it is now (the hash the pending list gives)."""
    pending = _pending(sync, job_id)
    assert pending is not None, f"job {job_id} should be pending"
    item = StoredExtraction(
        job_id=job_id, content_hash=pending.content_hash, result=_result(job_id, details, **fields)
    )
    return sync.store_extractions([item])


def _change(sync: SyncEngine, clock: Any, posting: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The source shows the posting again, later, with ``changes``."""
    clock.advance(hours=3)
    changed = {**posting, **changes}
    assert sync.upsert([changed]).updated == 1
    return changed


DETAILS = JobDetails(
    skills=["Kubernetes", "Terraform"],
    seniority=Seniority.SENIOR,
    remote_policy=RemotePolicy.HYBRID,
    visa_sponsorship=VisaSponsorship.YES,
    summary="Runs the platform team.",
    language="en",
)


# --------------------------------------------------------------------------- which jobs are pending


def test_a_new_job_is_pending_and_a_stored_result_completes_it(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting(title="Platform Engineer", description="Keep the lights on."))

    pending = _pending(sync, job_id)
    assert pending is not None
    assert (pending.title, pending.description) == ("Platform Engineer", "Keep the lights on.")
    assert sync.count_pending() == 1

    clock.advance(minutes=5)
    counts = _store(sync, job_id, DETAILS)

    assert counts == EnrichCounts(stored=1)
    assert _pending(sync, job_id) is None
    assert sync.count_pending() == 0
    row = job_row(db, job_id)
    assert row["extraction_version"] == SCHEMA_VERSION
    assert row["extracted"] == DETAILS.model_dump(mode="json")
    assert JobDetails.model_validate(row["extracted"]) == DETAILS
    assert row["extraction_error"] is None
    assert (row["seniority"], row["remote_policy"], row["visa_sponsorship"]) == ("senior", "hybrid", "yes")
    assert row["extracted_at"].replace(tzinfo=UTC) == clock.now
    job = get_job(db, job_id)
    assert (job.seniority, job.remote_policy, job.visa_sponsorship) == ("senior", "hybrid", "yes")


def test_changed_content_makes_a_job_pending_again_and_a_reseen_job_does_not(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    changed, same = make_posting(), make_posting()
    changed_id, same_id = add_job(sync, changed), add_job(sync, same)
    _store(sync, changed_id, DETAILS)
    _store(sync, same_id, DETAILS)
    assert sync.count_pending() == 0

    clock.advance(days=1)
    counts = sync.upsert([{**changed, "description": "Now with a four-day week."}, same])

    assert (counts.updated, counts.unchanged) == (1, 1)
    assert _pending_ids(sync) == [changed_id]
    pending = _pending(sync, changed_id)
    assert pending is not None
    assert pending.description == "Now with a four-day week."


def test_a_job_extracted_with_another_schema_version_is_pending(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting())
    _store(sync, job_id, DETAILS)
    assert sync.count_pending() == 0

    with db.writer() as conn:
        conn.execute(text("UPDATE job SET extraction_version = 0 WHERE id = :id"), {"id": job_id})

    assert _pending_ids(sync) == [job_id]
    assert sync.count_pending() == 1


def test_archived_jobs_are_not_pending_until_seen_again(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    old, current = make_posting(), make_posting()
    old_id = add_job(sync, old)
    clock.advance(days=10)
    current_id = add_job(sync, current)

    assert sync.archive_stale(timedelta(days=5)) == 1

    assert _pending_ids(sync) == [current_id]
    assert sync.count_pending() == 1

    clock.advance(days=1)
    sync.upsert([old])  # seen again: back in the listings, still never extracted
    assert _pending_ids(sync) == [old_id, current_id]


def test_pending_extractions_is_an_id_ordered_cursor(sync: SyncEngine, make_posting: MakePosting) -> None:
    ids = [add_job(sync, make_posting()) for _ in range(6)]
    assert ids == sorted(ids)

    assert [p.id for p in sync.pending_extractions(after_id=0, limit=4)] == ids[:4]
    assert [p.id for p in sync.pending_extractions(after_id=ids[1], limit=2)] == ids[2:4]
    assert [p.id for p in sync.pending_extractions(after_id=ids[4], limit=10)] == ids[5:]
    assert sync.pending_extractions(after_id=ids[-1], limit=10) == []

    seen: list[int] = []
    after = 0
    while page := sync.pending_extractions(after_id=after, limit=4):
        seen += [p.id for p in page]
        after = page[-1].id
    assert seen == ids


def test_the_cursor_skips_jobs_that_are_done(sync: SyncEngine, make_posting: MakePosting) -> None:
    ids = [add_job(sync, make_posting()) for _ in range(4)]
    _store(sync, ids[1], DETAILS)

    assert [p.id for p in sync.pending_extractions(after_id=0, limit=2)] == [ids[0], ids[2]]


# --------------------------------------------------------------------------- storing results


def test_a_result_for_content_that_changed_meanwhile_is_dropped(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    posting = make_posting(description="Version one.")
    job_id = add_job(sync, posting)
    pending = _pending(sync, job_id)
    assert pending is not None

    _change(sync, clock, posting, description="Version two, rewritten.")
    counts = sync.store_extractions(
        [StoredExtraction(job_id=job_id, content_hash=pending.content_hash, result=_result(job_id, DETAILS))]
    )

    assert counts == EnrichCounts(stale=1)
    row = job_row(db, job_id)
    assert row["extracted"] is None
    assert row["extraction_version"] is None
    assert row["seniority"] is None
    assert row["skills"] == ["Python", "SQL"]
    again = _pending(sync, job_id)
    assert again is not None
    assert again.content_hash != pending.content_hash
    assert again.description == "Version two, rewritten."


def test_a_result_for_a_job_that_no_longer_exists_is_stale(sync: SyncEngine) -> None:
    counts = sync.store_extractions(
        [StoredExtraction(job_id=999, content_hash="gone", result=_result(999, DETAILS))]
    )
    assert counts == EnrichCounts(stale=1)


def test_a_batch_counts_each_outcome(db: Database, sync: SyncEngine, make_posting: MakePosting) -> None:
    ids = [add_job(sync, make_posting()) for _ in range(4)]
    hashes = {p.id: p.content_hash for p in sync.pending_extractions()}
    items = [
        StoredExtraction(job_id=ids[0], content_hash=hashes[ids[0]], result=_result(ids[0], DETAILS)),
        StoredExtraction(
            job_id=ids[1], content_hash=hashes[ids[1]], result=_result(ids[1], error="bad JSON")
        ),
        StoredExtraction(job_id=ids[2], content_hash="not-the-hash", result=_result(ids[2], DETAILS)),
        StoredExtraction(
            job_id=ids[3], content_hash=hashes[ids[3]], result=_result(ids[3], error="down", retryable=True)
        ),
    ]

    counts = sync.store_extractions(items)

    assert counts == EnrichCounts(stored=2, errors=1, stale=1, skipped=1)
    assert _pending_ids(sync) == [ids[2], ids[3]]


def test_a_failed_extraction_is_recorded_and_not_retried_until_the_content_changes(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    posting = make_posting()
    job_id = add_job(sync, posting)

    counts = _store(sync, job_id, None, error="invalid output after one repair: seniority: bad value")

    assert counts == EnrichCounts(stored=1, errors=1)
    row = job_row(db, job_id)
    assert row["extraction_error"] == "invalid output after one repair: seniority: bad value"
    assert row["extracted"] is None
    assert row["extraction_version"] == SCHEMA_VERSION
    assert row["seniority"] is None
    assert _pending(sync, job_id) is None, "a recorded failure is not retried on every pass"

    _change(sync, clock, posting, description="Reworded posting.")
    assert _pending(sync, job_id) is not None

    _store(sync, job_id, DETAILS)
    row = job_row(db, job_id)
    assert row["extraction_error"] is None, "a later success clears the recorded error"
    assert row["extracted"] == DETAILS.model_dump(mode="json")


def test_a_failure_is_retried_after_a_schema_bump(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting())
    _store(sync, job_id, None, error="cut at the token limit")
    assert _pending(sync, job_id) is None

    with db.writer() as conn:
        conn.execute(text("UPDATE job SET extraction_version = 0 WHERE id = :id"), {"id": job_id})

    assert _pending(sync, job_id) is not None


def test_a_failure_without_a_message_still_says_something(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting())
    _store(sync, job_id, None)
    assert job_row(db, job_id)["extraction_error"]
    assert _pending(sync, job_id) is None


def test_an_unreachable_engine_leaves_the_job_pending(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting())

    counts = _store(sync, job_id, None, error="connection refused", retryable=True)

    assert counts == EnrichCounts(skipped=1)
    row = job_row(db, job_id)
    assert row["extraction_error"] is None
    assert row["extraction_version"] is None
    assert row["extracted_at"] is None
    assert _pending(sync, job_id) is not None


# --------------------------------------------------------------------------- salary


def test_an_extracted_salary_fills_a_job_without_one(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting(**NO_SALARY))
    salary = Salary(min=5000, max=6000, currency="eur", period=PayPeriod.MONTH)

    _store(sync, job_id, JobDetails(salary=salary))

    row = job_row(db, job_id)
    assert (row["min_amount"], row["max_amount"], row["currency"], row["interval"]) == (
        5000,
        6000,
        "EUR",
        "monthly",
    )
    assert (row["salary_annual_min"], row["salary_annual_max"]) == (60000, 72000)
    assert row["salary_source"] == "extracted"
    # the salary filter sees it
    found = search_jobs(db, JobQuery(min_salary=70000)).items
    assert [j.id for j in found] == [job_id]
    assert search_jobs(db, JobQuery(min_salary=80000)).items == []


def test_an_extracted_salary_with_only_a_minimum(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting(**NO_SALARY))

    _store(sync, job_id, JobDetails(salary=Salary(min=40, currency="USD", period=PayPeriod.HOUR)))

    row = job_row(db, job_id)
    assert (row["min_amount"], row["max_amount"], row["interval"]) == (40, None, "hourly")
    assert (row["salary_annual_min"], row["salary_annual_max"]) == (83200, None)
    assert row["salary_source"] == "extracted"


def test_a_salary_without_amounts_is_not_written(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting(**NO_SALARY))

    _store(sync, job_id, JobDetails(salary=Salary(currency="EUR", period=PayPeriod.YEAR)))

    row = job_row(db, job_id)
    assert (row["min_amount"], row["max_amount"], row["currency"], row["salary_source"]) == (None,) * 4


def test_a_salary_the_source_gave_is_never_overwritten(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(
        sync,
        make_posting(
            min_amount=70000, max_amount=90000, interval="yearly", currency="EUR", salary_source="direct_data"
        ),
    )
    before = job_row(db, job_id)

    _store(
        sync, job_id, JobDetails(salary=Salary(min=5000, max=6000, currency="GBP", period=PayPeriod.MONTH))
    )

    row = job_row(db, job_id)
    for column in SALARY_COLUMNS:
        assert row[column] == before[column], column
    assert row["salary_source"] == "direct_data"
    assert (row["min_amount"], row["currency"], row["salary_annual_max"]) == (70000, "EUR", 90000)


def test_a_later_extraction_replaces_and_then_withdraws_an_extracted_salary(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    posting = make_posting(**NO_SALARY, description="Pays 5000 a month.")
    job_id = add_job(sync, posting)
    _store(sync, job_id, JobDetails(salary=Salary(min=5000, currency="EUR", period=PayPeriod.MONTH)))

    _change(sync, clock, posting, description="Pays 80k to 95k a year.")
    _store(
        sync, job_id, JobDetails(salary=Salary(min=80000, max=95000, currency="EUR", period=PayPeriod.YEAR))
    )

    row = job_row(db, job_id)
    assert (row["min_amount"], row["max_amount"], row["interval"]) == (80000, 95000, "yearly")
    assert (row["salary_annual_min"], row["salary_annual_max"]) == (80000, 95000)
    assert row["salary_source"] == "extracted"

    _change(sync, clock, posting, description="Salary on request.")
    _store(sync, job_id, JobDetails())

    row = job_row(db, job_id)
    for column in SALARY_COLUMNS:
        assert row[column] is None, column
    assert row["salary_source"] is None
    assert search_jobs(db, JobQuery(min_salary=1)).items == []


def test_a_failed_extraction_withdraws_the_salary_inferred_from_older_content(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    posting = make_posting(**NO_SALARY)
    job_id = add_job(sync, posting)
    _store(sync, job_id, JobDetails(salary=Salary(min=5000, currency="EUR", period=PayPeriod.MONTH)))

    _change(sync, clock, posting, description="Changed.")
    _store(sync, job_id, None, error="timeout")

    row = job_row(db, job_id)
    assert (row["min_amount"], row["interval"], row["salary_source"]) == (None, None, None)


def test_a_salary_the_source_adds_later_is_not_withdrawn_by_extraction(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    posting = make_posting(**NO_SALARY)
    job_id = add_job(sync, posting)
    _store(sync, job_id, JobDetails(salary=Salary(min=5000, currency="EUR", period=PayPeriod.MONTH)))

    # the board now states a salary itself (an import row with amounts but no salary_source)
    _change(sync, clock, posting, min_amount=70000, max_amount=90000, interval="yearly", currency="EUR")
    _store(sync, job_id, JobDetails())

    row = job_row(db, job_id)
    assert (row["min_amount"], row["max_amount"], row["interval"]) == (70000, 90000, "yearly")
    assert row["salary_source"] != "extracted"


# --------------------------------------------------------------------------- skills


def test_extracted_skills_fill_a_job_without_any(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting(skills=None))

    _store(sync, job_id, JobDetails(skills=["Rust", "PostgreSQL"]))

    assert job_row(db, job_id)["skills"] == ["Rust", "PostgreSQL"]
    assert get_job(db, job_id).skills == ["Rust", "PostgreSQL"]


def test_the_sources_own_skills_are_kept(db: Database, sync: SyncEngine, make_posting: MakePosting) -> None:
    job_id = add_job(sync, make_posting(skills=["Python", "SQL"]))

    _store(sync, job_id, JobDetails(skills=["Rust", "PostgreSQL"]))

    assert job_row(db, job_id)["skills"] == ["Python", "SQL"]
    assert job_row(db, job_id)["extracted"]["skills"] == ["Rust", "PostgreSQL"]


def test_a_later_extraction_replaces_skills_an_earlier_one_filled(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    posting = make_posting(skills=None)
    job_id = add_job(sync, posting)
    _store(sync, job_id, JobDetails(skills=["Rust"]))

    _change(sync, clock, posting, description="Now Go instead.")
    _store(sync, job_id, JobDetails(skills=["Go", "gRPC"]))
    assert job_row(db, job_id)["skills"] == ["Go", "gRPC"]

    _change(sync, clock, posting, description="No skills named.")
    _store(sync, job_id, JobDetails())
    assert job_row(db, job_id)["skills"] is None


def test_skills_filled_by_extraction_stay_replaceable_after_a_failed_extraction(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    posting = make_posting(skills=None)
    job_id = add_job(sync, posting)
    _store(sync, job_id, JobDetails(skills=["Rust"]))

    _change(sync, clock, posting, description="Changed once.")
    _store(sync, job_id, None, error="timeout")
    _change(sync, clock, posting, description="Changed twice: Go now.")
    _store(sync, job_id, JobDetails(skills=["Go"]))

    assert job_row(db, job_id)["skills"] == ["Go"]


def test_search_finds_a_job_by_an_extracted_skill(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting(title="Engineer", skills=None, description="Work on our platform."))
    add_job(sync, make_posting(skills=None, description="Something else entirely."))
    assert search_jobs(db, JobQuery(q="kubernetes")).items == []

    _store(sync, job_id, JobDetails(skills=["Kubernetes"]))

    assert [j.id for j in search_jobs(db, JobQuery(q="kubernetes")).items] == [job_id]


# --------------------------------------------------------------------------- user fields


def test_storing_results_never_touches_user_fields(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    posting = make_posting(**NO_SALARY, skills=None)
    job_id = add_job(sync, posting)
    applied = datetime(2025, 2, 14, 10, 0, tzinfo=UTC)
    sync.update_user_fields(
        job_id,
        UserUpdate(
            favorite=True,
            notes="Ask about the team",
            status=JobStatus.APPLIED,
            hidden=True,
            applied_at=applied,
        ),
    )

    def assert_user_fields() -> None:
        job = get_job(db, job_id)
        assert (job.favorite, job.notes, job.status, job.hidden) == (
            True,
            "Ask about the team",
            "applied",
            True,
        )
        assert job.applied_at == applied

    _store(
        sync,
        job_id,
        JobDetails(skills=["Go"], salary=Salary(min=1, currency="EUR"), seniority=Seniority.LEAD),
    )
    assert_user_fields()

    _change(sync, clock, posting, description="Changed.")
    _store(sync, job_id, None, error="bad output")
    assert_user_fields()


def test_the_tech_stack_joins_the_skills_each_once(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting(skills=None))

    _store(sync, job_id, JobDetails(skills=["SQL", "Kotlin"], tech_stack=["kotlin", "AWS"]))

    assert job_row(db, job_id)["skills"] == ["SQL", "Kotlin", "AWS"]
