"""PermitLedger: the coordinator's permits by owner — a dead worker's are freed at once, its queued
asks are dropped and its later asks refused, and an asker that goes away leaves nothing held."""

from __future__ import annotations

import asyncio

import pytest

from actors.leases import PermitLedger, PermitRefused
from jobscraper.scraping.limits import DomainRule, Limiter


async def _turns(n: int = 5) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


def test_a_dead_owner_s_granted_and_queued_permits_are_freed_and_its_later_asks_refused() -> None:
    async def scenario() -> None:
        limiter = Limiter(2, DomainRule(concurrency=2))
        ledger = PermitLedger(limiter, lease_s=600)
        await ledger.acquire("a.example", "dead")
        await ledger.acquire("b.example", "dead")
        queued = asyncio.create_task(ledger.acquire("c.example", "dead"))
        other = asyncio.create_task(ledger.acquire("c.example", "live"))
        await _turns()
        assert limiter.in_flight == 2 and not other.done()
        assert ledger.owners() == {"dead": 3, "live": 1}

        assert ledger.release_owner("dead") == 3
        permit = await asyncio.wait_for(other, timeout=5)  # served at once, not after the lease
        with pytest.raises(PermitRefused):
            await queued
        with pytest.raises(PermitRefused):
            await ledger.acquire("a.example", "dead")
        ledger.release(permit)
        await _turns()
        assert limiter.in_flight == 0 and ledger.held == 0

    asyncio.run(scenario())


def test_an_ask_withdrawn_while_waiting_leaves_nothing_held() -> None:
    async def scenario() -> None:
        limiter = Limiter(1, DomainRule(concurrency=1))
        ledger = PermitLedger(limiter)
        first = await ledger.acquire("a.example", "w1")
        waiting = asyncio.create_task(ledger.acquire("a.example", "w2"))
        await _turns()
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        ledger.release(first)
        await _turns()
        assert limiter.in_flight == 0 and ledger.held == 0
        again = await asyncio.wait_for(ledger.acquire("a.example", "w3"), timeout=5)
        ledger.release(again)

    asyncio.run(scenario())


def test_a_permit_never_released_is_taken_back_after_its_lease() -> None:
    async def scenario() -> None:
        limiter = Limiter(1, DomainRule(concurrency=1))
        ledger = PermitLedger(limiter, lease_s=0.05)
        await ledger.acquire("a.example", "hung")
        permit = await asyncio.wait_for(ledger.acquire("a.example", "w2"), timeout=5)
        ledger.release(permit)

    asyncio.run(scenario())
