"""``job_fit_gap`` (migration 0025, :mod:`jobscraper.store.fit_gap_table`): the (profile, job)
pairs of an active job without a stored fit must stay exact after every write — a scrape adding
jobs, a profile made or deleted, fits written, a re-scrape or a vector forgetting a fit, an
archive and its undo, a job deleted — on SQLite and PostgreSQL; and the jobs missing a fresh fit
(:func:`jobscraper.store.fits.missing_fit_ids`, read from it) are those a plain anti-join of every
active job finds, for the current version and after a version change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from jobscraper.matching.profile import ProfileInput
from jobscraper.store import Database, JobQuery, SyncEngine, fits
from jobscraper.store.fits import FitRow, all_fresh, count_missing_fits, missing_fit_ids, write_fits
from jobscraper.store.profiles import delete_profile, put_profile
from tests.alembic_steps import migrate
from tests.postings import posting_dict
from tests.query_plans import plan, recorded

NOW = datetime(2026, 12, 4, tzinfo=UTC)
_EXPECTED = text(
    "SELECT p.id, j.id FROM profile p CROSS JOIN job j WHERE j.archived_at IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM job_fit f WHERE f.profile_id = p.id AND f.job_id = j.id)"
)
_PLAIN_MISSING = text(
    "SELECT j.id FROM job j WHERE j.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM job_fit f "
    "WHERE f.profile_id = :p AND f.job_id = j.id AND f.version = :v) ORDER BY j.id"
)


def _assert_exact(db: Database) -> None:
    with db.reader() as conn:
        got = {tuple(r) for r in conn.execute(text("SELECT profile_id, job_id FROM job_fit_gap"))}
        expected = {tuple(r) for r in conn.execute(_EXPECTED)}
    assert got == expected, "job_fit_gap differs from the active jobs without a fit"


def _assert_missing(db: Database, profile_id: int, version: str) -> None:
    """missing_fit_ids (every way it is asked) equals the plain anti-join of every active job."""
    with db.reader() as conn:
        plain = [int(i) for i in conn.execute(_PLAIN_MISSING, {"p": profile_id, "v": version}).scalars()]
        assert missing_fit_ids(conn, profile_id, version) == plain
        assert missing_fit_ids(conn, profile_id, version, filters=JobQuery()) == plain  # none hidden
        assert (
            missing_fit_ids(conn, profile_id, version, after_id=plain[0] if plain else 0, limit=2)
            == plain[1:3]
        )
        assert missing_fit_ids(conn, profile_id, version, job_ids=[*plain[:2], 10_000]) == plain[:2]
        assert count_missing_fits(conn, profile_id, version) == len(plain)
        assert all_fresh(conn, profile_id, version) == (not plain)


def _fit(db: Database, profile_id: int, version: str, job_ids: list[int]) -> None:
    rows = [FitRow(job_id=i, score=50 + i, cosine=0.5, sunk=False) for i in job_ids]
    with db.engine.begin() as conn:
        write_fits(conn, profile_id, version, rows)


def _profile(db: Database, name: str) -> int:
    return put_profile(db, ProfileInput(name=name, resume_text="Python engineer"), NOW).id


def _sql(db: Database, statement: str, **params: Any) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)


def test_every_write_keeps_the_pairs_exact(either_db: Database) -> None:
    db, sync = either_db, SyncEngine(either_db)
    sync.upsert([posting_dict(n) for n in range(1, 9)])
    _assert_exact(db)  # no profile: no pair
    ana = _profile(db, "ana")
    _assert_exact(db)  # a profile: a pair per active job
    _assert_missing(db, ana, "v1")
    _fit(db, ana, "v1", [1, 2, 3, 4, 5, 6])
    _assert_exact(db)
    _assert_missing(db, ana, "v1")
    _fit(db, ana, "v1", [2, 3])  # a fit replaced: deleted and written again
    _assert_exact(db)
    sync.upsert([posting_dict(n) for n in range(9, 12)])  # a scrape adds jobs
    _assert_exact(db)
    _assert_missing(db, ana, "v1")
    sync.upsert([posting_dict(2, title="Rust Engineer 2")])  # what the score reads changed
    _assert_exact(db)
    assert 2 in missing_fit_ids_of(db, ana, "v1")
    _assert_missing(db, ana, "v1")
    _sql(
        db,
        "INSERT INTO job_vector (job_id, model_id, content_hash, dim, data, scale) "
        "VALUES (3, 'm', 'h', 1, :v, 1)",
        v=b"x",
    )
    _assert_exact(db)  # a new vector forgets the fit (migration 0006)
    bob = _profile(db, "bob")
    _fit(db, bob, "b1", [4, 5])
    _assert_exact(db)
    assert sync.archive_stale(timedelta(days=-1), sites=["linkedin"]) > 0  # every job archived
    _assert_exact(db)
    _sql(db, "UPDATE job SET archived_at = NULL WHERE id IN (4, 5, 6)")  # brought back
    _assert_exact(db)
    _assert_missing(db, ana, "v1")
    _fit(db, ana, "v1", [4, 5, 6])
    _assert_exact(db)
    _sql(db, "DELETE FROM job_source WHERE job_id IN (5, 7)")
    _sql(db, "DELETE FROM job WHERE id IN (5, 7)")  # a fitted job and one without: the cascades
    _assert_exact(db)
    delete_profile(db, "bob", NOW)
    _assert_exact(db)
    _assert_missing(db, ana, "v1")
    _assert_missing(db, ana, "v2")  # a new version: every fit is stale, every active job missing


def missing_fit_ids_of(db: Database, profile_id: int, version: str) -> list[int]:
    with db.reader() as conn:
        return missing_fit_ids(conn, profile_id, version)


def test_the_missing_jobs_are_read_from_the_pairs_not_from_every_job(either_db: Database) -> None:
    db = either_db
    SyncEngine(db).upsert([posting_dict(n) for n in range(1, 31)])
    ana = _profile(db, "ana")
    _fit(db, ana, "v1", list(range(1, 29)))
    with recorded(db, "job_fit_gap") as seen, db.reader() as conn:
        assert missing_fit_ids(conn, ana, "v1", limit=5) == [29, 30]
    explained = plan(db, *seen[-1])  # the first counts the candidates
    assert "job_fit_gap" in explained
    if db.path is not None:  # SQLite: the candidates, then each one's job by its id; no index walked
        assert "SCAN candidate | SEARCH job USING INTEGER PRIMARY KEY" in explained, explained


def test_every_job_has_a_fresh_fit_only_when_none_is_missing_or_stale(either_db: Database) -> None:
    db = either_db
    SyncEngine(db).upsert([posting_dict(n) for n in range(1, 6)])
    ana = _profile(db, "ana")

    def fresh() -> bool:
        with db.reader() as conn:
            return all_fresh(conn, ana, "v2")

    _fit(db, ana, "v2", [1, 2, 3, 4])
    assert not fresh(), "job 5 has no fit"
    _fit(db, ana, "v1", [5])
    assert not fresh(), "job 5's fit is of another version"
    _fit(db, ana, "v2", [5])
    assert fresh()
    SyncEngine(db).upsert([posting_dict(6)])
    assert not fresh(), "a new job"
    _sql(db, "UPDATE job SET archived_at = last_seen WHERE id = 6")
    assert fresh(), "an archived job needs no fit"
    _sql(db, "DELETE FROM job_fit WHERE job_id = 2")
    assert not fresh(), "a fit forgotten"


def test_past_a_few_candidates_the_jobs_are_walked_in_id_order(
    either_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a version change every fit is a candidate: a fill's pages walk the jobs in id order
    as before (reading every candidate for each page would cost the whole set per page)."""
    db = either_db
    SyncEngine(db).upsert([posting_dict(n) for n in range(1, 13)])
    ana = _profile(db, "ana")
    _fit(db, ana, "v1", list(range(1, 11)))
    monkeypatch.setattr(fits, "FEW_CANDIDATES", 3)
    with recorded(db, "FROM job") as seen, db.reader() as conn:
        assert missing_fit_ids(conn, ana, "v2", after_id=4, limit=3) == [5, 6, 7]
    assert not any("job_fit_gap" in statement for statement, _ in seen[1:])
    _assert_missing(db, ana, "v2")
    _assert_missing(db, ana, "v1")


def test_0025_goes_down_and_up_filling_the_pairs(either_db: Database) -> None:
    db = either_db
    SyncEngine(db).upsert([posting_dict(n) for n in range(1, 6)])
    ana = _profile(db, "ana")
    _fit(db, ana, "v1", [1, 2])
    migrate(db, "0024", down=True)
    with db.reader() as conn:
        tables = conn.execute(text("SELECT count(*) FROM job_fit")).scalar_one()
    assert tables == 2
    migrate(db, "0025")
    _assert_exact(db)
    _assert_missing(db, ana, "v1")
