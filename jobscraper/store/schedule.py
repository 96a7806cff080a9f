"""When each scheduled search and company is next due, from the database alone.

An entry with ``interval_s`` is due ``interval_s`` after the *start* of its last run (so the
cadence does not drift by how long runs take), and at once when it has never run. "Its last run"
is any run that scraped it, started by the scheduler or by hand: a manual run resets the clock.
The database keeps the last run's id on the entry once that run has ended (``last_run_id``);
runs still in the coordinator's memory are newer and are laid over it by :func:`next_due`. After a
long outage an overdue entry is due once, not once per missed interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import select

from jobscraper.store.db import Database
from jobscraper.store.identity import normalize_company
from jobscraper.store.tables import COMPANY, RUN, SAVED_SEARCH
from jobscraper.store.watched import WATCHED

__all__ = ["ScheduledEntry", "due", "next_due", "scheduled_entries"]


@dataclass(frozen=True)
class ScheduledEntry:
    kind: Literal["search", "company"]
    id: int
    name: str
    interval_s: int
    enabled: bool
    last_started_at: datetime | None  # the start of its last run; None: never run

    @property
    def key(self) -> str:
        """The entry's key in a run's ``entries`` (see ``RunSpec.entry_keys``)."""
        name = self.name if self.kind == "search" else normalize_company(self.name)
        return f"{self.kind}:{name}"

    @property
    def next_at(self) -> datetime | None:
        """When it is due (None: never run, so due now)."""
        if self.last_started_at is None:
            return None
        return self.last_started_at + timedelta(seconds=self.interval_s)


def _aware(at: datetime | None) -> datetime | None:
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def scheduled_entries(db: Database) -> list[ScheduledEntry]:
    """Every saved search and watched company that carries an interval, with its last run's start."""
    out: list[ScheduledEntry] = []
    with db.reader() as conn:
        for kind, table, where in (
            ("search", SAVED_SEARCH, [SAVED_SEARCH.c.interval_s.is_not(None)]),
            ("company", COMPANY, [COMPANY.c.interval_s.is_not(None), WATCHED]),
        ):
            query = (
                select(table.c.id, table.c.name, table.c.interval_s, table.c.enabled, RUN.c.started_at)
                .select_from(table.outerjoin(RUN, RUN.c.id == table.c.last_run_id))
                .where(*where)
                .order_by(table.c.id)
            )
            for row in conn.execute(query):
                out.append(
                    ScheduledEntry(
                        kind=kind,  # type: ignore[arg-type]
                        id=row.id,
                        name=row.name,
                        interval_s=row.interval_s,
                        enabled=row.enabled,
                        last_started_at=_aware(row.started_at),
                    )
                )
    return out


def next_due(entries: Iterable[ScheduledEntry], live_starts: Mapping[str, datetime]) -> list[ScheduledEntry]:
    """``entries`` with the start of a newer run the coordinator knows (by entry key) laid over."""
    out = []
    for entry in entries:
        live = _aware(live_starts.get(entry.key))
        newer = live is not None and (entry.last_started_at is None or live > entry.last_started_at)
        out.append(replace(entry, last_started_at=live) if newer else entry)
    return out


def due(entries: Iterable[ScheduledEntry], now: datetime, busy: Iterable[str] = ()) -> list[ScheduledEntry]:
    """The enabled entries whose time has come and that no running run is scraping now."""
    running = set(busy)
    return [
        e for e in entries if e.enabled and e.key not in running and (e.next_at is None or e.next_at <= now)
    ]
