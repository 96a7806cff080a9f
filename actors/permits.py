"""A ScraperActor's side of the shared limits: permits from the coordinator, reused locally.

The coordinator's :class:`~jobscraper.scraping.limits.Limiter` is the one place that counts
requests in flight; a worker holds a *permit* (one global and one domain slot) for every request
it runs. Asking the coordinator for each request costs two actor calls, and under load those
round trips, not the sites, set the pace (bench/pipeline.py). So a permit that finishes while
another request of this worker waits for the same domain passes straight to it:

- exact: a permit serves one request at a time, so the limiter's count still bounds what is in
  flight, globally and per domain;
- a domain with a minimum delay never reuses (each start must go through the limiter's clock);
- fair: a permit goes back after ``max_uses`` requests or ``max_hold_s`` seconds, and a worker
  has at most ``max_pending`` asks queued at the coordinator, so a request of another worker or
  run waiting there gets a slot after at most about (1 + max_pending) × max_uses requests of
  this worker to that domain;
- releases are sent without waiting for the reply (the coordinator frees the slot on receipt).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PermitPool"]


@dataclass
class _Permit:
    id: int
    granted_at: float
    uses: int = 0


@dataclass
class _Domain:
    reusable: bool
    waiters: deque[asyncio.Future[_Permit]] = field(default_factory=deque)
    pending: int = 0  # acquires sent to the coordinator and not answered yet


class PermitPool:
    """The Fetcher's ``Slots``: ``async with pool.slot(domain)`` holds a coordinator permit."""

    def __init__(
        self,
        coordinator: Any,
        *,
        owner: str = "",
        reusable: Callable[[str], bool],
        max_uses: int = 8,
        max_hold_s: float = 5.0,
        max_pending: int = 4,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._coordinator = coordinator
        self._owner = owner  # this worker's token: the coordinator frees its permits if it dies
        self._reusable = reusable
        self._max_uses = max_uses
        self._max_hold_s = max_hold_s
        self._max_pending = max_pending
        self._clock = clock
        self._domains: dict[str, _Domain] = {}
        self._asks: set[asyncio.Task[None]] = set()

    def _domain(self, name: str) -> _Domain:
        state = self._domains.get(name)
        if state is None:
            state = self._domains[name] = _Domain(reusable=self._reusable(name))
        return state

    @asynccontextmanager
    async def slot(self, domain: str) -> AsyncIterator[None]:
        state = self._domain(domain)
        waiter: asyncio.Future[_Permit] = asyncio.get_running_loop().create_future()
        state.waiters.append(waiter)
        self._pump(domain, state)
        try:
            permit = await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._pass_on(domain, state, waiter.result())  # granted as we were cancelled
            elif waiter in state.waiters:
                state.waiters.remove(waiter)
            raise
        try:
            yield
        finally:
            permit.uses += 1
            self._pass_on(domain, state, permit)

    # ------------------------------------------------------------------ internals
    def _pump(self, domain: str, state: _Domain) -> None:
        """Ask the coordinator for permits: one per waiter, at most ``max_pending`` at a time."""
        while state.pending < min(self._max_pending, len(state.waiters)):
            state.pending += 1
            task = asyncio.get_running_loop().create_task(self._ask(domain, state))
            self._asks.add(task)
            task.add_done_callback(self._asks.discard)

    async def _ask(self, domain: str, state: _Domain) -> None:
        try:
            permit_id = int(await self._coordinator.acquire.remote(domain, self._owner))
        except Exception as exc:  # the coordinator is gone: the waiters cannot be served
            state.pending -= 1
            while state.waiters:
                waiter = state.waiters.popleft()
                if not waiter.done():
                    waiter.set_exception(exc)
            return
        state.pending -= 1
        self._pass_on(domain, state, _Permit(permit_id, self._clock()), fresh=True)

    def _pass_on(self, domain: str, state: _Domain, permit: _Permit, *, fresh: bool = False) -> None:
        """Give ``permit`` to the next waiter when it may be reused, else back to the coordinator."""
        keep = fresh or (
            state.reusable
            and permit.uses < self._max_uses
            and self._clock() - permit.granted_at < self._max_hold_s
        )
        while keep and state.waiters:
            waiter = state.waiters.popleft()
            if not waiter.done():
                waiter.set_result(permit)
                self._pump(domain, state)
                return
        self._coordinator.release.remote(permit.id)  # fire and forget: freed on receipt
        self._pump(domain, state)
