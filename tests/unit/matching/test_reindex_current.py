"""Vectors kept current by the writer: what a user would notice is that every job's meaning in the
ranking is made from the job as it is now — after extraction adds its skills, after it is archived
and comes back, after the model changes — and that nothing is embedded twice for the same text.

Real SQLite and the real writer; the embedder is the hashing fake (tests/unit/matching/fakes.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from jobscraper.extraction import ExtractionResult, JobDetails
from jobscraper.matching.reindex import embed_jobs, embed_missing
from jobscraper.store import Database, SyncEngine
from jobscraper.store.enrich import StoredExtraction
from jobscraper.store.vectors import count_pending_vectors, count_vectors, pending_vectors
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from tests.unit.matching.fakes import HashingEmbedder

MakePosting = Callable[..., dict[str, Any]]


class CountingEmbedder(HashingEmbedder):
    """The hashing fake, remembering every text it embedded."""

    def __init__(self, dim: int = 64) -> None:
        super().__init__(dim)
        self.texts: list[str] = []

    def embed(self, texts: Any) -> Any:
        self.texts += list(texts)
        return super().embed(texts)


@pytest.fixture
def writer(db: Database) -> WriterClient:
    return WriterClient(InProcessTransport(Writer(db)))


def _extract(sync: SyncEngine, job_id: int, skills: list[str]) -> None:
    (job,) = [p for p in sync.pending_extractions(limit=1000) if p.id == job_id]
    result = ExtractionResult(id=str(job_id), engine="test", details=JobDetails(skills=skills))
    assert sync.store_extractions(
        [StoredExtraction(job_id=job_id, content_hash=job.content_hash, result=result)]
    ).stored


def test_each_job_is_embedded_once_and_a_second_pass_embeds_nothing(
    db: Database, sync: SyncEngine, make_posting: MakePosting, writer: WriterClient
) -> None:
    sync.upsert([make_posting() for _ in range(7)])
    embedder = CountingEmbedder()
    assert embed_missing(db, writer, embedder, batch_size=3) == 7
    assert embedder.calls == 3  # batches of 3, 3 and 1
    assert embed_missing(db, writer, embedder, batch_size=3) == 0
    assert len(embedder.texts) == 7 and embedder.calls == 3


def test_skills_added_by_extraction_make_the_vector_pending_again(
    db: Database, sync: SyncEngine, make_posting: MakePosting, writer: WriterClient
) -> None:
    sync.upsert([make_posting(skills=None, title="Backend developer"), make_posting(skills=None)])
    embedder = CountingEmbedder()
    assert embed_missing(db, writer, embedder) == 2
    first, second = _ids(db)
    _extract(sync, first, ["Django", "PostgreSQL"])  # the content hash stays, the embedded text changes
    assert [job["id"] for job in pending_vectors(db, embedder.model_id)] == [first]
    assert embed_missing(db, writer, embedder) == 1
    assert "Django, PostgreSQL" in embedder.texts[-1]
    _extract(sync, second, [])  # extraction found no skills: the text is what was embedded
    assert count_pending_vectors(db, embedder.model_id) == 0


def test_a_vector_made_before_extraction_changed_the_text_is_not_stored_as_current(
    db: Database, sync: SyncEngine, make_posting: MakePosting, writer: WriterClient
) -> None:
    sync.upsert([make_posting(skills=None), make_posting(skills=None)])
    embedder = CountingEmbedder()
    jobs = pending_vectors(db, embedder.model_id)
    items = embed_jobs(embedder, jobs)  # embedded from the text as read …
    _extract(sync, jobs[0]["id"], ["Kotlin"])  # … while extraction stored skills for the first job
    assert writer.store_vectors(embedder.model_id, embedder.dim, items).result() == 1
    assert [job["id"] for job in pending_vectors(db, embedder.model_id)] == [jobs[0]["id"]]


def test_an_archived_job_is_not_embedded_until_it_is_seen_again(
    db: Database, sync: SyncEngine, make_posting: MakePosting, writer: WriterClient, clock: Any
) -> None:
    kept, gone = make_posting(), make_posting()
    sync.upsert([kept, gone])
    clock.advance(hours=48)
    sync.upsert([kept])
    assert sync.archive_stale(timedelta(hours=24)) == 1
    embedder = CountingEmbedder()
    assert embed_missing(db, writer, embedder) == 1  # the archived job waits
    clock.advance(hours=1)
    sync.upsert([gone])  # seen again: unarchived, and pending since it never had a vector
    assert count_pending_vectors(db, embedder.model_id) == 1
    assert embed_missing(db, writer, embedder) == 1
    assert count_pending_vectors(db, embedder.model_id) == 0


def test_a_new_model_makes_every_job_pending_and_prune_deletes_the_old_models_vectors(
    db: Database, sync: SyncEngine, make_posting: MakePosting, writer: WriterClient, clock: Any
) -> None:
    postings = [make_posting() for _ in range(4)]
    sync.upsert(postings)
    old, new = CountingEmbedder(32), CountingEmbedder(64)
    assert embed_missing(db, writer, old) == 4
    clock.advance(hours=48)
    sync.upsert(postings[:3])
    assert sync.archive_stale(timedelta(hours=24)) == 1  # this one keeps the old model's vector
    assert count_pending_vectors(db, new.model_id) == 3
    assert embed_missing(db, writer, new) == 3
    assert count_vectors(db) == {old.model_id: 1, new.model_id: 3}
    assert writer.prune_vectors(new.model_id).result() == 1
    assert count_vectors(db) == {new.model_id: 3}
    assert writer.prune_vectors(new.model_id).result() == 0


def _ids(db: Database) -> list[int]:
    from sqlalchemy import select

    from jobscraper.store.tables import JOB

    with db.reader() as conn:
        return list(conn.execute(select(JOB.c.id).order_by(JOB.c.id)).scalars())
