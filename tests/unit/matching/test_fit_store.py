"""Stored fits (job_fit): the stored ranking is the live ranking read from an index, fits are
forgotten when what they were computed from changes, and a stale fit is never read."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from jobscraper.matching import fit_query
from jobscraper.matching.fit_store import FitRequest, fill_fits, fit_version, resume_vector
from jobscraper.matching.job_fit import ProfileMeaning, ranked_page, stored_page
from jobscraper.matching.profile import ProfileInput, ProfilePublic
from jobscraper.matching.rank import rank_jobs
from jobscraper.matching.reindex import embed_missing
from jobscraper.matching.vectors import VectorIndex
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate
from jobscraper.store.fits import all_fresh, count_missing_fits
from jobscraper.store.profiles import PROFILE, get_profile
from jobscraper.store.tables import FIT, JOB, SOURCE
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from tests.unit.matching.fakes import THREE_POSTINGS, HashingEmbedder

RESUME = "Senior backend engineer: eight years of Python, Django and PostgreSQL services. Lisbon."
WORDS = ["Python", "Django", "Nurse", "React", "Java", "Sales", "Kubernetes", "PostgreSQL", "Rust", "Go"]
PLACES = ["Lisbon, Portugal", "Berlin, Germany", "Remote", "New York, NY", "Porto, Portugal"]


def _postings() -> list[dict[str, Any]]:
    """Sixty jobs with many equal scores (ties are where orderings differ if anything does)."""
    many: list[dict[str, Any]] = [dict(p) for p in THREE_POSTINGS]
    for n in range(57):
        a, b = WORDS[n % len(WORDS)], WORDS[(n * 3 + 1) % len(WORDS)]
        many.append(
            {
                "title": f"{['Junior', 'Senior', 'Lead'][n % 3]} {a} Engineer",
                "location": PLACES[n % len(PLACES)],
                "description": f"Work with {a} and {b}." if n % 4 else None,
                "skills": [a, b] if n % 5 else None,
                "min_amount": 40_000 + 1_000 * (n % 7) if n % 2 else None,
                "max_amount": 70_000 if n % 2 else None,
                "interval": "yearly" if n % 2 else None,
                "currency": "EUR",
            }
        )
    return many


@pytest.fixture
def world(db: Database, sync: SyncEngine, make_posting: Any) -> tuple[WriterClient, HashingEmbedder]:
    sync.upsert([make_posting(**p) for p in _postings()])
    writer = WriterClient(InProcessTransport(Writer(db)))
    embedder = HashingEmbedder(64)
    with db.reader() as conn:
        skipped = conn.execute(select(JOB.c.id).order_by(JOB.c.id.desc()).limit(3)).scalars().all()
    assert embed_missing(db, writer, embedder) == 60
    with db.writer() as conn:  # three jobs without a vector: their meaning is unknown
        conn.exec_driver_sql(f"DELETE FROM job_vector WHERE job_id IN ({','.join(map(str, skipped))})")
    body = ProfileInput(
        name="ana", resume_text=RESUME, locations=["Lisbon"], remote_ok=True, excluded_skills=["Java"],
        min_salary=45_000, currency="EUR", salary_period="yearly",
    )  # fmt: skip
    writer.put_profile(body).result()
    return writer, embedder


def _live(db: Database, profile: ProfilePublic, embedder: Any, **kw: Any) -> list[Any]:
    index = VectorIndex.load(db, embedder.model_id)
    return rank_jobs(db, profile, embedder=embedder, index=index, stored=False, **kw)


def _stored(db: Database, profile: ProfilePublic, embedder: Any, *, filters: Any = None, limit: int) -> Any:
    def vector() -> Any:
        return resume_vector(profile, embedder)

    return fit_query.stored_ranking(db, profile, embedder, vector, filters=filters or JobQuery(), limit=limit)


def _key(ranked: list[Any]) -> list[tuple[int, int, bool, float | None]]:
    return [(r.id, r.score, r.sunk, r.cosine) for r in ranked]


def test_the_stored_ranking_is_the_live_ranking_with_and_without_filters(
    db: Database, world: tuple[WriterClient, HashingEmbedder]
) -> None:
    writer, embedder = world
    profile = get_profile(db, "ana")
    assert fill_fits(db, writer, profile, embedder) == 60
    for filters in (None, JobQuery(q="engineer"), JobQuery(location="Portugal"), JobQuery(remote=True)):
        for limit in (1, 7, 25, 100):
            live = _live(db, profile, embedder, filters=filters, limit=limit)
            stored = _stored(db, profile, embedder, filters=filters, limit=limit)
            assert stored is not None
            assert _key(stored) == _key(live), (filters, limit)
            assert [r.reasons for r in stored] == [r.reasons for r in live]
    live = _live(db, profile, embedder, limit=60)
    assert any(r.sunk for r in live) and any(r.cosine is None for r in live)  # the data has both
    # rank_jobs takes the stored path itself (the same answer) once every fit is fresh, and then
    # neither embeds the résumé nor scores a job
    calls = embedder.calls
    assert _key(rank_jobs(db, profile, embedder=embedder, limit=60)) == _key(live)
    assert embedder.calls == calls


def test_a_common_word_walks_the_fits_best_first_with_the_same_answer(
    db: Database, world: tuple[WriterClient, HashingEmbedder], monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobscraper.store import fits

    writer, embedder = world
    profile = get_profile(db, "ana")
    fill_fits(db, writer, profile, embedder)
    monkeypatch.setattr(fits, "LARGE_MATCH", 0)  # every text query takes the walk
    for filters in (JobQuery(q="engineer"), JobQuery(q="python", location="Portugal"), JobQuery(q="zzz")):
        for limit in (1, 10, 60):
            live = _live(db, profile, embedder, filters=filters, limit=limit)
            stored = _stored(db, profile, embedder, filters=filters, limit=limit)
            assert stored is not None and _key(stored) == _key(live), (filters, limit)


def test_missing_fits_are_scored_now_and_merged_and_too_many_fall_back_to_live(
    db: Database, world: tuple[WriterClient, HashingEmbedder], monkeypatch: pytest.MonkeyPatch
) -> None:
    writer, embedder = world
    profile = get_profile(db, "ana")
    with db.reader() as conn:
        some = conn.execute(select(JOB.c.id).where(JOB.c.id % 4 == 0)).scalars().all()
    assert fill_fits(db, writer, profile, embedder, job_ids=some) == len(some)
    live = _live(db, profile, embedder, limit=30)
    merged = _stored(db, profile, embedder, limit=30)
    assert merged is not None and _key(merged) == _key(live)
    monkeypatch.setattr(fit_query, "LIVE_LIMIT", 5)
    assert _stored(db, profile, embedder, limit=30) is None
    assert _key(rank_jobs(db, profile, embedder=embedder, limit=30)) == _key(live)  # ranked live


def test_a_page_sorted_by_fit_reads_the_stored_fits(
    db: Database, world: tuple[WriterClient, HashingEmbedder], monkeypatch: pytest.MonkeyPatch
) -> None:
    writer, embedder = world
    profile = get_profile(db, "ana")
    index = VectorIndex.load(db, embedder.model_id)
    meaning = ProfileMeaning.build(profile, embedder, index)
    live = ranked_page(db, JobQuery(sort="fit", page=2, per_page=10), meaning)
    fill_fits(db, writer, profile, embedder)
    monkeypatch.setattr(VectorIndex, "search", _no_scan)
    stored = ranked_page(db, JobQuery(sort="fit", page=2, per_page=10), meaning)
    assert [(j.id, j.fit) for j in stored.items] == [(j.id, j.fit) for j in live.items]
    assert stored.total == live.total == 60
    calls = embedder.calls  # without a ProfileMeaning (jobs list --sort fit): no scan, no embedding
    alone = stored_page(db, JobQuery(sort="fit", page=2, per_page=10), profile, embedder)
    assert alone is not None and alone.model_dump() == stored.model_dump() and embedder.calls == calls


def _no_scan(*_: Any, **__: Any) -> Any:
    raise AssertionError("the stored path scans no vectors")


def _fits(db: Database) -> dict[int, str]:
    with db.reader() as conn:
        return {int(r.job_id): str(r.version) for r in conn.execute(select(FIT.c.job_id, FIT.c.version))}


def test_a_change_to_what_the_score_reads_forgets_the_fit_and_user_fields_do_not(
    db: Database, sync: SyncEngine, world: tuple[WriterClient, HashingEmbedder]
) -> None:
    writer, embedder = world
    profile = get_profile(db, "ana")
    fill_fits(db, writer, profile, embedder)
    first, second, third, fourth, fifth = sorted(_fits(db))[:5]
    sync.update_user_fields(first, UserUpdate(favorite=True, notes="call them", hidden=True))
    with db.writer() as conn:
        conn.execute(update(JOB).where(JOB.c.id == second).values(skills=["Rust"]))
        conn.execute(update(JOB).where(JOB.c.id == third).values(salary_annual_min=99_000.0))
        conn.exec_driver_sql(f"DELETE FROM job_vector WHERE job_id = {fourth}")
    left = _fits(db)
    assert first in left and {second, third, fourth}.isdisjoint(left)
    with db.reader() as conn:
        assert count_missing_fits(conn, _pid(db), fit_version(profile, embedder)) == 3
    # fourth's vector back, and the three jobs that had none: a new vector forgets their fits too
    assert embed_missing(db, writer, embedder) == 4
    assert fill_fits(db, writer, profile, embedder) == 6
    with db.reader() as conn:
        assert all_fresh(conn, _pid(db), fit_version(profile, embedder))
    with db.writer() as conn:  # archiving forgets the fit; every job not archived still has one
        conn.execute(update(JOB).where(JOB.c.id == fifth).values(archived_at=JOB.c.last_seen))
    assert fifth not in _fits(db)
    with db.reader() as conn:
        assert all_fresh(conn, _pid(db), fit_version(profile, embedder))
    with db.writer() as conn:
        conn.execute(delete(SOURCE).where(SOURCE.c.job_id == first))
        conn.execute(delete(JOB).where(JOB.c.id == first))
    assert first not in _fits(db)  # deleting a job deletes its fits


def _pid(db: Database) -> int:
    with db.reader() as conn:
        return int(conn.execute(select(PROFILE.c.id).where(PROFILE.c.name == "ana")).scalar_one())


def test_an_edited_profile_makes_every_fit_stale_until_filled_again(
    db: Database, world: tuple[WriterClient, HashingEmbedder]
) -> None:
    writer, embedder = world
    before = get_profile(db, "ana")
    fill_fits(db, writer, before, embedder)
    old = fit_version(before, embedder)
    writer.put_profile(ProfileInput(name="ana", remote_ok=False), merge=True).result()
    after = get_profile(db, "ana")
    new = fit_version(after, embedder)
    assert new != old and fit_version(after, HashingEmbedder(32)) != new
    with db.reader() as conn:  # 60 stale fits: never read
        assert count_missing_fits(conn, _pid(db), new) == 60
    # a fill computed for the old profile stores nothing once the profile has changed
    request = FitRequest(
        profile_name="ana", version=old, model_id=embedder.model_id,
        vector=[float(x) for x in resume_vector(before, embedder)],
    )  # fmt: skip
    answer = writer.fill_fits(request).result()
    assert answer.stale and answer.stored == 0
    seen: list[tuple[int, int]] = []
    assert fill_fits(db, writer, after, embedder, lambda done, total: seen.append((done, total))) == 60
    assert seen[0] == (0, 60) and seen[-1] == (60, 60)
    assert set(_fits(db).values()) == {new}
    assert _key(_stored(db, after, embedder, limit=60) or []) == _key(_live(db, after, embedder, limit=60))
    with db.writer() as conn:
        conn.execute(delete(PROFILE).where(PROFILE.c.name == "ana"))
    with db.reader() as conn:
        assert conn.execute(select(func.count()).select_from(FIT)).scalar_one() == 0
