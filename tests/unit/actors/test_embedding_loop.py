"""The embedding pass of a run, without Ray: the real writer on a real SQLite database, the hashing
fake embedder (tests/unit/matching/fakes.py) and fake ScraperActors at the edge.

What a user would notice: after a run every active job has a vector of the configured model, each
text embedded once, in batches; jobs written while the run goes are picked up; a job whose skills
extraction filled in meanwhile is embedded again with them; a model that cannot load or breaks
mid-way leaves the jobs pending for ``reindex`` and the run says why — and still finishes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import numpy
from fakes_coordinator import FakeWorker, companies, ok_result, settings

from actors.embedding import EmbeddingLoop, Embeddings, finish_embedding, start_embedding
from actors.run_driver import RunDriver
from actors.run_log import RunLog, now
from actors.runs import EmbeddingProgress, RunSpec, RunState, SourceState
from actors.workers import WorkerPool
from jobscraper.config import MatchingSettings
from jobscraper.errors import ConfigError
from jobscraper.extraction import ExtractionResult, JobDetails
from jobscraper.store import Database
from jobscraper.store.enrich import StoredExtraction
from jobscraper.store.vectors import count_pending_vectors, count_vectors
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from tests.unit.matching.fakes import HashingEmbedder

MakePosting = Callable[..., dict[str, Any]]


class RecordingEmbedder(HashingEmbedder):
    """The hashing fake, recording each batch's texts; ``fail_at`` makes that call raise."""

    def __init__(self, fail_at: int | None = None) -> None:
        super().__init__(64)
        self.batches: list[list[str]] = []
        self.fail_at = fail_at
        self.before: Callable[[], None] | None = None  # run before a batch is embedded

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, Any]:
        if self.before is not None:
            self.before()
        self.batches.append(list(texts))
        if self.fail_at is not None and len(self.batches) >= self.fail_at:
            raise RuntimeError("the model broke")
        return super().embed(texts)


def _shared(embedder: RecordingEmbedder, batch_size: int = 4, **matching: Any) -> Embeddings:
    return Embeddings(MatchingSettings(batch_size=batch_size, **matching), loader=lambda _s: embedder)


def _client(db: Database) -> WriterClient:
    return WriterClient(InProcessTransport(Writer(db)))


async def _pass(
    client: WriterClient, shared: Embeddings, during: Callable[[Any], Any] | None = None, **kw: Any
) -> Any:
    events: list[tuple[str, str]] = []
    progress = EmbeddingProgress()

    def emit(kind: str, message: str, **_data: Any) -> None:
        events.append((kind, message))

    started = await start_embedding(shared, client, progress, emit, **kw)
    if during is not None:
        await during(started)
    await finish_embedding(started, emit)
    return progress, events


def test_every_pending_job_is_embedded_once_in_batches(db: Database, make_posting: MakePosting) -> None:
    client = _client(db)
    client.upsert([make_posting() for _ in range(10)]).result()
    embedder = RecordingEmbedder()
    progress, events = asyncio.run(_pass(client, _shared(embedder)))
    texts = [text for batch in embedder.batches for text in batch]
    assert len(texts) == len(set(texts)) == 10 and all(len(b) <= 4 for b in embedder.batches)
    assert progress.status == "done" and progress.embedded == 10
    assert count_pending_vectors(db, embedder.model_id) == 0
    assert events[0][0] == "embedding_started" and events[-1] == (
        "embedding_done",
        "embedding done: 10 embedded",
    )


def test_jobs_written_during_the_run_and_skills_extraction_added_are_embedded(
    db: Database, make_posting: MakePosting
) -> None:
    client = _client(db)
    client.upsert([make_posting(skills=None) for _ in range(3)]).result()
    embedder = RecordingEmbedder()

    async def during(started: tuple[EmbeddingLoop, Any]) -> None:
        loop, _task = started
        while loop.progress.embedded < 3:
            await asyncio.sleep(0.01)
        await client.upsert([make_posting(title="Written later")])  # a batch the run wrote
        first = (await client.pending_extractions(0, 10))[0]
        result = ExtractionResult(id=str(first.id), engine="test", details=JobDetails(skills=["Rust"]))
        item = StoredExtraction(job_id=first.id, content_hash=first.content_hash, result=result)
        await client.store_extractions([item])
        loop.notify()

    progress, _events = asyncio.run(_pass(client, _shared(embedder), during))
    texts = [text for batch in embedder.batches for text in batch]
    assert len(texts) == len(set(texts)) == 5  # 3, the new one, and the first again with its skills
    assert any(text.startswith("Written later") for text in texts)
    assert any("Rust" in text for text in texts)
    assert progress.embedded == 5 and count_pending_vectors(db, embedder.model_id) == 0


def test_while_the_run_extracts_a_job_is_embedded_once_after_its_extraction(
    db: Database, make_posting: MakePosting
) -> None:
    client = _client(db)
    client.upsert([make_posting(skills=None) for _ in range(6)]).result()
    embedder = RecordingEmbedder()

    async def during(started: tuple[EmbeddingLoop, Any]) -> None:
        loop, _task = started
        loop.notify()
        await asyncio.sleep(0.2)
        assert embedder.batches == []  # every job still waits for extraction
        pending = await client.pending_extractions(0, 10)
        results = [
            StoredExtraction(
                job_id=job.id,
                content_hash=job.content_hash,
                result=ExtractionResult(
                    id=str(job.id), engine="test", details=JobDetails(skills=[f"S{job.id}"])
                ),
            )
            for job in pending[:4]
        ]
        await client.store_extractions(results)  # two are left unextracted (the service went away)

    progress, _events = asyncio.run(_pass(client, _shared(embedder), during, after_extraction=True))
    texts = [text for batch in embedder.batches for text in batch]
    assert len(texts) == 6 and progress.embedded == 6  # once each, the extracted ones with their skills
    assert sum(any(f"S{n}" in text for n in range(1, 7)) for text in texts) == 4
    assert count_pending_vectors(db, embedder.model_id) == 0


def test_a_vector_made_while_extraction_changed_the_job_is_dropped_and_made_again(
    db: Database, make_posting: MakePosting
) -> None:
    client = _client(db)
    client.upsert([make_posting(skills=None)]).result()
    (job,) = client.pending_extractions(0, 10).result()
    writer = Writer(db)
    embedder = RecordingEmbedder()

    def extract_once() -> None:  # extraction stores the job's skills while its first batch embeds
        embedder.before = None
        result = ExtractionResult(id=str(job.id), engine="test", details=JobDetails(skills=["Go"]))
        writer.store_extractions(
            [StoredExtraction(job_id=job.id, content_hash=job.content_hash, result=result)]
        )

    embedder.before = extract_once
    progress, _events = asyncio.run(_pass(client, _shared(embedder)))
    assert progress.changed == 1 and progress.embedded == 1  # dropped, then embedded with "Go"
    assert "Go" in embedder.batches[-1][0] and count_pending_vectors(db, embedder.model_id) == 0


def test_a_model_that_cannot_load_leaves_the_jobs_pending_and_says_why(
    db: Database, make_posting: MakePosting
) -> None:
    client = _client(db)
    client.upsert([make_posting()]).result()

    def broken(_settings: MatchingSettings) -> Any:
        raise ConfigError("embedding model file missing: /nowhere/weights.npz")

    shared = Embeddings(MatchingSettings(), loader=broken)
    progress, events = asyncio.run(_pass(client, shared))
    assert progress.status == "unavailable"
    ((kind, message),) = events
    assert kind == "embedding_unavailable" and "weights.npz" in message and "reindex" in message
    assert count_vectors(db) == {}


def test_embedding_off_in_the_settings_loads_no_model(db: Database) -> None:
    loaded: list[int] = []

    def load(_settings: MatchingSettings) -> Any:
        loaded.append(1)

    shared = Embeddings(MatchingSettings(embed_during_runs=False), loader=load)
    progress, events = asyncio.run(_pass(_client(db), shared))
    assert progress.status == "off" and events[0][0] == "embedding_off" and not loaded


def test_a_model_that_breaks_mid_pass_fails_the_pass_and_keeps_the_rest_pending(
    db: Database, make_posting: MakePosting
) -> None:
    client = _client(db)
    client.upsert([make_posting() for _ in range(10)]).result()
    embedder = RecordingEmbedder(fail_at=2)
    progress, events = asyncio.run(_pass(client, _shared(embedder)))
    assert progress.status == "failed" and progress.embedded == 4
    assert progress.error is not None and "the model broke" in progress.error
    assert [kind for kind, _ in events].count("embedding_failed") == 1
    assert count_pending_vectors(db, embedder.model_id) == 6


def _run(db: Database, shared: Embeddings, spec: RunSpec) -> tuple[RunState, RunLog]:
    client = _client(db)
    pool = WorkerPool(
        lambda owner: FakeWorker(owner, lambda company, _o: ok_result(company, jobs=5)),
        2,
        on_lost=lambda owner: 0,
        kill=lambda h: None,
    )
    log = RunLog()
    driver = RunDriver(settings().extraction, writer=client, pool=pool, log=log, embeddings=shared)
    run_id = client.start_run("scrape", {}).result()
    tasks = spec.tasks()
    sources = {t.key: SourceState(key=t.key, label=t.label, kind=t.kind) for t in tasks}
    log.open(RunState(run_id=run_id, started_at=now(), sources=sources))
    asyncio.run(driver.execute(run_id, spec, tasks))
    return log.state(run_id), log


def test_a_run_embeds_what_it_wrote_and_counts_it(db: Database) -> None:
    embedder = RecordingEmbedder()
    state, log = _run(db, _shared(embedder), RunSpec(companies=companies("Acme", "Globex")))
    assert state.status == "done" and state.embedding.status == "done"
    assert state.totals()["inserted"] == 10 and state.totals()["embedded"] == 10
    assert count_pending_vectors(db, embedder.model_id) == 0
    assert "embedding_done" in [e.type for e in log.events(state.run_id)]


def test_a_run_whose_model_cannot_load_still_finishes(db: Database) -> None:
    def broken(_settings: MatchingSettings) -> Any:
        raise ConfigError("the bundled embedding model's weights.npz has sha256 0000…")

    shared = Embeddings(MatchingSettings(), loader=broken)
    state, log = _run(db, shared, RunSpec(companies=companies("Acme")))
    assert (
        state.status == "done" and state.totals()["inserted"] == 5 and state.embedding.status == "unavailable"
    )
    (event,) = [e for e in log.events(state.run_id) if e.type == "embedding_unavailable"]
    assert "sha256" in event.message and "jobscraper reindex" in event.message


def test_runs_of_one_coordinator_share_one_model_load(db: Database) -> None:
    loads: list[int] = []
    embedder = RecordingEmbedder()

    def load(_settings: MatchingSettings) -> Any:
        loads.append(1)
        return embedder

    shared = Embeddings(MatchingSettings(), loader=load)
    _run(db, shared, RunSpec(companies=companies("Acme")))
    _run(db, shared, RunSpec(companies=companies("Globex")))
    assert loads == [1] and count_pending_vectors(db, embedder.model_id) == 0
