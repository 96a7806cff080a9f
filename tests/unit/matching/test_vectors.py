"""Job vectors: what is embedded, storing and re-embedding on content change, the exact int8 index
against a float32 brute force, and the bytes on PostgreSQL (a real server, as in the integration
tests; skipped where none is installed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import numpy
import pytest
from sqlalchemy import select, update

from jobscraper.matching import vectors as vectors_module
from jobscraper.matching.embed import Embedder, load_embedder
from jobscraper.matching.reindex import embed_missing
from jobscraper.matching.vectors import VectorIndex, job_text
from jobscraper.store import Database, SyncEngine, UserUpdate, open_database
from jobscraper.store.tables import JOB
from jobscraper.store.vectors import (
    VECTOR,
    StoredVector,
    count_pending_vectors,
    pending_vectors,
    quantize,
    store_vectors,
)
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient

MODEL = "test-model@000000000000"


@pytest.fixture(scope="module")
def model() -> Embedder:
    from jobscraper.config import MatchingSettings

    return load_embedder(MatchingSettings())


def _unit(rows: numpy.ndarray[Any, Any]) -> numpy.ndarray[Any, Any]:
    unit: numpy.ndarray[Any, Any] = (rows / numpy.linalg.norm(rows, axis=1, keepdims=True)).astype(
        numpy.float32
    )
    return unit


def _store(db: Database, job_ids: list[int], vectors: numpy.ndarray[Any, Any], model_id: str = MODEL) -> int:
    datas, scales = quantize(vectors)
    with db.reader() as conn:
        hashes = dict(conn.execute(select(JOB.c.id, JOB.c.content_hash)).all())
    items = [
        StoredVector(job_id=job_id, content_hash=hashes[job_id], data=data, scale=scale)
        for job_id, data, scale in zip(job_ids, datas, scales, strict=True)
    ]
    return store_vectors(db, model_id, vectors.shape[1], items)


def test_job_text_is_title_skills_then_description() -> None:
    job = {"title": "Data Engineer", "skills": ["Python", "Spark"], "description": "Build pipelines."}
    assert job_text(job) == "Data Engineer. Python, Spark. Build pipelines."
    assert job_text({"title": "Nurse", "skills": None, "description": None}) == "Nurse"


def test_quantised_vectors_keep_their_direction() -> None:
    vectors = _unit(numpy.random.default_rng(1).normal(size=(50, 512)))
    datas, scales = quantize(vectors)
    back = numpy.stack(
        [numpy.frombuffer(d, dtype=numpy.int8) * s for d, s in zip(datas, scales, strict=True)]
    )
    cosines = numpy.einsum("ij,ij->i", _unit(back), vectors)
    assert cosines.min() > 0.999
    assert all(len(d) == 512 for d in datas)


def test_stored_vectors_go_stale_when_the_content_changes_and_user_fields_stay(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    sync.upsert([make_posting(), make_posting(), make_posting()])
    ids = [job["id"] for job in pending_vectors(db, MODEL, limit=10)]
    assert len(ids) == 3 and count_pending_vectors(db, MODEL) == 3
    sync.update_user_fields(ids[0], UserUpdate(favorite=True, notes="mine"))
    assert _store(db, ids, _unit(numpy.ones((3, 8)))) == 3
    assert count_pending_vectors(db, MODEL) == 0
    assert count_pending_vectors(db, "another-model@1") == 3  # another model's vectors are not these
    with db.writer() as conn:  # the job's content changes (as a scrape's update does)
        conn.execute(update(JOB).where(JOB.c.id == ids[1]).values(content_hash="changed"))
        conn.execute(update(JOB).where(JOB.c.id == ids[2]).values(archived_at=datetime.now(UTC)))
    assert [job["id"] for job in pending_vectors(db, MODEL)] == [ids[1]]  # archived: not re-embedded
    assert len(VectorIndex.load(db, MODEL)) == 3  # archived jobs keep their vectors
    with db.reader() as conn:
        favorite, notes = conn.execute(select(JOB.c.favorite, JOB.c.notes).where(JOB.c.id == ids[0])).one()
    assert (favorite, notes) == (True, "mine")


def test_a_vector_for_a_job_that_is_gone_is_skipped(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    sync.upsert([make_posting()])
    (job,) = pending_vectors(db, MODEL)
    items = [
        StoredVector(job_id=job_id, content_hash="h", data=b"\x01" * 4, scale=0.1)
        for job_id in (job["id"], 999)
    ]
    assert store_vectors(db, MODEL, 4, items) == 1


def test_search_order_equals_a_float32_brute_force(db: Database, sync: SyncEngine, make_posting: Any) -> None:
    sync.upsert([make_posting() for _ in range(40)])
    ids = [job["id"] for job in pending_vectors(db, MODEL, limit=100)]
    rng = numpy.random.default_rng(7)
    vectors = _unit(rng.normal(size=(40, 64)))
    _store(db, ids, vectors)
    index = VectorIndex.load(db, MODEL)
    query = _unit(rng.normal(size=(1, 64)))[0]
    exact = vectors @ query
    datas, scales = quantize(vectors)
    dequantised = _unit(
        numpy.stack([numpy.frombuffer(d, dtype=numpy.int8) * s for d, s in zip(datas, scales, strict=True)])
    )
    hits = index.search(query)
    # the scan is exact over what is stored ...
    assert [job_id for job_id, _ in hits] == [
        ids[i] for i in numpy.argsort(-(dequantised @ query), kind="stable")
    ]
    # ... and what is stored ranks as float32 does up to near-ties: cosines within 0.01, the same top 10
    numpy.testing.assert_allclose([c for _, c in hits], numpy.sort(exact)[::-1], atol=0.01)
    assert {job_id for job_id, _ in hits[:10]} == {ids[i] for i in numpy.argsort(-exact)[:10]}
    assert index.search(query, k=5) == hits[:5]
    some = set(ids[::3])
    assert index.search(query, ids=some) == [hit for hit in hits if hit[0] in some]
    assert index.similarity(query) == pytest.approx(dict(hits))
    # a résumé's chunks (2-D): each job scored by the mean of its two best chunk cosines
    chunks = _unit(rng.normal(size=(3, 64)))
    best2 = numpy.sort(dequantised @ chunks.T, axis=1)[:, -2:].mean(axis=1)
    chunk_hits = index.search(chunks)
    assert [job_id for job_id, _ in chunk_hits] == [ids[i] for i in numpy.argsort(-best2, kind="stable")]
    numpy.testing.assert_allclose([c for _, c in chunk_hits], numpy.sort(best2)[::-1], atol=1e-5)


def test_embed_missing_embeds_each_pending_job_once_with_the_real_model(
    db: Database, sync: SyncEngine, make_posting: Any, model: Embedder
) -> None:
    sync.upsert(
        [
            make_posting(title="Backend Python developer", description="Django REST APIs and PostgreSQL."),
            make_posting(title="Zookeeper", description="Care for reptiles and snakes."),
        ]
    )
    writer = WriterClient(InProcessTransport(Writer(db)))
    seen: list[tuple[int, int]] = []
    assert embed_missing(db, writer, model, lambda done, total: seen.append((done, total)), batch_size=1) == 2
    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert embed_missing(db, writer, model) == 0
    index = VectorIndex.load(db, model.model_id)
    (top, _), _ = index.search(model.embed(["Server-side engineer writing web services in Django"])[0])
    with db.reader() as conn:
        assert (
            conn.execute(select(JOB.c.title).where(JOB.c.id == top)).scalar_one()
            == "Backend Python developer"
        )


@pytest.fixture
def pg_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A new database on the integration tests' PostgreSQL server (skipped where none is installed)."""
    database = open_database(request.getfixturevalue("pg_url"))
    yield database
    database.dispose()


def test_vectors_round_trip_as_bytes_on_postgresql(pg_db: Database, make_posting: Any) -> None:
    SyncEngine(pg_db).upsert([make_posting(), make_posting()])
    ids = [job["id"] for job in pending_vectors(pg_db, MODEL)]
    vectors = _unit(numpy.random.default_rng(3).normal(size=(2, 512)))
    assert _store(pg_db, ids, vectors) == 2
    assert count_pending_vectors(pg_db, MODEL) == 0
    with pg_db.reader() as conn:
        stored = conn.execute(select(VECTOR.c.data).order_by(VECTOR.c.job_id)).scalars().all()
    assert [bytes(data) for data in stored] == quantize(vectors)[0]
    index = VectorIndex.load(pg_db, MODEL)
    assert [job_id for job_id, _ in index.search(vectors[1])] == [ids[1], ids[0]]


@pytest.mark.parametrize("rows", [1, 7, 512, 4096])
def test_the_scan_does_not_depend_on_its_block_size(rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = numpy.random.default_rng(5)
    vectors = _unit(rng.normal(size=(1300, 32)))
    datas, scales = quantize(vectors)
    matrix = numpy.frombuffer(b"".join(datas), dtype=numpy.int8).reshape(1300, 32)
    index = VectorIndex(numpy.arange(10, 1310), matrix, numpy.asarray(scales))
    query = _unit(rng.normal(size=(1, 32)))[0]
    whole = index.search(query, k=50)
    monkeypatch.setattr(vectors_module, "BLOCK_ROWS", rows)
    blocked = index.search(query, k=50)
    assert [job_id for job_id, _ in blocked] == [job_id for job_id, _ in whole]
    numpy.testing.assert_allclose([c for _, c in blocked], [c for _, c in whole], rtol=1e-5)
    dequantised = _unit(matrix.astype(numpy.float64))
    assert [job_id for job_id, _ in whole] == [
        int(i) + 10 for i in numpy.argsort(-(dequantised @ query))[:50]
    ]
