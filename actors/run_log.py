"""The coordinator's run log: each run's live state and its append-only event list.

The run driver (:mod:`actors.run_driver`) records what happens (:meth:`RunLog.event`) and updates
the run's :class:`~actors.runs.RunState`; the Api, the CLI and the scheduler read it back through
the coordinator (``state``, ``runs``, ``events`` and the long-polled ``progress``). Events are
numbered from 1 per run, so a reader asks for what came after the last number it saw.

Plain asyncio (no Ray); one event loop owns a log.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from typing import Any

from actors.runs import Event, RunState

__all__ = ["CHANGE_CHECK_S", "MAX_WAIT_S", "RunLog", "now"]

MAX_WAIT_S = 30.0  # the longest a long poll is held
CHANGE_CHECK_S = 0.1
"""How often a held long poll looks for a change of the run's state that came without an event
(a source's counts, the extraction pass's jobs sent, the run's status before its last event)."""


def now() -> datetime:
    return datetime.now(UTC)


class RunLog:
    """The runs this coordinator holds: their states and events, and the long polls waiting on them."""

    def __init__(self) -> None:
        self._runs: dict[int, RunState] = {}
        self._events: dict[int, list[Event]] = {}
        self._changed: dict[int, asyncio.Event] = {}

    def open(self, state: RunState) -> None:
        """Hold a new run (its event list starts empty)."""
        self._runs[state.run_id] = state
        self._events[state.run_id] = []

    def state(self, run_id: int) -> RunState:
        """The run's live state (``KeyError`` for a run this log does not hold)."""
        return self._runs[run_id]

    def find(self, run_id: int) -> RunState | None:
        return self._runs.get(run_id)

    def runs(self) -> list[RunState]:
        return list(self._runs.values())

    def event(self, run_id: int, source: str | None, kind: str, message: str, **data: Any) -> None:
        """Append an event to the run's list and wake the long polls waiting for it."""
        events = self._events[run_id]
        events.append(
            Event(n=len(events) + 1, at=now(), source=source, type=kind, message=message, data=data)
        )
        changed = self._changed.pop(run_id, None)
        if changed is not None:
            changed.set()

    def events(self, run_id: int, after: int = 0) -> list[Event]:
        return [e for e in self._events.get(run_id, []) if e.n > after]

    async def progress(
        self, run_id: int, after: int = 0, wait_s: float = 0.0
    ) -> tuple[RunState | None, list[Event], int]:
        """The run's live state, its events after ``after`` and its newest event's number. With
        ``wait_s`` a live run with nothing new yet answers as soon as its next event happens or its
        state changes otherwise (looked at every :data:`CHANGE_CHECK_S`: many parts of the run
        update it in place), or after ``wait_s`` (at most :data:`MAX_WAIT_S`). A poller therefore
        waits a full ``wait_s`` only while nothing at all happens (issue 17)."""
        state = self._runs.get(run_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(wait_s, MAX_WAIT_S)
        log_ = self._events.get(run_id, [])
        shown = _snapshot(state) if state is not None and wait_s > 0 else ""
        while state is not None and state.status == "running" and (not log_ or log_[-1].n <= after):
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            changed = self._changed.setdefault(run_id, asyncio.Event())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout=min(remaining, CHANGE_CHECK_S))
            log_ = self._events.get(run_id, [])
            if _snapshot(state) != shown:
                break
        return state, [e for e in log_ if e.n > after], log_[-1].n if log_ else 0


def _snapshot(state: RunState) -> str:
    """What a poller is shown of the run's state, to tell that it changed (~30 µs)."""
    return state.model_dump_json()
