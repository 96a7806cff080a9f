"""The limiter holds its limits exactly, under load, with cancellations, across domains."""

from __future__ import annotations

import asyncio
import itertools
import random

import pytest

from jobscraper.scraping import DomainRule, Limiter


async def _hammer(limiter: Limiter, domains: list[str], n: int, seed: int = 0) -> dict[str, int]:
    rng = random.Random(seed)
    live: dict[str, int] = {}
    peaks: dict[str, int] = {"*": 0}

    async def one(domain: str) -> None:
        async with limiter.slot(domain):
            live[domain] = live.get(domain, 0) + 1
            live["*"] = live.get("*", 0) + 1
            peaks[domain] = max(peaks.get(domain, 0), live[domain])
            peaks["*"] = max(peaks["*"], live["*"])
            await asyncio.sleep(rng.uniform(0, 0.003))
            live[domain] -= 1
            live["*"] -= 1

    await asyncio.gather(*(one(rng.choice(domains)) for _ in range(n)))
    return peaks


@pytest.mark.parametrize("global_limit,per_domain", [(1, 1), (4, 2), (16, 3), (64, 64)])
def test_peak_in_flight_never_exceeds_global_or_domain_limits(global_limit: int, per_domain: int) -> None:
    limiter = Limiter(global_limit, DomainRule(per_domain), {"slow.example": DomainRule(1)})
    domains = ["a.example", "b.example", "c.example", "slow.example"]
    peaks = asyncio.run(_hammer(limiter, domains, 400))
    assert peaks["*"] <= global_limit and limiter.peak_in_flight == peaks["*"]
    assert peaks["slow.example"] <= 1
    for d in domains:
        assert peaks.get(d, 0) <= per_domain and limiter.domain_peak(d) == peaks.get(d, 0)
    assert limiter.in_flight == 0


def test_the_global_limit_is_reached_when_there_is_enough_work() -> None:
    limiter = Limiter(16, DomainRule(4))
    peaks = asyncio.run(_hammer(limiter, [f"d{i}.example" for i in range(8)], 400))
    assert peaks["*"] == 16


def test_minimum_delay_between_grants_per_domain() -> None:
    # a virtual clock that the limiter's own sleeps advance: the gaps are the limiter's, not how
    # late a busy machine wakes a task (a real-time lower bound failed under load)
    now = [0.0]

    async def sleep(seconds: float) -> None:
        until = now[0] + seconds
        await asyncio.sleep(0)
        now[0] = max(now[0], until)

    limiter = Limiter(10, DomainRule(10, min_delay_s=0.05), clock=lambda: now[0], sleep=sleep)
    starts: list[float] = []

    async def one() -> None:
        async with limiter.slot("polite.example"):
            starts.append(now[0])

    async def main() -> None:
        await asyncio.gather(*(one() for _ in range(5)))

    asyncio.run(main())
    gaps = [b - a for a, b in itertools.pairwise(sorted(starts))]
    assert len(starts) == 5 and all(g >= 0.05 - 1e-9 for g in gaps), gaps


def test_cancelled_waiters_leave_no_slot_behind() -> None:
    async def main() -> Limiter:
        limiter = Limiter(2, DomainRule(1))
        release = asyncio.Event()

        async def holder() -> None:
            async with limiter.slot("x.example"):
                await release.wait()

        async def waiter() -> None:
            async with limiter.slot("x.example"):
                pass

        first = asyncio.create_task(holder())
        await asyncio.sleep(0)
        waiting = [asyncio.create_task(waiter()) for _ in range(5)]
        await asyncio.sleep(0.01)
        for task in waiting[:3]:
            task.cancel()
        release.set()
        await first
        await asyncio.gather(*waiting, return_exceptions=True)
        assert limiter.in_flight == 0
        # the domain is usable again, at full capacity
        async with limiter.slot("x.example"), limiter.slot("y.example"):
            assert limiter.in_flight == 2
        return limiter

    limiter = asyncio.run(main())
    assert limiter.in_flight == 0


def test_waiters_are_served_in_arrival_order() -> None:
    async def main() -> list[int]:
        limiter = Limiter(1, DomainRule(1))
        order: list[int] = []

        async def one(i: int) -> None:
            async with limiter.slot("fifo.example"):
                order.append(i)
                await asyncio.sleep(0)

        tasks = []
        for i in range(10):
            tasks.append(asyncio.create_task(one(i)))
            await asyncio.sleep(0)
        await asyncio.gather(*tasks)
        return order

    assert asyncio.run(main()) == list(range(10))
