"""The coordinator's ScraperActor pool: calls with a deadline, and a dead worker replaced at once.

A worker that dies (SIGKILL, out of memory, its node gone) or stops answering within
``call_timeout_s`` is *lost*: it is killed for good (a hung one could still hold permits), the
permits it held or asked for are freed through ``on_lost`` (see :class:`~actors.leases.PermitLedger`),
and a fresh worker with a new owner token takes its place, so the caller retries the source on a
live worker straight away. Ray does not restart ScraperActors itself (``max_restarts=0``): a
restarted actor would keep the dead one's identity, and its permits could not be told apart.

The actor handles come from ``factory(owner)``, so the pool is unit-tested with fakes.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from ray.exceptions import GetTimeoutError, RayActorError

__all__ = ["WORKER_CALL_TIMEOUT_S", "WorkerLost", "WorkerPool"]

WORKER_CALL_TIMEOUT_S = 1800.0  # one source (all of a company's pages, or one board search)
log = logging.getLogger(__name__)


class WorkerLost(RuntimeError):
    """A worker died or did not answer in time; it has been replaced (retry on another)."""


class WorkerPool:
    """``size`` workers; ``call(n, method, arg)`` runs on worker ``n % size``."""

    def __init__(
        self,
        factory: Callable[[str], Any],
        size: int,
        *,
        on_lost: Callable[[str], object],
        kill: Callable[[Any], None],
        call_timeout_s: float = WORKER_CALL_TIMEOUT_S,
    ) -> None:
        self._factory = factory
        self._on_lost = on_lost
        self._kill = kill
        self._timeout_s = call_timeout_s
        self._tokens = itertools.count(1)
        self._workers: list[tuple[str, Any]] = [self._new() for _ in range(max(1, size))]
        self.replaced = 0

    def _new(self) -> tuple[str, Any]:
        owner = f"w{next(self._tokens)}"
        return owner, self._factory(owner)

    def __len__(self) -> int:
        return len(self._workers)

    @property
    def handles(self) -> list[Any]:
        return [handle for _, handle in self._workers]

    async def call(self, n: int, method: str, *args: Any) -> Any:
        """``method(*args)`` on worker ``n % size``; :class:`WorkerLost` when it dies or hangs.
        Any other error the worker raised comes back as itself."""
        index = n % len(self._workers)
        owner, handle = self._workers[index]
        ref = getattr(handle, method).remote(*args)
        try:
            return await asyncio.wait_for(_awaited(ref), timeout=self._timeout_s)
        except (RayActorError, GetTimeoutError, TimeoutError) as exc:
            reason = "no answer" if isinstance(exc, TimeoutError | GetTimeoutError) else type(exc).__name__
            self._lost(index, owner, reason)
            raise WorkerLost(f"worker {owner} lost ({reason}) during {method}") from exc

    async def ping_all(self, timeout_s: float = 60.0) -> int:
        """Wait until every worker has started; a worker that does not is replaced."""
        for index, (owner, handle) in enumerate(list(self._workers)):
            try:
                await asyncio.wait_for(_awaited(handle.ping.remote()), timeout=timeout_s)
            except (RayActorError, TimeoutError) as exc:
                self._lost(index, owner, type(exc).__name__)
        return len(self._workers)

    def _lost(self, index: int, owner: str, reason: str) -> None:
        current, handle = self._workers[index]
        if current != owner:  # another caller saw the same death and replaced it already
            return
        log.warning("scraper worker %s lost (%s): replaced, its permits freed", owner, reason)
        try:
            self._kill(handle)
        except (RayActorError, ValueError) as exc:  # already gone: nothing to stop
            log.info("worker %s could not be killed (%s): already gone", owner, exc)
        self._on_lost(owner)
        self._workers[index] = self._new()
        self.replaced += 1


async def _awaited(ref: Awaitable[Any]) -> Any:
    return await ref
