"""The fit pass at the end of a run's embedding: the active profile's fit for every job that lacks
a fresh one (the run's new and changed jobs, and any left before), stored through the writer, so
``match`` and ``sort=fit`` keep reading the best jobs from an index
(:mod:`jobscraper.matching.fit_store`).

It runs after the run's last embedding walk (a job's fit reads its vector), with the model the
pass embedded with: the résumé is embedded once (under the lock the embedding batches share), and
the writer scores and stores the missing fits a batch per call. No profile, or one without a
résumé: nothing to do, and nothing said. A failure is logged and said in the run's events; the
run stands, and queries stay correct (they score what is missing, or rank live).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from actors.faults import traceback_text, unexpected
from jobscraper.matching.fit_store import FILL_BATCH, FitRequest, fit_version, resume_vector
from jobscraper.matching.profile import ProfilePublic
from jobscraper.matching.rank import Embeds
from jobscraper.store.fits import FitFill

__all__ = ["FitStore", "fill_active_fits"]

log = logging.getLogger(__name__)
Emit = Callable[..., None]


class FitStore(Protocol):
    """The writer's side of the pass (the coordinator's WriterClient is one)."""

    def active_profile(self) -> Awaitable[ProfilePublic | None]: ...

    def fill_fits(self, request: FitRequest) -> Awaitable[FitFill]: ...


async def fill_active_fits(store: FitStore, embedder: Embeds, lock: asyncio.Lock, emit: Emit) -> int:
    """Store the active profile's missing fits through ``store``; how many (0 on failure)."""
    try:
        profile = await store.active_profile()
        if profile is None or not profile.resume_text.strip():
            return 0
        async with lock:
            vector = await asyncio.to_thread(resume_vector, profile, embedder)
        request = FitRequest(
            profile_name=profile.name, version=fit_version(profile, embedder), model_id=embedder.model_id,
            max_tokens=getattr(embedder, "max_tokens", None), vector=[float(x) for x in vector],
            limit=FILL_BATCH,
        )  # fmt: skip
        stored = 0
        while True:
            answer = await store.fill_fits(request)
            stored += answer.stored
            if answer.done or answer.stale:
                break
            request = request.model_copy(update={"after_id": answer.last_id})
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # the writer gone, a bug: said in the events, the run stands
        log.error("fit pass failed", exc_info=exc)
        emit("fits_failed", unexpected(exc), traceback=traceback_text(exc))
        return 0
    emit("fits_stored", f"{stored} fit(s) stored for profile {profile.name!r}", stored=stored)
    return stored
