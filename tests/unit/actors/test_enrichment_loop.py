"""EnrichmentLoop: a run's extraction pass, without Ray — a store of jobs in memory, a fake extractor.

What a user would notice: every job that needs extraction is extracted once per run, jobs
written while the run scrapes are picked up, a job that changed while it was extracted is
extracted again, an engine that goes away stops the pass and leaves the rest pending, and a
cancelled run stops sending.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actors.enrich import EnrichmentLoop, resolve_extractor
from actors.runs import ExtractionProgress
from jobscraper.config import ExtractionSettings
from jobscraper.errors import ExtractionUnavailable
from jobscraper.extraction import ExtractionInput, ExtractionResult, JobDetails
from jobscraper.store.enrich import EnrichCounts, PendingJob, StoredExtraction


class MemoryStore:
    """Jobs by id with a content hash; a job is pending until a result for its hash is stored."""

    def __init__(self, n: int) -> None:
        self.hashes = {i: f"h{i}" for i in range(1, n + 1)}
        self.done: dict[int, str] = {}
        self.stored_batches: list[list[int]] = []

    def add(self, job_id: int) -> None:
        self.hashes[job_id] = f"h{job_id}"

    def change(self, job_id: int) -> None:
        self.hashes[job_id] += "'"

    async def pending_extractions(self, after_id: int, limit: int) -> list[PendingJob]:
        await asyncio.sleep(0)
        ids = sorted(i for i, h in self.hashes.items() if i > after_id and self.done.get(i) != h)
        return [PendingJob(id=i, content_hash=self.hashes[i], title=f"job {i}") for i in ids[:limit]]

    async def store_extractions(self, items: list[StoredExtraction]) -> EnrichCounts:
        counts = EnrichCounts()
        self.stored_batches.append([i.job_id for i in items])
        for item in items:
            if item.result.retryable:
                counts.skipped += 1
            elif self.hashes.get(item.job_id) != item.content_hash:
                counts.stale += 1
            else:
                self.done[item.job_id] = item.content_hash
                counts.stored += 1
                counts.errors += item.result.details is None
        return counts


class FakeExtractor:
    def __init__(self, store: MemoryStore | None = None) -> None:
        self.calls: list[list[int]] = []
        self.store = store
        self.change_during: set[int] = set()
        self.fail_after: int | None = None
        self.unreachable = False
        self.gate: asyncio.Event | None = None

    async def extract(self, batch: list[ExtractionInput]) -> list[ExtractionResult]:
        ids = [int(p.id) for p in batch]
        self.calls.append(ids)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_after is not None and len(self.calls) > self.fail_after:
            raise ExtractionUnavailable("the service went away")
        for job_id in ids:
            if job_id in self.change_during and self.store is not None:
                self.change_during.discard(job_id)
                self.store.change(job_id)  # the job is re-scraped with new content meanwhile
        if self.unreachable:
            return [
                ExtractionResult(id=p.id, engine="fake", error="unreachable", retryable=True) for p in batch
            ]
        return [
            ExtractionResult(id=p.id, engine="fake", pool="throughput", details=JobDetails())
            if "bad" not in (p.title or "")
            else ExtractionResult(id=p.id, engine="fake", error="invalid output after one repair")
            for p in batch
        ]


def _loop(
    store: MemoryStore, extractor: FakeExtractor, **kw: Any
) -> tuple[EnrichmentLoop, list[tuple[Any, ...]]]:
    events: list[tuple[Any, ...]] = []
    loop = EnrichmentLoop(
        store,
        extractor,
        ExtractionProgress(),
        batch_size=kw.pop("batch_size", 4),
        claimed=kw.pop("claimed", set()),
        emit=lambda kind, message, **data: events.append((kind, message, data)),
        **kw,
    )
    return loop, events


async def _finish(loop: EnrichmentLoop) -> None:
    task = asyncio.create_task(loop.run())
    await asyncio.sleep(0)
    loop.finish()
    await asyncio.wait_for(task, 5)


def test_every_pending_job_is_extracted_once_in_batches() -> None:
    store = MemoryStore(30)
    extractor = FakeExtractor()
    loop, events = _loop(store, extractor)
    asyncio.run(_finish(loop))
    sent = [i for call in extractor.calls for i in call]
    assert sorted(sent) == list(range(1, 31))  # each once, final pass included
    assert all(len(call) <= 4 for call in extractor.calls)
    assert loop.progress.status == "done" and loop.progress.extracted == 30
    assert loop.progress.pools == {"throughput": 30}
    assert sum(e[2]["stored"] for e in events if e[0] == "extracted") == 30


def test_jobs_written_while_the_run_scrapes_are_picked_up_on_notify() -> None:
    async def scenario() -> tuple[MemoryStore, EnrichmentLoop]:
        store = MemoryStore(3)
        loop, _ = _loop(store, FakeExtractor())
        task = asyncio.create_task(loop.run())
        await asyncio.sleep(0.05)
        assert set(store.done) == {1, 2, 3}
        for job_id in (4, 5):
            store.add(job_id)
        loop.notify()
        await asyncio.sleep(0.05)
        assert set(store.done) == {1, 2, 3, 4, 5}  # before the run ends: progress is live
        loop.finish()
        await asyncio.wait_for(task, 5)
        return store, loop

    _, loop = asyncio.run(scenario())
    assert loop.progress.extracted == 5


def test_a_job_that_changed_while_it_was_extracted_is_extracted_again() -> None:
    store = MemoryStore(6)
    extractor = FakeExtractor(store)
    extractor.change_during = {2}
    loop, _ = _loop(store, extractor)
    asyncio.run(_finish(loop))
    assert store.done[2] == store.hashes[2]  # the final pass extracted its new content
    assert [i for call in extractor.calls for i in call].count(2) == 2
    assert loop.progress.deferred == 1 and loop.progress.extracted == 6


def test_a_bad_output_is_a_recorded_failure_not_a_stop() -> None:
    store = MemoryStore(0)
    for job_id in range(1, 6):
        store.add(job_id)
    extractor = FakeExtractor()
    loop, _ = _loop(store, extractor)

    async def pending(after_id: int, limit: int) -> list[PendingJob]:
        jobs = await MemoryStore.pending_extractions(store, after_id, limit)
        return [j.model_copy(update={"title": "bad"}) if j.id == 3 else j for j in jobs]

    store.pending_extractions = pending  # type: ignore[method-assign]
    asyncio.run(_finish(loop))
    assert loop.progress.failed == 1 and loop.progress.extracted == 4 and loop.progress.status == "done"


def test_when_the_service_goes_away_the_pass_stops_and_the_rest_stays_pending() -> None:
    store = MemoryStore(40)
    extractor = FakeExtractor()
    extractor.fail_after = 2
    loop, events = _loop(store, extractor, in_flight=1)
    asyncio.run(_finish(loop))
    assert loop.progress.status == "unavailable" and "went away" in (loop.progress.error or "")
    assert len(store.done) == 8 and len(extractor.calls) == 3  # it stopped asking
    assert loop.progress.deferred == 4
    assert [e[0] for e in events].count("extraction_unavailable") == 1


def test_an_unreachable_endpoint_leaves_jobs_pending_without_recording_errors() -> None:
    store = MemoryStore(10)
    extractor = FakeExtractor()
    extractor.unreachable = True
    loop, _ = _loop(store, extractor, in_flight=1)
    asyncio.run(_finish(loop))
    assert store.done == {} and loop.progress.failed == 0
    assert loop.progress.status == "unavailable" and len(extractor.calls) == 1


def test_jobs_claimed_by_another_run_are_not_sent_twice() -> None:
    store = MemoryStore(8)
    extractor = FakeExtractor()
    loop, _ = _loop(store, extractor, claimed={1, 2, 3})
    asyncio.run(_finish(loop))
    sent = {i for call in extractor.calls for i in call}
    assert sent == {4, 5, 6, 7, 8}


def test_cancelling_the_run_stops_sending_and_releases_claims() -> None:
    async def scenario() -> tuple[EnrichmentLoop, FakeExtractor, set[int]]:
        store = MemoryStore(50)
        extractor = FakeExtractor()
        extractor.gate = asyncio.Event()  # the engine never answers
        claimed: set[int] = set()
        loop, _ = _loop(store, extractor, claimed=claimed, in_flight=2)
        task = asyncio.create_task(loop.run())
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0)
        return loop, extractor, claimed

    loop, extractor, claimed = asyncio.run(scenario())
    assert loop.progress.status == "cancelled" and len(extractor.calls) == 2
    assert claimed == set()


def test_extraction_off_and_a_gpu_engine_without_the_service_say_why() -> None:
    extractor, via = asyncio.run(resolve_extractor(ExtractionSettings(enabled=False), "jobscraper"))
    assert extractor is None and "extraction.enabled" in via
    extractor, via = asyncio.run(resolve_extractor(ExtractionSettings(engine="vllm"), "jobscraper"))
    assert extractor is None and "jobscraper serve" in via and "pending" in via
    extractor, via = asyncio.run(resolve_extractor(ExtractionSettings(engine="rules"), "jobscraper"))
    assert extractor is not None and "'rules' engine in the coordinator" in via


def test_a_store_failure_fails_the_pass_is_logged_and_shown(caplog: pytest.LogCaptureFixture) -> None:
    """Results the writer could not store are not dropped in silence (issue 13, item 12): the pass
    fails with the reason, the run's events say so with the traceback, the log has it too, and
    the jobs stay pending for the next run."""
    store = MemoryStore(12)

    async def store_fails(items: list[StoredExtraction]) -> EnrichCounts:
        raise RuntimeError("the writer did not come back")

    store.store_extractions = store_fails  # type: ignore[method-assign]
    loop, events = _loop(store, FakeExtractor(), in_flight=1)
    with caplog.at_level("ERROR"):
        asyncio.run(_finish(loop))
    assert loop.progress.status == "failed"
    assert loop.progress.error == "unexpected RuntimeError: the writer did not come back"
    failed = [e for e in events if e[0] == "extraction_failed"]
    assert len(failed) == 1 and "RuntimeError" in failed[0][2]["traceback"]
    assert loop.progress.extracted == 0 and loop.progress.deferred == 4 and store.done == {}
    assert any(r.exc_info is not None for r in caplog.records)


def test_a_failure_reading_pending_jobs_fails_the_pass_instead_of_escaping() -> None:
    store = MemoryStore(3)

    async def pending_fails(after_id: int, limit: int) -> list[PendingJob]:
        raise RuntimeError("database is locked")

    store.pending_extractions = pending_fails  # type: ignore[method-assign]
    loop, events = _loop(store, FakeExtractor())
    asyncio.run(_finish(loop))
    assert loop.progress.status == "failed" and "database is locked" in (loop.progress.error or "")
    assert [e[0] for e in events] == ["extraction_failed"]
