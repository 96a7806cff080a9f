"""The Scrape page's rows: what the API says about runs, sources and events, as the page shows them.

Pure conversions from the API's run shapes (:mod:`jobscraper.run_shapes`) into small dataclasses
the state holds and the views render (a badge colour per status, one line of counts) — no state,
no I/O.

The event log reads as plain words: "Hooli: 12 jobs found — 3 new, 9 unchanged", not
``company:Hooli 12 posting(s)``. The API keeps its events structured (type, source key, data);
:func:`event_text` words them here, from the type and the data where it knows the type, else from
the event's own message with its "(s)" plurals resolved.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

from jobscraper.run_shapes import Event, RunSummary, SourceState
from jobscraper_ui.format import ago

__all__ = [
    "COLORS",
    "EventRow",
    "RunRow",
    "SourceRow",
    "Target",
    "adhoc_search",
    "counts_line",
    "event_row",
    "event_text",
    "plural",
    "run_row",
    "source_name",
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


_PLURAL = re.compile(r"\b(\d+) (\w+)\(s\)")
_WORDS = {"posting": "job", "postings": "jobs"}


def plural(n: int, word: str) -> str:
    """``1 job``, ``12 jobs``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _plain(message: str) -> str:
    """A message in words: "12 posting(s)" → "12 jobs", "1 source(s)" → "1 source"."""
    worded = _PLURAL.sub(lambda m: plural(int(m.group(1)), _WORDS.get(m.group(2), m.group(2))), message)
    return re.sub(r"\bpostings?\b", lambda m: _WORDS[m.group(0)], worded)


def source_name(key: str | None, labels: Mapping[str, str]) -> str:
    """What a source is called on the page: its label ("Hooli", "linkedin · demo"), "" for the run."""
    if not key:
        return ""
    if key in labels:
        return labels[key]
    kind, _, name = key.partition(":")
    if kind == "company" and name:
        return name
    return f"{kind} · {name}" if name else key


def _changes(data: Mapping[str, Any]) -> str:
    parts = [
        f"{data[k]} {word}"
        for k, word in (("inserted", "new"), ("updated", "updated"), ("unchanged", "unchanged"))
        if data.get(k)
    ]
    merged = data.get("merged_duplicates") or data.get("duplicates")
    if merged:
        parts.append(f"{merged} merged with jobs seen elsewhere")
    return ", ".join(parts)


def _source_text(e: Event) -> str | None:
    """A source's event in words, or None where the type or its data is not one known here."""
    data = e.data
    if e.type == "source_started":
        return "scraping…"
    if e.type == "written":
        stored = sum(int(data.get(k) or 0) for k in ("inserted", "updated", "unchanged", "merged_duplicates"))
        changes = _changes(data)
        return f"{plural(stored, 'job')} saved" + (f" — {changes}" if changes else "")
    if e.type == "source_done":
        if data.get("verdict") == "empty":
            return "no jobs found (the source answered, with nothing that matched)"
        found = data.get("found")
        return f"{plural(found, 'job')} found" if isinstance(found, int) else None
    if e.type == "source_failed":
        return f"{data.get('status') or 'failed'}: {e.message}"
    return None


def event_text(e: Event) -> str:
    """The event in plain words (without its source's name, which the log line starts with)."""
    worded = _source_text(e)
    if worded is not None:
        return worded
    started = _PLURAL.match(e.message) if e.type == "run_started" else None
    if started:
        return f"run started: {plural(int(started.group(1)), 'source')} to scrape"
    return _plain(e.message)


def event_row(e: Event, labels: Mapping[str, str] | None = None) -> EventRow:
    """A run event as a log line, its time in local ``HH:MM:SS``; ``labels``: source key → name."""
    at = e.at.astimezone().strftime("%H:%M:%S")
    name = source_name(e.source, labels or {})
    return EventRow(
        e.n, at, f"{name}:" if name else "", e.type, event_text(e), "fail" in e.type or "error" in e.type
    )


def run_row(r: RunSummary) -> RunRow:
    """A run of ``/api/runs`` as a row of the recent runs."""
    return RunRow(
        r.id, r.kind, r.status, COLORS.get(r.status, "gray"), ago(r.started_at), counts_line(r.counts)
    )


def adhoc_search(
    form: Mapping[str, Any], boards: Sequence[str], default_sites: Sequence[str]
) -> dict[str, Any] | str:
    """The ad hoc form's search as the API's body, or the sentence saying what is wrong with it."""
    term = str(form.get("term", "")).strip()
    sites = [s for s in boards if form.get(f"site_{s}") in ("on", True)] or list(default_sites)
    search: dict[str, Any] = {"name": term, "term": term, "sites": sites}
    if str(form.get("location", "")).strip():
        search["location"] = str(form["location"]).strip()
    if form.get("remote") in ("on", True):
        search["is_remote"] = True
    wanted = str(form.get("results_wanted", "")).strip()
    if wanted:
        if not wanted.isdigit():
            return "Results per site must be a whole number."
        search["results_wanted"] = int(wanted)
    return search
