"""Worker-side permits: reused locally, yet the coordinator's limits still hold exactly.

The coordinator here is an in-process stand-in with the same two methods as the actor
(``acquire.remote(domain)`` awaitable, ``release.remote(permit)`` fire and forget) over a real
:class:`Limiter`; the real actor path is covered by tests/integration/test_scrape_run.py.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from actors.permits import PermitPool
from jobscraper.scraping import DomainRule, Limiter


class _Method:
    def __init__(self, fn: Callable[..., Any]) -> None:
        self.remote = fn


class FakeCoordinator:
    """The coordinator's permit protocol over one Limiter, counting the calls it gets."""

    def __init__(self, limiter: Limiter, *, fail: bool = False) -> None:
        self.limiter = limiter
        self.acquires = 0
        self.releases = 0
        self._ids = itertools.count(1)
        self._held: dict[int, asyncio.Event] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.fail = fail
        self.acquire = _Method(self._acquire)
        self.release = _Method(self._release)

    def _acquire(self, domain: str, owner: str = "") -> Awaitable[int]:
        self.acquires += 1

        async def grant() -> int:
            if self.fail:
                raise ConnectionError("coordinator gone")
            permit, granted = next(self._ids), asyncio.get_running_loop().create_future()
            done = self._held[permit] = asyncio.Event()

            async def hold() -> None:
                async with self.limiter.slot(domain):
                    granted.set_result(None)
                    await done.wait()

            task = asyncio.get_running_loop().create_task(hold())
            self._tasks.add(task)
            await granted
            return permit

        return grant()

    def _release(self, permit: int) -> None:
        self.releases += 1
        self._held.pop(permit).set()

    async def settle(self) -> None:
        await asyncio.sleep(0)
        await asyncio.gather(*self._tasks)


def _pool(coordinator: FakeCoordinator, limiter: Limiter, **kwargs: Any) -> PermitPool:
    return PermitPool(coordinator, reusable=lambda d: limiter.rule(d).min_delay_s == 0, **kwargs)


async def _run(pools: list[PermitPool], domains: list[str], n: int, seed: int = 0) -> dict[str, int]:
    rng = random.Random(seed)
    live: dict[str, int] = {}
    peaks: dict[str, int] = {}

    async def one(pool: PermitPool, domain: str) -> None:
        async with pool.slot(domain):
            for key in (domain, "*"):
                live[key] = live.get(key, 0) + 1
                peaks[key] = max(peaks.get(key, 0), live[key])
            await asyncio.sleep(rng.uniform(0, 0.002))
            for key in (domain, "*"):
                live[key] -= 1

    await asyncio.gather(*(one(rng.choice(pools), rng.choice(domains)) for _ in range(n)))
    return peaks


@pytest.mark.parametrize("global_limit,per_domain,workers", [(1, 1, 2), (4, 2, 3), (16, 16, 2), (8, 3, 4)])
def test_limits_hold_across_workers_sharing_one_coordinator(
    global_limit: int, per_domain: int, workers: int
) -> None:
    async def main() -> None:
        limiter = Limiter(global_limit, DomainRule(per_domain), {"slow.example": DomainRule(1)})
        coordinator = FakeCoordinator(limiter)
        pools = [_pool(coordinator, limiter) for _ in range(workers)]
        peaks = await _run(pools, ["a.example", "b.example", "slow.example"], 600)
        await coordinator.settle()
        assert peaks["*"] <= global_limit and peaks["slow.example"] <= 1
        assert max(peaks.get("a.example", 0), peaks.get("b.example", 0)) <= per_domain
        assert limiter.peak_in_flight <= global_limit
        assert limiter.in_flight == 0, "every permit went back to the coordinator"
        assert coordinator.acquires == coordinator.releases

    asyncio.run(main())


def test_a_busy_worker_reuses_permits_instead_of_asking_each_time() -> None:
    async def main() -> None:
        limiter = Limiter(4, DomainRule(4))
        coordinator = FakeCoordinator(limiter)
        peaks = await _run([_pool(coordinator, limiter)], ["a.example"], 200)
        await coordinator.settle()
        assert peaks["*"] == 4  # the limit is used in full ...
        assert coordinator.acquires < 60  # ... with far fewer than 200 round trips

    asyncio.run(main())


def test_a_domain_with_a_minimum_delay_asks_the_coordinator_for_every_request() -> None:
    async def main() -> None:
        limiter = Limiter(4, DomainRule(4, min_delay_s=0.001))
        coordinator = FakeCoordinator(limiter)
        await _run([_pool(coordinator, limiter)], ["a.example"], 30)
        await coordinator.settle()
        assert coordinator.acquires == 30  # each start goes through the limiter's clock

    asyncio.run(main())


def test_a_permit_goes_back_after_max_uses_so_other_workers_get_their_turn() -> None:
    async def main() -> None:
        limiter = Limiter(1, DomainRule(1))
        coordinator = FakeCoordinator(limiter)
        greedy = _pool(coordinator, limiter, max_uses=5, max_pending=2)
        other = _pool(coordinator, limiter, max_uses=5, max_pending=2)
        order: list[str] = []

        async def one(pool: PermitPool, name: str) -> None:
            async with pool.slot("a.example"):
                order.append(name)
                await asyncio.sleep(0.001)

        greedy_tasks = [asyncio.create_task(one(greedy, "greedy")) for _ in range(40)]
        await asyncio.sleep(0.003)  # the greedy worker holds the only permit, with 39 waiting
        await one(other, "other")
        # served once the permit in use and the greedy worker's queued asks are used up
        assert order.index("other") <= (1 + 2) * 5
        await asyncio.gather(*greedy_tasks)
        await coordinator.settle()
        assert limiter.in_flight == 0

    asyncio.run(main())


def test_cancelled_waiters_leave_nothing_held() -> None:
    async def main() -> None:
        limiter = Limiter(2, DomainRule(2))
        coordinator = FakeCoordinator(limiter)
        pool = _pool(coordinator, limiter)

        async def one() -> None:
            async with pool.slot("a.example"):
                await asyncio.sleep(0.01)

        tasks = [asyncio.create_task(one()) for _ in range(20)]
        await asyncio.sleep(0.015)
        for task in tasks[::2]:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await coordinator.settle()
        assert limiter.in_flight == 0
        assert coordinator.acquires == coordinator.releases

    asyncio.run(main())


def test_a_coordinator_that_cannot_be_reached_fails_the_waiters_with_its_error() -> None:
    async def main() -> None:
        limiter = Limiter(2, DomainRule(2))
        pool = _pool(FakeCoordinator(limiter, fail=True), limiter)

        async def one() -> None:
            async with pool.slot("a.example"):
                pass

        results = await asyncio.gather(*(one() for _ in range(5)), return_exceptions=True)
        assert all(isinstance(r, ConnectionError) for r in results)

    asyncio.run(main())
