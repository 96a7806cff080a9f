"""The run driver's logic with fakes and no Ray: the real run log, worker pool and writer client; a
fake writer handle and fake ScraperActors at the edge."""

from __future__ import annotations

import asyncio
from typing import Any

from fakes_coordinator import FakeWorker, FakeWriter, companies, ok_result, settings
from ray.exceptions import RayActorError

from actors.run_driver import RunDriver
from actors.run_log import RunLog, now
from actors.runs import RunSpec, RunState, SourceState
from actors.workers import WorkerPool
from actors.writer import RayTransport
from jobscraper.config import CompanyConfig
from jobscraper.errors import SourceUnavailable
from jobscraper.store.writer_client import WriterClient


class OnceLostWriter(FakeWriter):
    """Its first upsert gets no answer (the WriterActor crashed and restarts); the re-send is stored."""

    def __init__(self) -> None:
        super().__init__()
        self.lost_once = False

    def do_upsert(self, batch: list[Any], batch_id: str) -> Any:
        if not self.lost_once:
            self.lost_once = True
            raise RayActorError()
        return super().do_upsert(batch, batch_id)


def _driver(writer: FakeWriter, behaviour: Any) -> tuple[RunDriver, RunLog]:
    async def no_wait(seconds: float) -> None:
        return None

    client = WriterClient(RayTransport(writer), sleep=no_wait)
    pool = WorkerPool(
        lambda owner: FakeWorker(owner, behaviour), 2, on_lost=lambda owner: 0, kill=lambda h: None
    )
    log = RunLog()
    return RunDriver(settings().extraction, writer=client, pool=pool, log=log), log


def _open(log: RunLog, spec: RunSpec, run_id: int = 1) -> None:
    tasks = spec.tasks()
    sources = {t.key: SourceState(key=t.key, label=t.label, kind=t.kind) for t in tasks}
    log.open(RunState(run_id=run_id, started_at=now(), sources=sources, entries=spec.entry_keys()))


def _run(driver: RunDriver, log: RunLog, spec: RunSpec) -> RunState:
    _open(log, spec)
    asyncio.run(driver.execute(1, spec, spec.tasks()))
    return log.state(1)


def test_a_batch_whose_answer_was_lost_is_re_sent_and_written_once() -> None:
    writer = OnceLostWriter()
    driver, log = _driver(writer, lambda company, owner: ok_result(company))
    state = _run(driver, log, RunSpec(companies=companies("Acme")))
    assert writer.lost_once and state.status == "done"
    assert state.totals()["inserted"] == 3
    assert writer.upserted == ["1:company:Acme:0"]  # the same batch id, stored once
    assert writer.finished[1][0] == "done"
    assert [e.type for e in log.events(1)][-1] == "run_done"


def test_a_source_that_fails_is_reported_and_the_others_are_kept() -> None:
    def behaviour(company: CompanyConfig, owner: str) -> Any:
        if company.name == "Down":
            raise SourceUnavailable("down.example", "HTTP 503")
        return ok_result(company)

    writer = FakeWriter()
    driver, log = _driver(writer, behaviour)
    state = _run(driver, log, RunSpec(companies=companies("Acme", "Down")))
    assert state.status == "done"
    assert state.sources["company:Down"].status == "failed"
    assert state.sources["company:Acme"].status == "done" and state.sources["company:Acme"].inserted == 3
    failed = [e for e in log.events(1) if e.type == "source_failed"]
    assert [e.source for e in failed] == ["company:Down"] and "503" in failed[0].message
    status, counts, errors = writer.finished[1]
    assert status == "done" and counts["failed_sources"] == 1 and errors[0].startswith("Down: ")


def test_a_run_whose_every_source_fails_fails() -> None:
    def behaviour(company: CompanyConfig, owner: str) -> Any:
        raise SourceUnavailable("down.example", "HTTP 503")

    writer = FakeWriter()
    driver, log = _driver(writer, behaviour)
    assert _run(driver, log, RunSpec(companies=companies("Down"))).status == "failed"
    assert writer.finished[1][0] == "failed"


def test_a_cancelled_run_ends_cancelled_with_its_sources_and_its_end_recorded() -> None:
    started = asyncio.Event()

    async def behaviour(company: CompanyConfig, owner: str) -> Any:
        started.set()
        await asyncio.Event().wait()  # a source that is still scraping

    writer = FakeWriter()
    driver, log = _driver(writer, behaviour)
    spec = RunSpec(companies=companies("Slow"))
    _open(log, spec)

    async def scenario() -> None:
        task = asyncio.create_task(driver.execute(1, spec, spec.tasks()))
        await started.wait()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    state = log.state(1)
    assert state.status == "cancelled" and state.finished_at is not None
    assert state.sources["company:Slow"].status == "cancelled"
    assert writer.finished[1][0] == "cancelled"
    assert log.events(1)[-1].type == "run_done"
