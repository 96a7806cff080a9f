"""SyncEngine: what an import/scrape does to the job database, as a user would see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import text

from jobscraper.errors import NotFound
from jobscraper.models import JobStatus
from jobscraper.posting import Posting
from jobscraper.store import (
    Database,
    JobQuery,
    SyncEngine,
    UpsertCounts,
    UserUpdate,
    get_job,
    search_jobs,
)


def _count(db: Database, table: str) -> int:
    with db.reader() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _job_id(db: Database, url: str) -> int:
    with db.reader() as conn:
        return int(
            conn.execute(text("SELECT job_id FROM job_source WHERE job_url = :u"), {"u": url}).scalar_one()
        )


def _all_jobs(db: Database) -> list[Any]:
    return search_jobs(db, JobQuery(archived="include", include_hidden=True, per_page=500)).items


USER_EDIT = UserUpdate(
    favorite=True,
    notes="Talked to Anna; follow up Friday",
    status=JobStatus.INTERVIEWING,
    applied_at=datetime(2024, 12, 20, 9, 30, tzinfo=UTC),
    hidden=True,
)


def _assert_user_fields(db: Database, job_id: int) -> None:
    job = get_job(db, job_id)
    assert job.favorite is True
    assert job.notes == "Talked to Anna; follow up Friday"
    assert job.status == "interviewing"
    assert job.applied_at == datetime(2024, 12, 20, 9, 30, tzinfo=UTC)
    assert job.hidden is True


# --------------------------------------------------------------------------- counts


def test_first_import_inserts_every_posting(db, sync, make_posting):
    batch = [make_posting() for _ in range(3)]

    counts = sync.upsert(batch)

    assert counts == UpsertCounts(inserted=3)
    assert _count(db, "job") == 3
    assert _count(db, "job_source") == 3
    assert {j.title for j in _all_jobs(db)} == {p["title"] for p in batch}


def test_empty_batch_does_nothing(db, sync):
    assert sync.upsert([]) == UpsertCounts()
    assert _count(db, "job") == 0


def test_upsert_accepts_posting_models_and_dicts(db, sync, make_posting):
    a, b = make_posting(), make_posting()
    counts = sync.upsert([Posting.model_validate(a), b])
    assert counts.inserted == 2


def test_reimport_of_the_same_batch_is_all_unchanged(db, sync, clock, make_posting):
    batch = [make_posting() for _ in range(4)]
    sync.upsert(batch)
    before = {j.id: j for j in _all_jobs(db)}
    clock.advance(days=1)

    counts = sync.upsert(batch)

    assert counts == UpsertCounts(unchanged=4)
    assert _count(db, "job") == 4
    assert _count(db, "job_source") == 4
    for job in _all_jobs(db):
        old = before[job.id]
        assert job.last_seen == clock.now, "a job seen again has its last_seen bumped"
        assert job.first_seen == old.first_seen
        assert job.updated_at == old.updated_at, "nothing changed, so updated_at stays"
        assert job.description == old.description


def test_a_url_repeated_within_one_batch_counts_once(db, sync, make_posting):
    p = make_posting()
    counts = sync.upsert([p, dict(p), dict(p)])
    assert counts.total == 1
    assert counts.inserted == 1
    assert _count(db, "job_source") == 1


def test_changed_description_is_updated_and_the_job_shows_it(db, sync, clock, make_posting):
    p = make_posting(description="Old text.")
    sync.upsert([p])
    job_id = _job_id(db, p["job_url"])
    first_seen = get_job(db, job_id).first_seen
    clock.advance(hours=6)

    counts = sync.upsert([{**p, "description": "New text: now with a 4-day week."}])

    assert counts == UpsertCounts(updated=1)
    job = get_job(db, job_id)
    assert job.description == "New text: now with a 4-day week."
    assert job.updated_at == clock.now
    assert job.last_seen == clock.now
    assert job.first_seen == first_seen
    assert _count(db, "job") == 1
    assert _count(db, "job_source") == 1


def test_changed_salary_is_updated_and_annualised(db, sync, make_posting):
    p = make_posting(interval="yearly", min_amount=60000.0, max_amount=80000.0)
    sync.upsert([p])
    job_id = _job_id(db, p["job_url"])

    counts = sync.upsert([{**p, "interval": "hourly", "min_amount": 40.0, "max_amount": 50.0}])

    assert counts.updated == 1
    job = get_job(db, job_id)
    assert (job.interval, job.min_amount, job.max_amount) == ("hourly", 40.0, 50.0)
    assert job.salary_annual_min == 40.0 * 2080
    assert job.salary_annual_max == 50.0 * 2080


def test_only_a_new_posting_date_is_unchanged(db, sync, make_posting):
    # Boards show relative dates that drift daily; that alone must not flag every job as updated.
    p = make_posting(date_posted="2025-01-01")
    sync.upsert([p])
    assert sync.upsert([{**p, "date_posted": "2025-01-02"}]) == UpsertCounts(unchanged=1)


def test_mixed_batch_counts_each_kind(db, sync, make_posting):
    keep, change = make_posting(), make_posting()
    sync.upsert([keep, change])
    fresh = make_posting()
    dup = {
        **keep,
        "site": "indeed",
        "id": "in-1",
        "job_url": "https://de.indeed.com/viewjob?jk=abc123",
    }

    counts = sync.upsert([keep, {**change, "description": "changed"}, fresh, dup])

    assert counts == UpsertCounts(inserted=1, updated=1, unchanged=1, merged_duplicates=1)
    assert counts.total == 4


# ----------------------------------------------------------------- cross-source duplicates


def _linkedin_and_indeed() -> tuple[dict[str, Any], dict[str, Any]]:
    linkedin = {
        "id": "li-4001",
        "site": "linkedin",
        "job_url": "https://www.linkedin.com/jobs/view/4001",
        "title": "DevOps Engineer (m/w/d)",
        "company": "Acme Robotics GmbH",
        "location": "Berlin, BE, Germany",
        "description": "Run our Kubernetes clusters.",
        "is_remote": False,
    }
    indeed = {
        "id": "in-9f1",
        "site": "indeed",
        "job_url": "https://de.indeed.com/viewjob?jk=9f1",
        "job_url_direct": "https://careers.acme.example/3",
        "title": "DevOps Engineer",
        "company": "ACME Robotics",
        "location": "Berlin",
        "description": "Run our Kubernetes clusters.",
        "is_remote": False,
    }
    return linkedin, indeed


@pytest.mark.parametrize("same_batch", [True, False], ids=["one-batch", "two-imports"])
def test_same_job_on_linkedin_and_indeed_is_one_job_with_two_sources(db, sync, same_batch):
    linkedin, indeed = _linkedin_and_indeed()

    if same_batch:
        counts = sync.upsert([linkedin, indeed])
    else:
        counts = sync.upsert([linkedin]) + sync.upsert([indeed])

    assert counts == UpsertCounts(inserted=1, merged_duplicates=1)
    assert _count(db, "job") == 1
    assert _count(db, "job_source") == 2
    job = get_job(db, _job_id(db, linkedin["job_url"]))
    assert [s.site for s in job.sources] == ["linkedin", "indeed"]
    assert {s.job_url for s in job.sources} == {linkedin["job_url"], indeed["job_url"]}
    assert _job_id(db, indeed["job_url"]) == job.id
    # and a later import of both is all unchanged, still one job
    assert sync.upsert([linkedin, indeed]) == UpsertCounts(unchanged=2)
    assert _count(db, "job") == 1


def test_duplicate_fills_empty_fields_but_overwrites_nothing(db, sync):
    linkedin, indeed = _linkedin_and_indeed()
    indeed = {
        **indeed,
        "description": "Indeed's shorter text.",
        "interval": "yearly",
        "min_amount": 70000.0,
        "max_amount": 90000.0,
        "currency": "EUR",
    }
    sync.upsert([linkedin])
    sync.upsert([indeed])

    job = get_job(db, _job_id(db, linkedin["job_url"]))
    assert job.description == "Run our Kubernetes clusters."
    assert job.title == "DevOps Engineer (m/w/d)"
    assert (job.min_amount, job.max_amount, job.currency) == (70000.0, 90000.0, "EUR")
    assert job.salary_annual_max == 90000.0


def test_same_title_and_company_in_another_city_is_another_job(db, sync, make_posting):
    berlin = make_posting(company="Acme", title="Data Engineer", location="Berlin, Germany")
    munich = make_posting(company="Acme", title="Data Engineer", location="Munich, Germany")
    assert sync.upsert([berlin, munich]) == UpsertCounts(inserted=2)
    assert _count(db, "job") == 2


def test_a_renamed_job_still_joins_its_duplicate_on_another_board(db, sync):
    """The duplicate key is company + title + city *as the job is now*.

    LinkedIn renames its listing; later the same job (new title) appears on Indeed. The user must
    see one job with two sources, not two identical-looking jobs.
    """
    linkedin = {
        "site": "linkedin",
        "job_url": "https://www.linkedin.com/jobs/view/1",
        "title": "Data Engineer",
        "company": "Acme GmbH",
        "location": "Berlin",
        "description": "Pipelines.",
    }
    sync.upsert([linkedin])
    assert sync.upsert([{**linkedin, "title": "Senior Data Engineer"}]) == UpsertCounts(updated=1)
    indeed = {
        "site": "indeed",
        "job_url": "https://de.indeed.com/viewjob?jk=1",
        "title": "Senior Data Engineer",
        "company": "Acme",
        "location": "Berlin",
        "description": "Pipelines.",
    }

    counts = sync.upsert([indeed])

    titles = [(j.title, j.company, j.location) for j in _all_jobs(db)]
    assert counts == UpsertCounts(merged_duplicates=1), titles
    assert _count(db, "job") == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [("C++ Developer", "C# Developer"), ("C Developer", "C++ Developer")],
)
def test_different_languages_in_the_title_are_different_jobs(db, sync, make_posting, first, second):
    """ "C++ Developer" and "C# Developer" at one company in one city are two openings."""
    a = make_posting(title=first, company="Acme GmbH", location="Berlin", description="one")
    b = make_posting(title=second, company="Acme GmbH", location="Berlin", description="two")

    counts = sync.upsert([a, b])

    assert counts == UpsertCounts(inserted=2), [j.title for j in _all_jobs(db)]
    assert {j.title for j in _all_jobs(db)} == {first, second}


# --------------------------------------------------------------------------- tracking


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.linkedin.com/jobs/view/4242?utm_source=newsletter&utm_medium=email",
        "https://www.linkedin.com/jobs/view/4242?trk=public_jobs_topcard-title",
        "https://linkedin.com/jobs/view/4242/?trk=abc&refId=xyz#apply",
        "HTTPS://WWW.LINKEDIN.COM/jobs/view/4242",
    ],
)
def test_tracking_parameters_do_not_create_a_second_source(db, sync, make_posting, variant):
    p = make_posting(job_url="https://www.linkedin.com/jobs/view/4242")
    sync.upsert([p])

    counts = sync.upsert([{**p, "job_url": variant}])

    assert counts == UpsertCounts(unchanged=1)
    assert _count(db, "job_source") == 1
    assert _count(db, "job") == 1


def test_tracking_variants_in_one_batch_are_one_source(db, sync, make_posting):
    p = make_posting(job_url="https://de.indeed.com/viewjob?jk=77")
    batch = [p, {**p, "job_url": "https://de.indeed.com/viewjob?utm_source=x&jk=77&utm_campaign=y"}]
    assert sync.upsert(batch).total == 1
    assert _count(db, "job_source") == 1


def test_a_real_query_parameter_still_distinguishes_listings(db, sync, make_posting):
    a = make_posting(job_url="https://de.indeed.com/viewjob?jk=1")
    b = make_posting(job_url="https://de.indeed.com/viewjob?jk=2")
    assert sync.upsert([a, b]) == UpsertCounts(inserted=2)


# ------------------------------------------------------------------------- user fields


def _follow_up(kind: str, p: dict[str, Any]) -> tuple[list[dict[str, Any]], UpsertCounts]:
    if kind == "unchanged":
        return [p], UpsertCounts(unchanged=1)
    if kind == "updated":
        return [
            {**p, "description": "Rewritten.", "min_amount": 1.0, "notes": "x", "favorite": False}
        ], UpsertCounts(updated=1)
    dup = {**p, "site": "indeed", "id": "in-1", "job_url": "https://de.indeed.com/viewjob?jk=dup"}
    return [dup], UpsertCounts(merged_duplicates=1)


@pytest.mark.parametrize("kind", ["unchanged", "updated", "merged"])
def test_user_fields_survive_every_kind_of_reimport(db, sync, make_posting, kind):
    p = make_posting()
    sync.upsert([p])
    job_id = _job_id(db, p["job_url"])
    sync.update_user_fields(job_id, USER_EDIT)

    batch, expected = _follow_up(kind, p)
    assert sync.upsert(batch) == expected

    _assert_user_fields(db, job_id)


def test_user_fields_survive_export_shaped_rows(db, sync, make_posting):
    # An export carries user columns; re-importing it must not write them (not even to defaults).
    p = make_posting()
    sync.upsert([p])
    job_id = _job_id(db, p["job_url"])
    sync.update_user_fields(job_id, USER_EDIT)
    row = {
        **p,
        "description": "changed",
        "favorite": "False",
        "notes": "",
        "status": "new",
        "applied_at": "",
        "hidden": "False",
    }

    assert sync.upsert([row]).updated == 1
    _assert_user_fields(db, job_id)


def test_user_fields_survive_archive_and_unarchive(db, sync, clock, make_posting):
    p = make_posting()
    sync.upsert([p])
    job_id = _job_id(db, p["job_url"])
    sync.update_user_fields(job_id, USER_EDIT)
    clock.advance(days=60)
    assert sync.archive_stale(timedelta(days=30)) == 1
    _assert_user_fields(db, job_id)
    sync.upsert([p])
    assert get_job(db, job_id).archived_at is None
    _assert_user_fields(db, job_id)


def test_partial_user_update_touches_only_given_fields(db, sync, make_posting):
    p = make_posting()
    sync.upsert([p])
    job_id = _job_id(db, p["job_url"])
    sync.update_user_fields(job_id, USER_EDIT)

    sync.update_user_fields(job_id, UserUpdate(notes="new note"))

    job = get_job(db, job_id)
    assert job.notes == "new note"
    assert (job.favorite, job.status, job.hidden) == (True, "interviewing", True)
    assert job.applied_at == datetime(2024, 12, 20, 9, 30, tzinfo=UTC)


def test_status_applied_records_the_applied_date_once(db, sync, clock, make_posting):
    p = make_posting()
    sync.upsert([p])
    job_id = _job_id(db, p["job_url"])

    written = sync.update_user_fields(job_id, UserUpdate(status=JobStatus.APPLIED))
    assert written["applied_at"] == clock.now
    assert get_job(db, job_id).applied_at == clock.now

    applied = clock.now
    clock.advance(days=3)
    sync.update_user_fields(job_id, UserUpdate(status=JobStatus.APPLIED))
    assert get_job(db, job_id).applied_at == applied, "re-applying keeps the first date"

    sync.update_user_fields(job_id, UserUpdate(applied_at=None))
    assert get_job(db, job_id).applied_at is None, "an explicit null clears the date"


def test_applied_at_keeps_its_instant_across_time_zones(db, sync, make_posting):
    p = make_posting()
    sync.upsert([p])
    job_id = _job_id(db, p["job_url"])
    when = datetime(2025, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))  # 10:00 UTC
    sync.update_user_fields(job_id, UserUpdate(applied_at=when))
    stored = get_job(db, job_id).applied_at
    assert stored == when
    assert stored.astimezone(UTC).hour == 10


def test_user_update_of_a_missing_job_is_not_found(db, sync):
    with pytest.raises(NotFound, match="no job with id 999"):
        sync.update_user_fields(999, UserUpdate(favorite=True))
    with pytest.raises(NotFound, match="no job with id 999"):
        sync.update_user_fields(999, UserUpdate())


# ---------------------------------------------------------------------------- archive


def test_archive_stale_archives_only_jobs_not_seen_within_the_window(db, sync, clock, make_posting):
    old, recent = make_posting(), make_posting()
    sync.upsert([old, recent])
    clock.advance(days=20)
    sync.upsert([recent])
    clock.advance(days=15)  # old: 35 days unseen, recent: 15

    archived = sync.archive_stale(timedelta(days=30))

    assert archived == 1
    assert _count(db, "job") == 2, "archiving never deletes"
    old_job = get_job(db, _job_id(db, old["job_url"]))
    recent_job = get_job(db, _job_id(db, recent["job_url"]))
    assert old_job.archived_at == clock.now
    assert recent_job.archived_at is None
    visible = search_jobs(db, JobQuery())
    assert [j.id for j in visible.items] == [recent_job.id]
    only = search_jobs(db, JobQuery(archived="only"))
    assert [j.id for j in only.items] == [old_job.id]


def test_archive_stale_is_not_repeated_for_archived_jobs(db, sync, clock, make_posting):
    sync.upsert([make_posting()])
    clock.advance(days=31)
    assert sync.archive_stale(timedelta(days=30)) == 1
    first = _all_jobs(db)[0].archived_at
    clock.advance(days=5)
    assert sync.archive_stale(timedelta(days=30)) == 0
    assert _all_jobs(db)[0].archived_at == first


def test_archive_boundary_is_strictly_older_than_the_window(db, sync, clock, make_posting):
    sync.upsert([make_posting()])
    clock.advance(days=30)
    assert sync.archive_stale(timedelta(days=30)) == 0
    clock.advance(seconds=1)
    assert sync.archive_stale(timedelta(days=30)) == 1


@pytest.mark.parametrize("how", ["unchanged", "updated", "merged"])
def test_a_job_seen_again_is_unarchived(db, sync, clock, make_posting, how):
    p = make_posting()
    sync.upsert([p])
    job_id = _job_id(db, p["job_url"])
    clock.advance(days=40)
    assert sync.archive_stale(timedelta(days=30)) == 1
    assert get_job(db, job_id).archived_at is not None
    clock.advance(days=1)

    batch, expected = _follow_up(how, p)
    assert sync.upsert(batch) == expected

    job = get_job(db, job_id)
    assert job.archived_at is None
    assert job.last_seen == clock.now
    assert [j.id for j in search_jobs(db, JobQuery()).items] == [job_id]


def test_archive_not_seen_since_limits_to_the_given_sites(db, sync, clock, make_posting):
    li = make_posting(site="linkedin")
    ind = make_posting(site="indeed", job_url="https://de.indeed.com/viewjob?jk=5")
    gd = make_posting(site="glassdoor", job_url="https://www.glassdoor.com/job-listing/j?jl=5")
    sync.upsert([li, ind, gd])
    clock.advance(days=2)
    cutoff = clock.now - timedelta(days=1)

    assert sync.archive_not_seen_since(cutoff, sites=[]) == 0
    assert sync.archive_not_seen_since(cutoff, sites=["zip_recruiter"]) == 0
    assert sync.archive_not_seen_since(cutoff, sites=["indeed", "glassdoor"]) == 2

    archived = {j.site for j in _all_jobs(db) if j.archived_at is not None}
    assert archived == {"indeed", "glassdoor"}
    assert _count(db, "job") == 3


def test_archive_by_site_keeps_a_job_still_seen_on_another_site(db, sync, clock):
    linkedin, indeed = _linkedin_and_indeed()
    sync.upsert([linkedin, indeed])
    clock.advance(days=2)
    started = clock.now
    sync.upsert([indeed])  # a fresh Indeed snapshot still lists it

    assert sync.archive_not_seen_since(started, sites=["linkedin", "indeed"]) == 0
    assert _all_jobs(db)[0].archived_at is None


# ------------------------------------------------------------------------------- runs


def test_runs_record_counts_and_errors(db, sync, clock):
    run_id = sync.start_run("import", {"file": "x.csv"})
    clock.advance(minutes=1)
    sync.finish_run(run_id, "done", {"inserted": 3}, ["line 4: bad"])
    with db.reader() as conn:
        row = conn.execute(
            text("SELECT kind, status, counts, errors, finished_at FROM scrape_run WHERE id = :i"),
            {"i": run_id},
        ).one()
    assert (row.kind, row.status) == ("import", "done")
    assert '"inserted": 3' in row.counts
    assert "line 4: bad" in row.errors
    assert row.finished_at is not None


def test_sync_engine_exposes_its_database(db):
    assert SyncEngine(db).db is db
