"""The coordinator's side of the shared limits: permits, each held by one ScraperActor.

A ScraperActor asks for a permit (``acquire(domain, owner)``) before each request and gives it
back (``release(permit)``, see :mod:`actors.permits`). A permit holds one global and one domain
slot of the coordinator's :class:`~jobscraper.scraping.limits.Limiter` until it is released.

A worker that dies cannot give its permits back, and its asks still queued here would be granted
to nobody; with a tight global limit those slots are the whole capacity and every other worker
waits (issue 13, item 11). So each permit names its *owner* (the worker's token, unique per
worker: a replaced worker gets a new one), and :meth:`PermitLedger.release_owner` frees at once
every permit an owner holds and every ask it has queued, and refuses its later asks. The lease
(``lease_s``) stays as a last resort for a worker that hangs without dying.

Plain asyncio (no Ray), so it is unit-tested directly; one event loop owns a ledger.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import dataclass

from jobscraper.scraping.limits import Limiter

__all__ = ["PERMIT_LEASE_S", "PermitLedger", "PermitRefused", "PermitService"]

PERMIT_LEASE_S = 600.0
log = logging.getLogger(__name__)


class PermitRefused(RuntimeError):
    """The asking worker was declared gone (it crashed and was replaced): it gets no permit."""


@dataclass
class _Lease:
    owner: str
    granted: asyncio.Future[None]
    release: asyncio.Event
    task: asyncio.Task[None]


class PermitLedger:
    """Permits over one Limiter, by owner, so a dead owner's permits can be taken back at once."""

    def __init__(self, limiter: Limiter, *, lease_s: float = PERMIT_LEASE_S) -> None:
        self._limiter = limiter
        self._lease_s = lease_s
        self._ids = itertools.count(1)
        self._leases: dict[int, _Lease] = {}
        self._gone: set[str] = set()

    @property
    def held(self) -> int:
        """Permits granted or asked for and not yet released."""
        return len(self._leases)

    def owners(self) -> dict[str, int]:
        """How many permits (granted or queued) each owner has: what a dead owner would leak."""
        counts: dict[str, int] = {}
        for lease in self._leases.values():
            counts[lease.owner] = counts.get(lease.owner, 0) + 1
        return counts

    async def acquire(self, domain: str, owner: str = "") -> int:
        """Wait for one global and one ``domain`` slot; returns the permit's id."""
        if owner and owner in self._gone:
            raise PermitRefused(f"worker {owner} was replaced; its asks are not served")
        permit = next(self._ids)
        loop = asyncio.get_running_loop()
        granted: asyncio.Future[None] = loop.create_future()
        granted.add_done_callback(_retrieved)  # a refusal nobody waits for is not an error
        release = asyncio.Event()
        task = loop.create_task(self._hold(permit, domain, granted, release))
        self._leases[permit] = _Lease(owner, granted, release, task)
        try:
            await asyncio.shield(granted)
        except asyncio.CancelledError:  # the asker went away while waiting: nothing stays held
            self.release(permit)
            raise
        return permit

    def release(self, permit: int) -> None:
        """Free a permit (granted or still queued); an unknown or freed one is ignored."""
        lease = self._leases.pop(permit, None)
        if lease is None:
            return
        lease.release.set()
        if not lease.granted.done():
            lease.task.cancel()

    def release_owner(self, owner: str) -> int:
        """Free every permit ``owner`` holds or waits for, and refuse its later asks (it is dead).
        Returns how many were freed."""
        self._gone.add(owner)
        mine = [permit for permit, lease in self._leases.items() if lease.owner == owner]
        for permit in mine:
            self.release(permit)
        if mine:
            log.warning("worker %s is gone: %d permit(s) it held or asked for taken back", owner, len(mine))
        return len(mine)

    async def _hold(
        self, permit: int, domain: str, granted: asyncio.Future[None], release: asyncio.Event
    ) -> None:
        try:
            async with self._limiter.slot(domain):
                if granted.done():  # the ask was withdrawn while the slot was granted
                    return
                granted.set_result(None)
                await asyncio.wait_for(release.wait(), timeout=self._lease_s)
        except TimeoutError:
            log.warning("permit %s for %s not released within %ss; taken back", permit, domain, self._lease_s)
        except asyncio.CancelledError:
            if not granted.done():
                granted.set_exception(PermitRefused(f"the ask for permit {permit} was withdrawn"))
            raise
        finally:
            self._leases.pop(permit, None)


def _retrieved(future: asyncio.Future[None]) -> None:
    if not future.cancelled():
        future.exception()


class PermitService:
    """The coordinator's permit service: one :class:`Limiter` and the :class:`PermitLedger` over it.

    ScraperActors ``acquire``/``release`` through the coordinator; the worker pool calls
    :meth:`release_owner` when a worker is lost; :meth:`figures` is what ``limits()`` reports."""

    def __init__(self, limiter: Limiter, *, lease_s: float = PERMIT_LEASE_S) -> None:
        self._limiter = limiter
        self._ledger = PermitLedger(limiter, lease_s=lease_s)

    @property
    def ledger(self) -> PermitLedger:
        return self._ledger

    async def acquire(self, domain: str, owner: str = "") -> int:
        return await self._ledger.acquire(domain, owner)

    def release(self, permit: int) -> None:
        self._ledger.release(permit)

    def release_owner(self, owner: str) -> int:
        return self._ledger.release_owner(owner)

    def figures(self) -> dict[str, int]:
        """Requests in flight now and at the peak, and permits held or asked for."""
        return {
            "in_flight": self._limiter.in_flight,
            "peak_in_flight": self._limiter.peak_in_flight,
            "permits": self._ledger.held,
        }
