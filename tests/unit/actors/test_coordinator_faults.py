"""The coordinator's logic without Ray (fake writer, fake ScraperActors): what a user sees when
something goes wrong in a run.

- an unexpected exception (neither a ScrapeError nor a dead worker) fails its source, is logged
  with its traceback and shown in the run's events; the rest of the run goes on (issue 13, item 12);
- an unexpected error in the run itself fails the run (never recorded as "running");
- a worker that dies or hangs is replaced at once, its permits freed, and its source retried on a
  live worker, so the run ends with the counts of an undisturbed run (issue 13, item 11).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from fakes_coordinator import FakeWorker, FakeWriter, companies, ok_result, settings
from ray.exceptions import ActorDiedError

from actors.coordinator import _Coordinator
from actors.runs import RunSpec, RunState
from actors.writer import writer_client
from jobscraper.config import CompanyConfig
from jobscraper.errors import Blocked


def _coordinator(writer: FakeWriter, behaviour: Any, **kwargs: Any) -> tuple[_Coordinator, list[FakeWorker]]:
    made: list[FakeWorker] = []

    def factory(owner: str) -> FakeWorker:
        made.append(FakeWorker(owner, behaviour))
        return made[-1]

    killed: list[FakeWorker] = []
    coordinator = _Coordinator(
        settings(), writer=writer_client(writer), worker_factory=factory, kill_worker=killed.append, **kwargs
    )
    return coordinator, made


async def _run(coordinator: _Coordinator, *names: str) -> RunState:
    run_id = await coordinator.start_run(RunSpec(companies=companies(*names)))
    return await asyncio.wait_for(coordinator.wait(run_id), timeout=30)


def test_an_unexpected_worker_error_fails_its_source_is_logged_and_shown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def behaviour(company: CompanyConfig, owner: str) -> Any:
        if company.name == "Broken":
            raise ValueError("a bug in an adapter")
        return ok_result(company)

    writer = FakeWriter()
    coordinator, _ = _coordinator(writer, behaviour)

    async def scenario() -> tuple[RunState, list[Any]]:
        state = await _run(coordinator, "Acme", "Broken")
        return state, await coordinator.events(state.run_id)

    with caplog.at_level(logging.ERROR):
        state, events = asyncio.run(scenario())
    broken = state.sources["company:Broken"]
    assert broken.status == "failed"
    assert broken.errors == ["unexpected ValueError: a bug in an adapter"]
    assert state.sources["company:Acme"].status == "done"
    assert state.status == "done"  # one source failed, the others' work is kept
    failed = [e for e in events if e.type == "source_failed"]
    assert [e.source for e in failed] == ["company:Broken"]
    assert "ValueError: a bug in an adapter" in failed[0].data["traceback"]
    assert any(r.exc_info and "a bug in an adapter" in str(r.exc_info[1]) for r in caplog.records)
    status, counts, errors = writer.finished[state.run_id]
    assert status == "done" and counts["failed_sources"] == 1
    assert errors == ["Broken: unexpected ValueError: a bug in an adapter"]


def test_a_writer_failure_while_writing_a_source_fails_that_source() -> None:
    writer = FakeWriter(fail={"upsert": RuntimeError("the writer did not come back")})
    coordinator, _ = _coordinator(writer, lambda company, owner: ok_result(company))
    state = asyncio.run(_run(coordinator, "Acme"))
    assert state.sources["company:Acme"].status == "failed"
    assert state.status == "failed"
    assert writer.finished[state.run_id][0] == "failed"


def test_an_unexpected_error_in_the_run_itself_fails_the_run_not_running(
    caplog: pytest.LogCaptureFixture,
) -> None:
    writer = FakeWriter(fail={"archive_company_missing": KeyError("lost")})
    coordinator, _ = _coordinator(writer, lambda company, owner: ok_result(company))

    async def scenario() -> tuple[RunState, list[Any]]:
        state = await _run(coordinator, "Acme")
        return state, await coordinator.events(state.run_id)

    with caplog.at_level(logging.ERROR):
        state, events = asyncio.run(scenario())
    assert state.status == "failed" and state.finished_at is not None
    status, _, errors = writer.finished[state.run_id]
    assert status == "failed"
    assert errors == ["run: unexpected KeyError: 'lost'"]
    run_failed = next(e for e in events if e.type == "run_failed")
    assert "KeyError" in run_failed.data["traceback"]
    assert events[-1].type == "run_done" and "failed" in events[-1].message
    assert any(r.exc_info is not None for r in caplog.records)


def test_a_scrape_error_is_still_reported_as_the_source_s_own_failure() -> None:
    def behaviour(company: CompanyConfig, owner: str) -> Any:
        raise Blocked("acme.example", "HTTP 403")

    writer = FakeWriter()
    coordinator, _ = _coordinator(writer, behaviour)
    state = asyncio.run(_run(coordinator, "Acme"))
    assert state.sources["company:Acme"].status == "blocked"
    assert state.status == "failed"


def test_a_dead_worker_is_replaced_its_permits_freed_and_its_source_retried() -> None:
    """The first worker dies while holding permits (a SIGKILL): its permits are freed at once,
    and its source runs again on a live worker; the run's counts are those of a clean run."""
    died: set[str] = set()

    async def behaviour(company: CompanyConfig, owner: str) -> Any:
        if owner == "w1":  # every call on the dead worker fails as Ray reports it
            if not died:
                died.add(owner)
                await holder[0].acquire("acme.example", owner)  # held when it dies
            raise ActorDiedError()
        return ok_result(company)

    writer = FakeWriter()
    tight = settings().model_copy(deep=True)
    tight.scraping.max_concurrency = 1
    holder: list[_Coordinator] = []  # the behaviour reads the coordinator when it is called
    made: list[FakeWorker] = []
    killed: list[FakeWorker] = []

    def factory(owner: str) -> FakeWorker:
        made.append(FakeWorker(owner, behaviour))
        return made[-1]

    coordinator = _Coordinator(
        tight, writer=writer_client(writer), worker_factory=factory, kill_worker=killed.append
    )
    holder.append(coordinator)

    async def scenario() -> tuple[RunState, dict[str, Any]]:
        state = await _run(coordinator, "Acme", "Globex", "Initech")
        # with the one global slot leaked, any later permit would wait for the 600 s lease
        permit = await asyncio.wait_for(coordinator.acquire("other.example", "w2"), timeout=5)
        await coordinator.release(permit)
        for _ in range(5):  # the slot is handed back on the loop's next turns
            await asyncio.sleep(0)
        return state, await coordinator.limits()

    state, limits = asyncio.run(scenario())
    assert state.status == "done"
    assert all(s.status == "done" for s in state.sources.values())
    assert state.totals()["found"] == 9 and state.totals()["inserted"] == 9
    assert [w.owner for w in killed] == ["w1"]
    assert [w.owner for w in made] == ["w1", "w2", "w3"]  # w3 took the dead one's place
    assert limits["permits"] == 0 and limits["in_flight"] == 0 and limits["workers_replaced"] == 1
    assert state.sources["company:Acme"].attempts == 2


def test_a_worker_that_does_not_answer_in_time_is_replaced_and_its_source_retried() -> None:
    hung: set[str] = set()

    async def behaviour(company: CompanyConfig, owner: str) -> Any:
        if owner == "w1" and not hung:
            hung.add(owner)
            await asyncio.Event().wait()  # never answers
        return ok_result(company)

    writer = FakeWriter()
    coordinator, made = _coordinator(writer, behaviour, call_timeout_s=0.2)
    state = asyncio.run(_run(coordinator, "Acme"))
    assert state.status == "done" and state.totals()["found"] == 3
    assert [w.owner for w in made] == ["w1", "w2", "w3"]
