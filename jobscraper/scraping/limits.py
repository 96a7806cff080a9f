"""Exact request limits: a global cap, a per-domain cap and a per-domain minimum gap.

``Limiter.slot(domain)`` is an async context manager; inside it, a request to ``domain`` may run.
At no moment are more than ``global_limit`` slots held, nor more than the domain's limit for one
domain, and two slot grants for one domain are at least ``min_delay_s`` apart. Waiters are served
first come, first served per domain; a waiter that is cancelled while waiting leaves nothing held.

The limiter also measures what it enforces (``peak_in_flight``, per-domain peaks), so tests and
benchmarks read the peak from the mechanism itself rather than from a separate counter.

One asyncio event loop owns a Limiter (in production: the ScrapeCoordinator actor's loop).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

__all__ = ["DomainRule", "Limiter"]


@dataclass(frozen=True)
class DomainRule:
    """How hard one domain may be hit."""

    concurrency: int
    min_delay_s: float = 0.0


@dataclass
class _Domain:
    rule: DomainRule
    in_flight: int = 0  # domain slots held, including by requests still waiting for a global slot
    active: int = 0  # requests running (holding both slots)
    peak: int = 0
    next_start: float = 0.0
    waiters: deque[asyncio.Future[None]] = field(default_factory=deque)


class Limiter:
    """Global + per-domain concurrency and per-domain minimum delay, enforced exactly."""

    def __init__(
        self,
        global_limit: int,
        default_rule: DomainRule,
        rules: dict[str, DomainRule] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if global_limit < 1:
            raise ValueError("global_limit must be at least 1")
        self._global_limit = global_limit
        self._default = default_rule
        self._rules = dict(rules or {})
        self._clock = clock
        self._sleep = sleep
        self._domains: dict[str, _Domain] = {}
        self._in_flight = 0
        self._global_waiters: deque[asyncio.Future[None]] = deque()
        self.peak_in_flight = 0

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def domain_peak(self, domain: str) -> int:
        state = self._domains.get(domain)
        return 0 if state is None else state.peak

    def rule(self, domain: str) -> DomainRule:
        """The rule that applies to ``domain``."""
        return self._rules.get(domain, self._default)

    def _domain(self, domain: str) -> _Domain:
        state = self._domains.get(domain)
        if state is None:
            state = _Domain(self.rule(domain))
            self._domains[domain] = state
        return state

    @asynccontextmanager
    async def slot(self, domain: str) -> AsyncIterator[None]:
        """Hold one global and one ``domain`` slot for the body of the ``async with``."""
        state = self._domain(domain)
        await self._acquire_domain(state)
        try:
            await self._acquire_global()
        except BaseException:
            self._release_domain(state)
            raise
        state.active += 1
        state.peak = max(state.peak, state.active)
        try:
            yield
        finally:
            state.active -= 1
            self._release_global()
            self._release_domain(state)

    # -- domain slots: FIFO, with the minimum gap between grants
    async def _acquire_domain(self, state: _Domain) -> None:
        if state.in_flight >= state.rule.concurrency or state.waiters:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            state.waiters.append(waiter)
            try:
                await waiter
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    # granted just as we were cancelled: hand the slot on
                    self._release_domain(state)
                elif waiter in state.waiters:  # a release may already have popped (and skipped) it
                    state.waiters.remove(waiter)
                raise
        else:
            state.in_flight += 1
        # the gap is measured between grants; reserve our start before sleeping so concurrent
        # grants for the same domain queue up behind it
        now = self._clock()
        start = max(now, state.next_start)
        state.next_start = start + state.rule.min_delay_s
        if start > now:
            try:
                await self._sleep(start - now)
            except BaseException:
                self._release_domain(state)
                raise

    def _release_domain(self, state: _Domain) -> None:
        while state.waiters:
            waiter = state.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the slot passes straight to the next waiter
                return
        state.in_flight -= 1

    # -- global slots: FIFO
    async def _acquire_global(self) -> None:
        if self._in_flight >= self._global_limit or self._global_waiters:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._global_waiters.append(waiter)
            try:
                await waiter
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self._release_global()
                elif waiter in self._global_waiters:
                    self._global_waiters.remove(waiter)
                raise
        else:
            self._in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self._in_flight)

    def _release_global(self) -> None:
        while self._global_waiters:
            waiter = self._global_waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._in_flight -= 1
