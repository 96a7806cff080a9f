"""A run's liveness pass with no Ray: the real run driver, worker pool and writer (in-process, on a
real database); fake ScraperActors answer the checks. Two runs in a row close a job whose page is
gone, the run's counts say so, and a pass that breaks never fails its run."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from fakes_coordinator import FakeWorker, Method, companies, ok_result, settings
from sqlalchemy import select

from actors.run_driver import RunDriver
from actors.run_log import RunLog, now
from actors.runs import RunSpec, RunState, SourceState
from actors.workers import WorkerPool
from jobscraper.config import CompanyConfig, LivenessSettings
from jobscraper.posting import Posting
from jobscraper.store import Database, open_database
from jobscraper.store.liveness import CheckResult, CheckTarget
from jobscraper.store.tables import JOB, RUN
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient

GONE = "https://old.example/jobs/1"


class CheckingWorker(FakeWorker):
    """A ScraperActor that scrapes companies as FakeWorker does and checks pages: ``GONE`` is 404."""

    def __init__(self, owner: str, broken: bool = False) -> None:
        super().__init__(owner, lambda company, _owner: ok_result(company))
        self.checked: list[list[str]] = []

        async def check_jobs(targets: list[CheckTarget], concurrency: int) -> list[CheckResult]:
            if broken:
                raise RuntimeError("the checker broke")
            self.checked.append([t.url for t in targets])
            return [
                CheckResult(job_id=t.job_id, verdict="closed" if t.url == GONE else "open", reason="HTTP 404")
                for t in targets
            ]

        self.check_jobs = Method(check_jobs)


def _setup(db: Database, *, broken: bool = False) -> tuple[RunDriver, RunLog, WriterClient]:
    writer = Writer(db)
    writer.upsert([Posting(site="company", job_url=GONE, title="Old job", company="Old")])
    client = WriterClient(InProcessTransport(writer))
    pool = WorkerPool(
        lambda owner: CheckingWorker(owner, broken), 1, on_lost=lambda owner: 0, kill=lambda h: None
    )
    log = RunLog()
    live = LivenessSettings(min_days_between_checks=0)
    return RunDriver(settings().extraction, writer=client, pool=pool, log=log, liveness=live), log, client


def _run(driver: RunDriver, log: RunLog, client: WriterClient, spec: RunSpec) -> RunState:
    async def scenario() -> RunState:
        run_id = await client.start_run("scrape", {})
        tasks = spec.tasks()
        sources = {t.key: SourceState(key=t.key, label=t.label, kind=t.kind) for t in tasks}
        log.open(RunState(run_id=run_id, started_at=now(), sources=sources))
        await driver.execute(run_id, spec, tasks)
        return log.state(run_id)

    return asyncio.run(scenario())


def _events(log: RunLog, state: RunState) -> dict[str, Any]:
    return {e.type: e for e in log.events(state.run_id)}


def test_two_runs_close_a_gone_job_and_their_counts_say_so(tmp_path: Path) -> None:
    db = open_database(tmp_path / "jobs.db")
    try:
        driver, log, client = _setup(db)
        spec = RunSpec(companies=companies("Acme"))
        first = _run(driver, log, client, spec)
        assert first.status == "done"
        assert (first.liveness.checked, first.liveness.failed, first.liveness.closed) == (4, 1, 0)
        second = _run(driver, log, client, spec)
        assert second.totals()["closed"] == 1 and second.liveness.open == 3
        assert "1 closed" in _events(log, second)["liveness_done"].message
        with db.reader() as conn:
            counts = conn.execute(select(RUN.c.counts).where(RUN.c.id == second.run_id)).scalar_one()
            closed = conn.execute(select(JOB.c.job_url).where(JOB.c.closed_at.is_not(None))).scalars().all()
        assert counts["closed"] == 1 and counts["checked"] == 4
        assert closed == [GONE]
    finally:
        db.dispose()


def test_a_broken_pass_is_an_event_and_the_run_still_succeeds(tmp_path: Path) -> None:
    db = open_database(tmp_path / "jobs.db")
    try:
        driver, log, client = _setup(db, broken=True)
        state = _run(driver, log, client, RunSpec(companies=companies("Acme")))
        assert state.status == "done" and state.totals()["inserted"] == 3
        failed = _events(log, state)["liveness_failed"]
        assert "the checker broke" in failed.message
    finally:
        db.dispose()


def test_without_liveness_settings_a_run_checks_nothing(tmp_path: Path) -> None:
    db = open_database(tmp_path / "jobs.db")
    try:
        _driver, log, client = _setup(db)
        workers: list[CheckingWorker] = []

        def factory(owner: str) -> CheckingWorker:
            workers.append(CheckingWorker(owner))
            return workers[-1]

        pool = WorkerPool(factory, 1, on_lost=lambda owner: 0, kill=lambda h: None)
        driver = RunDriver(settings().extraction, writer=client, pool=pool, log=log)
        spec = RunSpec(companies=[CompanyConfig(name="Acme", url="https://acme.example/careers")])
        state = _run(driver, log, client, spec)
        assert state.totals()["checked"] == 0 and workers[0].checked == []
    finally:
        db.dispose()


def test_overlapping_runs_make_one_pass_so_no_job_is_checked_twice_at_once(tmp_path: Path) -> None:
    db = open_database(tmp_path / "jobs.db")
    entered, release = asyncio.Event(), asyncio.Event()
    calls: list[int] = []

    class SlowChecker(CheckingWorker):
        def __init__(self, owner: str) -> None:
            super().__init__(owner)

            async def check_jobs(targets: list[CheckTarget], concurrency: int) -> list[CheckResult]:
                calls.append(len(targets))
                entered.set()
                await release.wait()
                return [CheckResult(job_id=t.job_id, verdict="open") for t in targets]

            self.check_jobs = Method(check_jobs)

    try:
        _unused, log, client = _setup(db)
        pool = WorkerPool(SlowChecker, 1, on_lost=lambda owner: 0, kill=lambda h: None)
        live = LivenessSettings(min_days_between_checks=0)
        driver = RunDriver(settings().extraction, writer=client, pool=pool, log=log, liveness=live)
        spec = RunSpec(companies=companies("Acme"))

        async def scenario() -> list[RunState]:
            runs = []
            for _ in range(2):
                run_id = await client.start_run("scrape", {})
                sources = {t.key: SourceState(key=t.key, label=t.label, kind=t.kind) for t in spec.tasks()}
                log.open(RunState(run_id=run_id, started_at=now(), sources=sources))
                runs.append(run_id)
            tasks = [asyncio.create_task(driver.execute(r, spec, spec.tasks())) for r in runs]
            await entered.wait()
            # the run that found a pass under way ends without waiting for it (the bound only keeps
            # a broken guard from hanging the test: both runs would then wait in check_jobs)
            await asyncio.wait(tasks, timeout=60, return_when=asyncio.FIRST_COMPLETED)
            release.set()
            await asyncio.gather(*tasks)
            return [log.state(r) for r in runs]

        states = asyncio.run(scenario())
        assert len(calls) == 1
        assert sorted(s.liveness.checked for s in states) == [0, calls[0]]
        assert all(s.status == "done" for s in states)
    finally:
        db.dispose()
