"""The coordinator's start answers once the run is under way (issue 17), without Ray.

A run's first events (run_started, its passes starting, each source starting) happen within a few
tens of ms of each other. When the start answered before them, the page showed run_started, then
asked again and re-drew for the rest: on a loaded machine that burst reached the screen ~300 ms
late. The start now waits (at most ``START_WAIT_S``) until each source has started, so the API's
answer to the click holds the whole burst; a set-up that takes longer does not hold the answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fakes_coordinator import FakeWorker, FakeWriter, Method, companies, ok_result, settings

import actors.coordinator
import actors.run_passes
from actors.coordinator import _Coordinator
from actors.runs import RunSpec
from actors.writer import writer_client
from jobscraper.config import CompanyConfig


def _coordinator(writer: FakeWriter, release: asyncio.Event) -> _Coordinator:
    async def held(company: CompanyConfig, owner: str) -> Any:
        await release.wait()  # the scrapes wait: the run is still going when the start answers
        return ok_result(company)

    return _Coordinator(
        settings(),
        writer=writer_client(writer),
        worker_factory=lambda owner: FakeWorker(owner, held),
        kill_worker=lambda handle: None,
    )


def test_a_start_answers_with_each_source_started() -> None:
    async def scenario() -> list[str]:
        release = asyncio.Event()
        coordinator = _coordinator(FakeWriter(), release)
        run_id = await coordinator.start_run(RunSpec(companies=companies("Acme", "Globex", "Initech")))
        types = [e.type for e in await coordinator.events(run_id)]
        release.set()
        await asyncio.wait_for(coordinator.wait(run_id), timeout=30)
        return types

    types = asyncio.run(scenario())
    assert types[0] == "run_started"
    assert types.count("source_started") == 3


def test_a_slow_set_up_does_not_hold_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actors.coordinator, "START_WAIT_S", 0.01)

    async def scenario() -> tuple[list[str], str]:
        release, rules_read = asyncio.Event(), asyncio.Event()

        async def block_rules() -> list[Any]:
            await rules_read.wait()  # the blocklist's read hangs until the start has answered
            return []

        writer = FakeWriter()
        writer.block_rules = Method(block_rules)  # type: ignore[method-assign]
        coordinator = _coordinator(writer, release)
        run_id = await asyncio.wait_for(
            coordinator.start_run(RunSpec(companies=companies("Acme"))), timeout=30
        )
        types = [e.type for e in await coordinator.events(run_id)]
        rules_read.set()
        release.set()
        state = await asyncio.wait_for(coordinator.wait(run_id), timeout=30)
        return types, state.status

    types, status = asyncio.run(scenario())
    assert "source_started" not in types  # answered before the sources started
    assert status == "done"


def _held_lookup(monkeypatch: pytest.MonkeyPatch, found: asyncio.Event) -> None:
    """The extraction service's lookup (a call to Serve's controller: ~45 ms on a loaded machine,
    more the first time) waits for ``found``."""

    async def resolve(settings: Any, app: str) -> tuple[None, str]:
        await found.wait()
        return None, "extraction is off"

    monkeypatch.setattr(actors.run_passes, "resolve_extractor", resolve)


def test_the_sources_start_while_the_extraction_service_is_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(actors.coordinator, "START_WAIT_S", 0.05)

    async def scenario() -> tuple[list[str], list[str], str]:
        release, found = asyncio.Event(), asyncio.Event()
        _held_lookup(monkeypatch, found)
        coordinator = _coordinator(FakeWriter(), release)
        run_id = await coordinator.start_run(RunSpec(companies=companies("Acme", "Globex")))
        answered = [e.type for e in await coordinator.events(run_id)]
        found.set()
        release.set()
        state = await asyncio.wait_for(coordinator.wait(run_id), timeout=30)
        return answered, [e.type for e in await coordinator.events(run_id)], state.status

    answered, everything, status = asyncio.run(scenario())
    # before: the sources waited for the lookup, and the start's answer held run_started alone
    assert answered.count("source_started") == 2 and "extraction_off" not in answered
    assert "extraction_off" in everything and status == "done"


def test_a_run_cancelled_during_the_lookup_stops_its_passes_and_ends_cancelled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(actors.coordinator, "START_WAIT_S", 0.01)

    async def scenario() -> tuple[str, list[str], int]:
        release, found = asyncio.Event(), asyncio.Event()
        _held_lookup(monkeypatch, found)
        coordinator = _coordinator(FakeWriter(), release)
        run_id = await coordinator.start_run(RunSpec(companies=companies("Acme")))
        state = await asyncio.wait_for(coordinator.cancel(run_id), timeout=30)
        found.set()  # a lookup that would answer now starts nothing any more
        await asyncio.sleep(0.05)
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        return state.status, [e.type for e in await coordinator.events(run_id)], len(pending)

    status, types, pending = asyncio.run(scenario())
    assert status == "cancelled" and "run_done" in types
    assert "extraction_off" not in types and "embedding_off" not in types
    assert pending == 0
