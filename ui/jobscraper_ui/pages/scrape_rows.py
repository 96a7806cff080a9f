"""The Scrape page's rows: what the API says about runs, sources and events, as the page shows them.

Pure conversions from the API's run shapes (:mod:`jobscraper.run_shapes`) into small dataclasses
the state holds and the views render (a badge colour per status, one line of counts) — no state,
no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from jobscraper.run_shapes import Event, RunSummary, SourceState
from jobscraper_ui.format import ago

__all__ = [
    "COLORS",
    "EventRow",
    "RunRow",
    "SourceRow",
    "Target",
    "counts_line",
    "event_row",
    "run_row",
    "source_row",
]


@dataclasses.dataclass
class Target:
    """A saved search or company the page can scrape (``detail`` is its one-line summary)."""

    name: str
    detail: str
    enabled: bool


@dataclasses.dataclass
class SourceRow:
    """One source of the run on show: its status, badge colour, counts and errors."""

    key: str
    label: str
    status: str
    color: str
    running: bool
    counts: str
    error: str


@dataclasses.dataclass
class EventRow:
    """One line of the event log (``bad`` for failures and errors, shown in red)."""

    n: int
    at: str
    source: str
    type: str
    message: str
    bad: bool


@dataclasses.dataclass
class RunRow:
    """One of the recent runs."""

    id: int
    kind: str
    status: str
    color: str
    when: str
    counts: str


#: the badge colour of each run or source status (gray for any other)
COLORS = {
    "running": "blue",
    "queued": "gray",
    "done": "green",
    "failed": "red",
    "blocked": "red",
    "cancelled": "orange",
    "interrupted": "orange",  # its process died (jobscraper.store.runs)
    "skipped": "gray",
}


def counts_line(c: Mapping[str, Any]) -> str:
    """A run's or source's counts as one line: found · new · updated (· merged)."""
    parts = [f"{c.get('found', 0)} found", f"{c.get('inserted', 0)} new", f"{c.get('updated', 0)} updated"]
    if c.get("duplicates"):
        parts.append(f"{c['duplicates']} merged")
    return " · ".join(parts)


def source_row(s: SourceState) -> SourceRow:
    """A source of the API's run snapshot as a row."""
    return SourceRow(
        key=s.key,
        label=s.label,
        status=s.status,
        color=COLORS.get(s.status, "gray"),
        running=s.status == "running",
        counts=counts_line(s.model_dump()),
        error="; ".join(s.errors)[:300],
    )


def event_row(e: Event) -> EventRow:
    """A run event as a log line, its time in local ``HH:MM:SS``."""
    at = e.at.astimezone().strftime("%H:%M:%S")
    return EventRow(e.n, at, e.source or "run", e.type, e.message, "fail" in e.type or "error" in e.type)


def run_row(r: RunSummary) -> RunRow:
    """A run of ``/api/runs`` as a row of the recent runs."""
    return RunRow(
        r.id, r.kind, r.status, COLORS.get(r.status, "gray"), ago(r.started_at), counts_line(r.counts)
    )
