"""Stored fits on PostgreSQL (migration 0006's plpgsql triggers): filled through the writer, the
stored ranking equal to the live one, and a fit forgotten when what it was computed from changes
(a scored column, a JSON column compared as text, the vector, archiving), kept when only the user's
fields change. The server is test_postgres's throwaway one (skipped where its binaries are missing)."""

from __future__ import annotations

from sqlalchemy import select, update

from jobscraper.matching.fit_store import fill_fits, fit_version
from jobscraper.matching.profile import ProfileInput
from jobscraper.matching.rank import rank_jobs
from jobscraper.matching.reindex import embed_missing
from jobscraper.matching.vectors import VectorIndex
from jobscraper.store import Database, UserUpdate
from jobscraper.store.fits import all_fresh
from jobscraper.store.profiles import get_profile
from jobscraper.store.tables import FIT, JOB
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from tests.integration.test_postgres import Clock, _posting
from tests.unit.matching.fakes import HashingEmbedder

TITLES = ["Backend Python developer", "ICU Nurse", "Django engineer", "Java developer", "Data analyst"]


def _fits(db: Database) -> set[int]:
    with db.reader() as conn:
        return {int(i) for i in conn.execute(select(FIT.c.job_id)).scalars()}


def test_fits_are_stored_ranked_and_forgotten_on_postgresql(pg_db: Database) -> None:
    writer = WriterClient(InProcessTransport(Writer(pg_db, clock=Clock())))
    writer.upsert(
        [_posting(n, title=t, description=f"{t} work.", skills=[t.split()[0]]) for n, t in enumerate(TITLES)]
    ).result()
    embedder = HashingEmbedder(64)
    assert embed_missing(pg_db, writer, embedder) == len(TITLES)
    writer.put_profile(ProfileInput(name="ana", resume_text="Python and Django backend developer")).result()
    profile = get_profile(pg_db, "ana")
    assert fill_fits(pg_db, writer, profile, embedder) == len(TITLES)
    live = rank_jobs(
        pg_db, profile, limit=10, embedder=embedder, stored=False,
        index=VectorIndex.load(pg_db, embedder.model_id),
    )  # fmt: skip
    stored = rank_jobs(pg_db, profile, limit=10, embedder=embedder)
    assert [(r.id, r.score, r.reasons) for r in stored] == [(r.id, r.score, r.reasons) for r in live]
    with pg_db.reader() as conn:
        pid = int(conn.execute(select(FIT.c.profile_id)).scalars().first() or 0)
        assert all_fresh(conn, pid, fit_version(profile, embedder))

    a, b, c, d, e = sorted(_fits(pg_db))
    writer.update_user_fields(a, UserUpdate(favorite=True, notes="call", hidden=True)).result()
    with pg_db.writer() as conn:
        conn.execute(update(JOB).where(JOB.c.id == b).values(title="Senior Java developer"))
        conn.execute(update(JOB).where(JOB.c.id == c).values(extracted={"skills": ["Go"]}))
        conn.execute(update(JOB).where(JOB.c.id == d).values(archived_at=JOB.c.last_seen))
        conn.exec_driver_sql(f"DELETE FROM job_vector WHERE job_id = {e}")
    assert _fits(pg_db) == {a}
    with pg_db.writer() as conn:  # the same JSON written again is no change
        conn.execute(update(JOB).where(JOB.c.id == a).values(skills=JOB.c.skills))
    assert _fits(pg_db) == {a}
    assert fill_fits(pg_db, writer, profile, embedder) == 3  # b, c and e; d is archived
    assert writer.delete_profile("ana").result() is None
    assert _fits(pg_db) == set()
