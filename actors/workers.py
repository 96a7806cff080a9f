"""The coordinator's ScraperActor pool: started on demand, calls with a deadline, a dead worker
replaced at once, and idle workers let go.

Each ScraperActor is a Python process of 150 MB or more, and a jobscraper stack waits most of the
day. So the pool has ``size`` *slots* but starts a slot's worker only when a call first needs it
(or :meth:`WorkerPool.ping_all` warms the whole pool), and with ``idle_after_s`` it ends the
workers that have had no call for that long; the next call starts a fresh one.

A worker that dies (SIGKILL, out of memory, its node gone), cannot start (the node it was placed
on went away first: :mod:`actors.spread`) or stops answering within
``call_timeout_s`` is *lost*: it is killed for good (a hung one could still hold permits), the
permits it held or asked for are freed through ``on_lost`` (see :class:`~actors.leases.PermitLedger`),
and a fresh worker with a new owner token takes its place, so the caller retries the source on a
live worker straight away. Ray does not restart ScraperActors itself (``max_restarts=0``): a
restarted actor would keep the dead one's identity, and its permits could not be told apart.
An idle worker that is let go also goes through ``on_lost`` (it holds no permit; its owner token is
retired, so nothing it might still send is granted).

The actor handles come from ``factory(owner)``, so the pool is unit-tested with fakes.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ray.exceptions import ActorUnschedulableError, GetTimeoutError, RayActorError

__all__ = ["WORKER_CALL_TIMEOUT_S", "WORKER_IDLE_S", "WorkerLost", "WorkerPool"]

WORKER_CALL_TIMEOUT_S = 1800.0  # one source (all of a company's pages, or one board search)
WORKER_IDLE_S = 300.0  # a worker with no call for this long is ended (the next run starts one)
log = logging.getLogger(__name__)


class WorkerLost(RuntimeError):
    """A worker died or did not answer in time; it has been replaced (retry on another)."""


class _Slot:
    __slots__ = ("busy", "handle", "last_used", "owner")

    def __init__(self, owner: str, handle: Any, now: float) -> None:
        self.owner = owner
        self.handle = handle
        self.busy = 0
        self.last_used = now


class WorkerPool:
    """``size`` slots; ``call(n, method, arg)`` runs on slot ``n % size``, starting its worker when
    it has none. With ``idle_after_s``, workers with no call for that long are ended."""

    def __init__(
        self,
        factory: Callable[[str], Any],
        size: int,
        *,
        on_lost: Callable[[str], object],
        kill: Callable[[Any], None],
        call_timeout_s: float = WORKER_CALL_TIMEOUT_S,
        idle_after_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._factory = factory
        self._on_lost = on_lost
        self._kill = kill
        self._timeout_s = call_timeout_s
        self._idle_after_s = idle_after_s
        self._clock = clock
        self._tokens = itertools.count(1)
        self._slots: list[_Slot | None] = [None] * max(1, size)
        self._trim_timer: asyncio.TimerHandle | None = None
        self.replaced = 0
        self.started = 0  # workers started so far (a replacement counts)
        self.retired = 0  # idle workers ended

    def __len__(self) -> int:
        return len(self._slots)

    @property
    def handles(self) -> list[Any]:
        """The handles of the workers running now (a slot without a worker has none)."""
        return [slot.handle for slot in self._slots if slot is not None]

    @property
    def running(self) -> int:
        return sum(1 for slot in self._slots if slot is not None)

    def _slot(self, index: int) -> _Slot:
        slot = self._slots[index]
        if slot is None:
            slot = self._slots[index] = self._new()
        return slot

    def _new(self) -> _Slot:
        owner = f"w{next(self._tokens)}"
        self.started += 1
        return _Slot(owner, self._factory(owner), self._clock())

    async def call(self, n: int, method: str, *args: Any) -> Any:
        """``method(*args)`` on slot ``n % size``'s worker (started now if it has none);
        :class:`WorkerLost` when it dies or hangs. Any other error the worker raised comes back as
        itself."""
        index = n % len(self._slots)
        slot = self._slot(index)
        slot.busy += 1
        try:
            ref = getattr(slot.handle, method).remote(*args)
            return await asyncio.wait_for(_awaited(ref), timeout=self._timeout_s)
        except (RayActorError, ActorUnschedulableError, GetTimeoutError, TimeoutError) as exc:
            reason = "no answer" if isinstance(exc, TimeoutError | GetTimeoutError) else type(exc).__name__
            self._lost(index, slot.owner, reason)
            raise WorkerLost(f"worker {slot.owner} lost ({reason}) during {method}") from exc
        finally:
            slot.busy -= 1
            slot.last_used = self._clock()
            self._schedule_trim()

    async def ping_all(self, timeout_s: float = 60.0) -> int:
        """Start every slot's worker and wait until each has started; one that does not is replaced."""
        for index in range(len(self._slots)):
            slot = self._slot(index)
            try:
                await asyncio.wait_for(_awaited(slot.handle.ping.remote()), timeout=timeout_s)
            except (RayActorError, ActorUnschedulableError, TimeoutError) as exc:
                self._lost(index, slot.owner, type(exc).__name__)
        self._schedule_trim()
        return len(self._slots)

    def trim(self) -> int:
        """End the workers idle for ``idle_after_s`` or more (none without it); how many ended."""
        if self._idle_after_s is None:
            return 0
        cutoff = self._clock() - self._idle_after_s
        ended = 0
        for index, slot in enumerate(self._slots):
            if slot is None or slot.busy or slot.last_used > cutoff:
                continue
            self._slots[index] = None
            self._end(slot, "idle")
            ended += 1
        self.retired += ended
        if ended:
            log.info("%d idle scraper worker(s) ended; %d still running", ended, self.running)
        return ended

    def _schedule_trim(self) -> None:
        """Look again once the newest idle worker has waited ``idle_after_s`` (one timer at a time)."""
        if self._idle_after_s is None or self.running == 0:
            return
        if self._trim_timer is not None:
            self._trim_timer.cancel()
        loop = asyncio.get_running_loop()

        def fire() -> None:
            self._trim_timer = None
            self.trim()
            self._schedule_trim()

        self._trim_timer = loop.call_later(self._idle_after_s + 0.01, fire)

    def _end(self, slot: _Slot, reason: str) -> None:
        try:
            self._kill(slot.handle)
        except (RayActorError, ValueError) as exc:  # already gone: nothing to stop
            log.info("worker %s could not be killed (%s): already gone", slot.owner, exc)
        self._on_lost(slot.owner)

    def _lost(self, index: int, owner: str, reason: str) -> None:
        slot = self._slots[index]
        if slot is None or slot.owner != owner:  # another caller saw the same death and replaced it
            return
        log.warning("scraper worker %s lost (%s): replaced, its permits freed", owner, reason)
        self._end(slot, reason)
        self._slots[index] = self._new()
        self.replaced += 1


async def _awaited(ref: Awaitable[Any]) -> Any:
    return await ref
