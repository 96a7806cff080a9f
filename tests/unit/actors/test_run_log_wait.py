"""A held long poll of a run's progress answers at any change of the run, not only at its next
event (issue 17): many parts of a run update its state in place (a source's counts, the jobs sent
to extraction, the run's status before its last event), and a poller should not wait out its whole
wait for those."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from actors.run_log import CHANGE_CHECK_S, MAX_WAIT_S, RunLog
from actors.runs import RunState, SourceState


def _log() -> tuple[RunLog, RunState]:
    log = RunLog()
    source = SourceState(key="company:Acme", label="Acme", kind="company", status="running")
    state = RunState(run_id=1, started_at=datetime.now(UTC), sources={source.key: source})
    log.open(state)
    log.event(1, None, "run_started", "1 source(s)")
    return log, state


def test_a_held_poll_answers_when_the_state_changes_without_an_event() -> None:
    async def scenario() -> tuple[bool, int, list[int]]:
        log, state = _log()
        poll = asyncio.create_task(log.progress(1, after=1, wait_s=MAX_WAIT_S))
        await asyncio.sleep(CHANGE_CHECK_S * 3)
        waiting = not poll.done()  # nothing changed: it holds
        state.sources["company:Acme"].found += 12  # no event
        answer, events, _ = await asyncio.wait_for(poll, timeout=10)  # far less than its wait
        assert answer is not None
        return waiting, answer.sources["company:Acme"].found, [e.n for e in events]

    waiting, found, events = asyncio.run(scenario())
    assert waiting, "with nothing new the poll is held"
    assert found == 12, "the answer shows the change"
    assert events == []


def test_a_held_poll_still_answers_at_the_next_event() -> None:
    async def scenario() -> list[int]:
        log, _ = _log()
        poll = asyncio.create_task(log.progress(1, after=1, wait_s=MAX_WAIT_S))
        await asyncio.sleep(0)
        log.event(1, "company:Acme", "source_started", "Acme")
        _, events, last = await asyncio.wait_for(poll, timeout=10)
        assert last == 2
        return [e.n for e in events]

    assert asyncio.run(scenario()) == [2]
