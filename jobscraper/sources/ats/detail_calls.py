"""Per-job detail requests for ATS whose listing holds no description (Workable, SmartRecruiters).

Such an adapter asks for each job's details after the listing; one failed detail request never
costs the job: the posting keeps its listing fields and the board's notes say why the rest is
missing. How many requests are in flight is the Fetcher's per-domain limit; the bound here only
keeps a board of thousands of jobs from holding thousands of waiting tasks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from jobscraper.errors import ScrapeError
from jobscraper.sources.ats.base import AtsClient
from jobscraper.sources.ats.coerce import as_dict, as_str

__all__ = ["DETAIL_TASKS", "Detailed", "each", "kept_note", "with_details"]

DETAIL_TASKS = 8
"""Detail requests an adapter has in hand at once (the Fetcher may run fewer)."""


async def each(calls: list[Callable[[], Awaitable[object]]], limit: int = DETAIL_TASKS) -> list[object]:
    """Each call's answer, or the ScrapeError it raised, in order; at most ``limit`` at a time."""
    gate = asyncio.Semaphore(limit)

    async def one(call: Callable[[], Awaitable[object]]) -> object:
        async with gate:
            try:
                return await call()
            except ScrapeError as error:
                return error

    return list(await asyncio.gather(*(one(c) for c in calls)))


def kept_note(uid: str, error: ScrapeError) -> str:
    """The note for a job kept from its listing because its details could not be fetched."""
    gone = getattr(error, "status", None) == 404 or error.reason.strip() == "HTTP 404"
    why = "its details are gone (HTTP 404)" if gone else f"its details failed ({error.reason})"
    return f"{uid}: kept from the listing without a description; {why}"


@dataclass
class Detailed:
    """Listing entries with their details merged in, a note per job kept without, requests made."""

    entries: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    requests: int = 0


async def with_details(
    client: AtsClient, entries: list[Any], id_key: str, prefix: str, url_of: Callable[[str], str]
) -> Detailed:
    """Every entry with its details (``GET url_of(id)``) laid over it; a detail's empty values
    never blank a listing's. An entry without an id, or whose request fails, is kept as listed;
    an id listed twice (a listing that shifted between pages) is kept once."""
    kept: list[tuple[Any, str | None]] = []
    seen: set[str] = set()
    for entry in entries:
        source_id = as_str(as_dict(entry).get(id_key))
        if source_id is None or source_id not in seen:
            kept.append((entry, source_id))
            seen.add(source_id or "")
    wanted = [i for _, i in kept if i]

    def call(source_id: str) -> Callable[[], Awaitable[object]]:
        return lambda: client.get_json(url_of(source_id))

    answers = dict(zip(wanted, await each([call(i) for i in wanted]), strict=True))
    out = Detailed(requests=len(wanted))
    for entry, source_id in kept:
        answer = answers.get(source_id) if source_id else None
        if isinstance(answer, ScrapeError):
            out.notes.append(kept_note(f"{prefix}-{source_id}", answer))
        if isinstance(answer, dict) and isinstance(entry, dict):
            out.entries.append({**entry, **{k: v for k, v in answer.items() if v not in (None, "", [], {})}})
        else:
            out.entries.append(entry)
    return out
