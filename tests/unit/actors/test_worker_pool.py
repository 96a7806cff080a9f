"""The scraper pool starts workers on demand and lets idle ones go (issue 18, item 4), and still
replaces a lost worker at once: fake worker handles, a fake clock, no Ray."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest
from ray.exceptions import ActorDiedError, ActorUnschedulableError

from actors.workers import WorkerLost, WorkerPool


class Handle:
    """A ScraperActor handle: ``method.remote(*args)`` is awaitable; ``die`` makes every call fail."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.dead = False
        self.unschedulable = False  # its node went away before it started
        self.calls: list[str] = []
        self.gate: asyncio.Event | None = None

    def __getattr__(self, method: str) -> Any:
        if method.startswith("_"):
            raise AttributeError(method)
        handle = self

        class Remote:
            def remote(self, *args: Any) -> Any:
                async def run() -> Any:
                    handle.calls.append(method)
                    if handle.gate is not None:
                        await handle.gate.wait()
                    if handle.unschedulable:
                        raise ActorUnschedulableError("the node it was pinned to is dead")
                    if handle.dead:
                        raise ActorDiedError()
                    return handle.owner

                return run()

        return Remote()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _pool(
    size: int, clock: Callable[[], float] | None = None, idle_after_s: float | None = None
) -> tuple[WorkerPool, dict[str, Any]]:
    seen: dict[str, Any] = {"made": [], "killed": [], "lost": []}

    def factory(owner: str) -> Handle:
        seen["made"].append(Handle(owner))
        return seen["made"][-1]

    pool = WorkerPool(
        factory,
        size,
        on_lost=seen["lost"].append,
        kill=seen["killed"].append,
        idle_after_s=idle_after_s,
        clock=clock or Clock(),
    )
    return pool, seen


def test_no_worker_starts_before_the_first_call_and_each_slot_starts_once() -> None:
    pool, seen = _pool(3)
    assert len(pool) == 3 and pool.running == 0 and seen["made"] == []

    async def scenario() -> list[str]:
        return [await pool.call(n, "scrape_company", "x") for n in (0, 0, 1, 3)]

    assert asyncio.run(scenario()) == ["w1", "w1", "w2", "w1"]  # 3 % 3 is slot 0 again
    assert pool.running == 2 and pool.started == 2 and len(pool.handles) == 2


def test_ping_all_starts_the_whole_pool() -> None:
    pool, seen = _pool(2)
    assert asyncio.run(pool.ping_all()) == 2
    assert pool.running == 2 and [h.calls for h in seen["made"]] == [["ping"], ["ping"]]


def test_a_lost_worker_is_replaced_at_once_and_its_permits_freed() -> None:
    pool, seen = _pool(2)

    async def scenario() -> str:
        await pool.call(0, "ping")
        seen["made"][0].dead = True
        with pytest.raises(WorkerLost):
            await pool.call(0, "scrape_company", "x")
        return str(await pool.call(0, "scrape_company", "x"))

    assert asyncio.run(scenario()) == "w2"
    assert seen["killed"] == [seen["made"][0]] and seen["lost"] == ["w1"]
    assert pool.replaced == 1 and pool.running == 1


def test_a_worker_whose_node_went_away_before_it_started_is_replaced() -> None:
    pool, seen = _pool(2)

    async def scenario() -> str:
        await pool.ping_all()
        seen["made"][1].unschedulable = True  # pinned to a node removed meanwhile
        with pytest.raises(WorkerLost):
            await pool.call(1, "scrape_company", "x")
        return str(await pool.call(1, "scrape_company", "x"))

    assert asyncio.run(scenario()) == "w3"
    assert seen["lost"] == ["w2"] and pool.replaced == 1


def test_ping_all_replaces_a_worker_that_cannot_be_scheduled() -> None:
    pool, seen = _pool(2)

    def factory(owner: str) -> Handle:
        handle = Handle(owner)
        handle.unschedulable = owner == "w1"
        seen["made"].append(handle)
        return handle

    pool._factory = factory
    assert asyncio.run(pool.ping_all()) == 2
    assert seen["lost"] == ["w1"] and [h.owner for h in pool.handles] == ["w2", "w3"]


def test_idle_workers_are_ended_and_the_next_call_starts_a_fresh_one() -> None:
    clock = Clock()
    pool, seen = _pool(2, clock, idle_after_s=300)

    async def scenario() -> None:
        await pool.call(0, "ping")
        await pool.call(1, "ping")
        clock.now += 200
        await pool.call(1, "ping")  # slot 1 used again: it stays longer
        clock.now += 150
        assert pool.trim() == 1  # slot 0 idle for 350 s
        assert [h.owner for h in pool.handles] == ["w2"]
        clock.now += 200
        assert pool.trim() == 1
        assert pool.running == 0
        assert await pool.call(0, "scrape_company", "x") == "w3"

    asyncio.run(scenario())
    assert seen["killed"] == seen["made"][:2] and seen["lost"] == ["w1", "w2"]
    assert pool.retired == 2 and pool.replaced == 0


def test_a_busy_worker_is_never_ended_for_idleness() -> None:
    clock = Clock()
    pool, seen = _pool(1, clock, idle_after_s=10)

    async def scenario() -> str:
        await pool.call(0, "ping")
        seen["made"][0].gate = asyncio.Event()
        call = asyncio.ensure_future(pool.call(0, "scrape_company", "x"))
        await asyncio.sleep(0.01)
        clock.now += 3600
        assert pool.trim() == 0  # mid-call: its worker stays
        seen["made"][0].gate.set()
        return str(await call)

    assert asyncio.run(scenario()) == "w1"
    assert seen["killed"] == []


def test_idle_workers_end_on_their_own_after_the_idle_time() -> None:
    pool, seen = _pool(2, time.monotonic, idle_after_s=0.05)

    async def scenario() -> int:
        await pool.call(0, "ping")
        await pool.call(1, "ping")
        await asyncio.sleep(0.3)
        return pool.running

    assert asyncio.run(scenario()) == 0
    assert len(seen["killed"]) == 2


def test_without_an_idle_time_workers_stay() -> None:
    clock = Clock()
    pool, _ = _pool(1, clock)

    async def scenario() -> None:
        await pool.call(0, "ping")
        clock.now += 10**6
        assert pool.trim() == 0

    asyncio.run(scenario())
    assert pool.running == 1
