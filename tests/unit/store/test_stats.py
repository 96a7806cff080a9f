"""job_stats: the numbers the Analytics page and ``GET /api/stats`` show, as a user would read them.

What a user would notice: an empty database shows zeros (not an error), the activity chart has
one bar per day with the quiet days at zero, a job seen on two boards counts for both, every
status is listed, archived jobs drop out of everything but their own count, salaries are shown in
one currency with outliers in an open-ended last bucket, "Python" and "python" are one skill, and
a job rejected after applying still counts as applied in the funnel.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from jobrows import add_job

from jobscraper.extraction import ExtractionResult, JobDetails
from jobscraper.extraction.schema import Seniority
from jobscraper.models import JobStatus
from jobscraper.store import Database, SyncEngine, UserUpdate
from jobscraper.store.enrich import StoredExtraction, count_pending
from jobscraper.store.stats import (
    DayCount,
    FunnelStage,
    JobStats,
    SalaryBucket,
    SalaryStats,
    SkillCount,
    job_stats,
)

MakePosting = Callable[..., dict[str, Any]]

TOTAL_KEYS = ["jobs", "archived", "favorites", "hidden", "extracted", "pending_extraction", "applied"]
STAGES = [s.value for s in JobStatus]  # every status, in the vocabulary's order


def _set_status(sync: SyncEngine, job_id: int, *statuses: JobStatus) -> None:
    """The user moves the job through ``statuses``, one edit each."""
    for status in statuses:
        sync.update_user_fields(job_id, UserUpdate(status=status))


def _salaried(make_posting: MakePosting, amount: float | None, currency: str | None, **extra: Any) -> Any:
    """A posting paying ``amount`` a year (its maximum) in ``currency``."""
    return make_posting(min_amount=None, max_amount=amount, currency=currency, interval="yearly", **extra)


def _funnel(stats: JobStats) -> dict[str, int]:
    """How many jobs got at least as far as each stage."""
    return {stage.stage: stage.reached for stage in stats.funnel}


def _now(stats: JobStats) -> dict[str, int]:
    """How many jobs have each status now."""
    return {stage.stage: stage.count for stage in stats.funnel}


# --------------------------------------------------------------------------- empty


def test_an_empty_database_shows_zeros_and_empty_lists(db: Database) -> None:
    stats = job_stats(db, days=3, today=date(2025, 1, 3))

    assert stats.totals == dict.fromkeys(TOTAL_KEYS, 0)
    assert list(stats.totals) == TOTAL_KEYS
    assert stats.per_day == [
        DayCount(day=date(2025, 1, 1), new=0),
        DayCount(day=date(2025, 1, 2), new=0),
        DayCount(day=date(2025, 1, 3), new=0),
    ]
    assert stats.by_source == {}
    assert stats.by_status == {s.value: 0 for s in JobStatus}
    assert stats.salary == SalaryStats(currency=None, count=0, median=None, buckets=[])
    assert stats.top_skills == []
    assert stats.salaries == []
    assert stats.funnel == [FunnelStage(stage=s, count=0, reached=0) for s in STAGES]
    assert JobStats.model_validate_json(stats.model_dump_json()) == stats, "it travels as JSON"


def test_the_default_window_is_thirty_days_ending_today_in_utc(db: Database) -> None:
    stats = job_stats(db)

    assert len(stats.per_day) == 30
    assert stats.per_day[-1].day == datetime.now(UTC).date()
    assert stats.per_day[0].day == stats.per_day[-1].day - timedelta(days=29)


def test_a_window_of_no_days_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="days must be at least 1"):
        job_stats(db, days=0)


# --------------------------------------------------------------------------- activity


def test_jobs_per_day_are_counted_by_utc_date_oldest_first_with_quiet_days_at_zero(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    clock.now = datetime(2024, 12, 20, 9, 0, tzinfo=UTC)  # before the window
    add_job(sync, make_posting())
    clock.now = datetime(2024, 12, 30, 0, 0, tzinfo=UTC)  # the window's first moment
    add_job(sync, make_posting())
    clock.now = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    seen_twice = make_posting()
    add_job(sync, seen_twice)
    add_job(sync, make_posting())
    clock.now = datetime(2025, 1, 3, 1, 30, tzinfo=timezone(timedelta(hours=2)))  # Jan 2, 23:30 UTC
    add_job(sync, make_posting())
    clock.now = datetime(2025, 1, 3, 23, 59, tzinfo=UTC)
    add_job(sync, make_posting())
    sync.upsert([seen_twice])  # seen again today: still new on the day it was first seen
    clock.now = datetime(2025, 1, 4, 0, 0, tzinfo=UTC)  # after the window
    add_job(sync, make_posting())

    stats = job_stats(db, days=5, today=date(2025, 1, 3))

    assert [(d.day.isoformat(), d.new) for d in stats.per_day] == [
        ("2024-12-30", 1),
        ("2024-12-31", 0),
        ("2025-01-01", 2),
        ("2025-01-02", 1),
        ("2025-01-03", 1),
    ]
    assert stats.totals["jobs"] == 7


# --------------------------------------------------------------------------- sources and statuses


def test_a_job_seen_on_two_boards_counts_for_both_and_busier_boards_come_first(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    same = {"title": "Data Engineer", "company": "Acme", "location": "Berlin"}
    sync.upsert([make_posting(site="linkedin", **same)])
    counts = sync.upsert([make_posting(site="indeed", job_url="https://de.indeed.com/viewjob?jk=1", **same)])
    assert counts.merged_duplicates == 1
    sync.upsert([make_posting(site="linkedin"), make_posting(site="linkedin")])
    sync.upsert([make_posting(site="indeed", job_url="https://de.indeed.com/viewjob?jk=2")])
    sync.upsert([make_posting(site="glassdoor", job_url="https://www.glassdoor.com/job/3")])

    stats = job_stats(db)

    assert list(stats.by_source.items()) == [("linkedin", 3), ("indeed", 2), ("glassdoor", 1)]
    assert stats.totals["jobs"] == 5, "the job on two boards is one job"


def test_every_status_is_listed_even_without_jobs(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    ids = [add_job(sync, make_posting()) for _ in range(4)]
    _set_status(sync, ids[0], JobStatus.INTERESTED)
    _set_status(sync, ids[1], JobStatus.INTERESTED)
    _set_status(sync, ids[2], JobStatus.OFFER)

    stats = job_stats(db)

    assert stats.by_status == {s.value: 0 for s in JobStatus} | {"new": 1, "interested": 2, "offer": 1}
    assert list(stats.by_status) == [s.value for s in JobStatus]


# --------------------------------------------------------------------------- archived and hidden


def test_archived_jobs_count_only_as_archived(
    db: Database, sync: SyncEngine, clock: Any, make_posting: MakePosting
) -> None:
    kept = make_posting(site="linkedin", skills=["Python"])
    add_job(sync, kept)
    gone = add_job(
        sync,
        _salaried(
            make_posting,
            250_000,
            "USD",
            site="indeed",
            job_url="https://de.indeed.com/viewjob?jk=9",
            skills=["COBOL"],
        ),
    )
    extra = _salaried(
        make_posting, 300_000, "USD", site="indeed", job_url="https://de.indeed.com/viewjob?jk=8"
    )
    add_job(sync, extra)
    sync.update_user_fields(gone, UserUpdate(favorite=True, hidden=True))
    _set_status(sync, gone, JobStatus.APPLIED, JobStatus.OFFER)
    clock.advance(days=10)
    sync.upsert([kept])  # seen again; the other two are not
    assert sync.archive_stale(timedelta(days=5)) == 2

    stats = job_stats(db, days=30, today=clock.now.date())

    assert stats.totals == {
        "jobs": 1,
        "archived": 2,
        "favorites": 0,
        "hidden": 0,
        "extracted": 0,
        "pending_extraction": 1,
        "applied": 0,
    }
    assert sum(d.new for d in stats.per_day) == 1
    assert stats.by_source == {"linkedin": 1}
    assert stats.by_status["offer"] == 0 and stats.by_status["new"] == 1
    assert (stats.salary.currency, stats.salary.count) == ("EUR", 1), "the USD jobs are archived"
    assert [s.skill for s in stats.top_skills] == ["Python"]
    assert _funnel(stats) == {"new": 1} | {s: 0 for s in STAGES[1:]}


# --------------------------------------------------------------------------- salary


def test_salaries_are_shown_in_the_most_common_currency(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    for amount in (42_000, 55_000, 58_000, 61_000, 75_000):
        add_job(sync, _salaried(make_posting, amount, "EUR"))
    # only a minimum: that is the annual figure
    add_job(sync, make_posting(min_amount=50_000, max_amount=None, currency="eur", interval="yearly"))
    for amount in (90_000, 120_000, 150_000):
        add_job(sync, _salaried(make_posting, amount, "USD"))
    for amount in (40_000, 45_000):
        add_job(sync, _salaried(make_posting, amount, "GBP"))
    add_job(sync, _salaried(make_posting, None, None))  # no salary at all: left out

    salary = job_stats(db).salary

    assert salary.currency == "EUR"
    assert salary.count == 6
    assert salary.median == 56_500  # between 55,000 and 58,000
    assert salary.buckets == [
        SalaryBucket(low=40_000, high=50_000, count=1),
        SalaryBucket(low=50_000, high=60_000, count=3),
        SalaryBucket(low=60_000, high=70_000, count=1),
        SalaryBucket(low=70_000, high=80_000, count=1),
        SalaryBucket(low=80_000, high=None, count=0),
    ]


def test_every_currency_has_its_own_salary_chart_so_no_salaried_job_is_left_out(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    for amount in (42_000, 55_000, 58_000):
        add_job(sync, _salaried(make_posting, amount, "EUR"))
    for amount in (90_000, 120_000):
        add_job(sync, _salaried(make_posting, amount, "USD"))
    add_job(sync, _salaried(make_posting, 40_000, "GBP"))
    add_job(sync, _salaried(make_posting, 30_000, None))  # a salary without a currency: still shown

    stats = job_stats(db)

    assert [(s.currency, s.count) for s in stats.salaries] == [("EUR", 3), ("USD", 2), ("GBP", 1), (None, 1)]
    assert stats.salaries[0] == stats.salary, "the most common one is still the headline"
    assert stats.salaries[1].median == 105_000
    assert sum(b.count for s in stats.salaries for b in s.buckets) == 7


def test_an_odd_number_of_salaries_has_the_middle_one_as_median_and_monthly_pay_is_annualised(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    add_job(sync, make_posting(min_amount=None, max_amount=5_000, currency="EUR", interval="monthly"))
    add_job(sync, _salaried(make_posting, 30_000, "EUR"))
    add_job(sync, _salaried(make_posting, 100_000, "EUR"))

    salary = job_stats(db).salary

    assert (salary.count, salary.median) == (3, 60_000)


def test_outliers_land_in_the_open_ended_last_bucket_instead_of_stretching_the_chart(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    for amount in range(40_000, 135_000, 5_000):  # 19 salaries, 40k … 130k
        add_job(sync, _salaried(make_posting, amount, "EUR"))
    add_job(sync, _salaried(make_posting, 2_000_000, "EUR"))  # a misread hourly rate

    salary = job_stats(db).salary

    assert salary.count == 20
    assert salary.median == 87_500
    closed, last = salary.buckets[:-1], salary.buckets[-1]
    assert [(b.low, b.high, b.count) for b in closed] == [
        (40_000 + i * 10_000, 50_000 + i * 10_000, 2 if i < 9 else 1) for i in range(10)
    ]
    assert last == SalaryBucket(low=140_000, high=None, count=1)


def test_a_wide_range_of_salaries_takes_wider_buckets_and_at_most_fifteen(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    amounts = [30_000, 80_000, 160_000, 240_000, 330_000]
    for amount in amounts:
        add_job(sync, _salaried(make_posting, amount, "USD"))

    buckets = job_stats(db).salary.buckets

    assert len(buckets) <= 15
    assert buckets[0].low == 25_000
    assert all(b.high is not None and b.high - b.low == 25_000 for b in buckets[:-1])
    assert buckets[-1].high is None
    assert sum(b.count for b in buckets) == len(amounts)
    for amount in amounts:
        holding = [b for b in buckets if b.low <= amount and (b.high is None or amount < b.high)]
        assert len(holding) == 1 and holding[0].count >= 1


def test_currency_ties_go_alphabetically_and_no_currency_only_counts_alone(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    for _ in range(3):
        add_job(sync, _salaried(make_posting, 70_000, None))
    assert job_stats(db).salary.currency is None
    assert job_stats(db).salary.count == 3

    add_job(sync, _salaried(make_posting, 80_000, "USD"))
    add_job(sync, _salaried(make_posting, 60_000, "GBP"))
    salary = job_stats(db).salary

    assert (salary.currency, salary.count, salary.median) == ("GBP", 1, 60_000)


# --------------------------------------------------------------------------- skills


def test_skills_merge_letter_case_and_count_once_per_job(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    add_job(sync, make_posting(skills=["Python", "SQL"]))
    add_job(sync, make_posting(skills=["python", "Go"]))
    add_job(sync, make_posting(skills=["PYTHON", "python", "Python "]))  # one job, listed three ways
    add_job(sync, make_posting(skills=["Python", "rust"]))
    add_job(sync, make_posting(skills=["python", "Rust"]))
    add_job(sync, make_posting(skills=None))
    add_job(sync, make_posting(skills=[]))

    top = job_stats(db).top_skills

    assert top == [
        SkillCount(skill="Python", count=5),  # "Python" in 3 jobs, "python" in 3, "Python" first
        SkillCount(skill="rust", count=2),  # a tie: the spelling seen first
        SkillCount(skill="Go", count=1),
        SkillCount(skill="SQL", count=1),
    ]


def test_only_the_twenty_most_listed_skills_are_shown(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    many = [f"skill {i:02d}" for i in range(30)]
    add_job(sync, make_posting(skills=many))
    add_job(sync, make_posting(skills=["skill 29", "skill 28"]))

    top = job_stats(db).top_skills

    assert len(top) == 20
    assert top[:2] == [SkillCount(skill="skill 28", count=2), SkillCount(skill="skill 29", count=2)]
    assert [s.skill for s in top[2:]] == many[:18]


# --------------------------------------------------------------------------- funnel and totals


def test_the_funnel_counts_jobs_that_reached_each_stage(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    ids = [add_job(sync, make_posting()) for _ in range(8)]
    # ids[0], ids[1]: new
    _set_status(sync, ids[2], JobStatus.INTERESTED)
    _set_status(sync, ids[3], JobStatus.APPLIED)
    _set_status(sync, ids[4], JobStatus.INTERVIEWING)  # no applied date, but past applying
    _set_status(sync, ids[5], JobStatus.APPLIED, JobStatus.INTERVIEWING, JobStatus.OFFER)
    _set_status(sync, ids[6], JobStatus.APPLIED, JobStatus.REJECTED)  # rejected after applying
    _set_status(sync, ids[7], JobStatus.REJECTED)  # turned down before applying
    sync.update_user_fields(ids[5], UserUpdate(hidden=True, favorite=True))

    stats = job_stats(db)

    # named after the statuses: "new" counts every job (each starts new), nothing says "saved"
    assert _funnel(stats) == {
        "new": 8,
        "interested": 6,
        "applied": 4,
        "interviewing": 2,
        "offer": 1,
        "rejected": 2,
    } | {s: 0 for s in STAGES[6:]}
    assert _now(stats) == {
        "new": 2,
        "interested": 1,
        "applied": 1,
        "interviewing": 1,
        "offer": 1,
        "rejected": 2,
    } | {s: 0 for s in STAGES[6:]}
    assert [f.stage for f in stats.funnel] == STAGES
    assert stats.totals["applied"] == 4
    assert (stats.totals["hidden"], stats.totals["favorites"]) == (1, 1)
    assert stats.totals["jobs"] == 8, "a hidden job is still counted"
    assert stats.by_status["rejected"] == 2


def test_an_applied_date_alone_counts_the_job_as_applied_in_the_totals(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    job_id = add_job(sync, make_posting())
    sync.update_user_fields(job_id, UserUpdate(applied_at=datetime(2025, 1, 1, tzinfo=UTC)))

    assert job_stats(db).totals["applied"] == 1


def test_extracted_and_pending_counts_follow_stored_extractions(
    db: Database, sync: SyncEngine, make_posting: MakePosting
) -> None:
    ids = [add_job(sync, make_posting()) for _ in range(3)]
    assert job_stats(db).totals["pending_extraction"] == 3
    hashes = {p.id: p.content_hash for p in sync.pending_extractions()}
    details = JobDetails(skills=["Kubernetes"], seniority=Seniority.SENIOR, summary="Runs it.", language="en")
    sync.store_extractions(
        [
            StoredExtraction(
                job_id=ids[0],
                content_hash=hashes[ids[0]],
                result=ExtractionResult(id=str(ids[0]), engine="test", details=details),
            ),
            StoredExtraction(  # a failure is recorded: neither extracted nor pending
                job_id=ids[1],
                content_hash=hashes[ids[1]],
                result=ExtractionResult(id=str(ids[1]), engine="test", error="model gave up"),
            ),
        ]
    )

    totals = job_stats(db).totals

    assert (totals["extracted"], totals["pending_extraction"]) == (1, 1)
    assert totals["pending_extraction"] == count_pending(db)
