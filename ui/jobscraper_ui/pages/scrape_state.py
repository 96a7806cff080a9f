"""The Scrape page's state: start a run (saved search, company, everything saved, or ad hoc),
follow its progress per source with an event log, cancel it; the recent runs.

While a run is live a background task polls the API: one request brings the run's snapshot and
the events after the last one shown. It is a long poll of up to ``ui.poll_interval_s`` (default
0.5 s): the API answers at the run's next event, or when the interval is over — so news shows at
once, and a quiet run costs one request per interval.

While the run on show is live every Scrape button is disabled, and a start asked for meanwhile (a
double click that beat the page's update) is refused here too: a second click never starts a
second, overlapping run. When the API answers 409 (another run already scrapes the same entries,
e.g. one started elsewhere) its message is shown and the page follows that run.

A click shows at once, before the server hears of it: each Scrape button first sets
:data:`CLICKED`, a variable of the page itself (React state, no round trip: on a loaded machine the
websocket's way to the server and back took up to 170 ms), which shows "Starting the run…" and
disables every Scrape button. The handler then marks what it starts (``pending``: the clicked
button spins) and yields that with :data:`CLICKED` cleared, before it asks the API, which may take
seconds to start a run. While the page loads, its lists are dimmed (``loading``).

What a poll answer changes (the run's counts, sources, extraction and events) is this sub-state's
own; the targets, the recent runs and the run's status are the page's
(:mod:`~jobscraper_ui.pages.scrape_page_state`), so a progress update re-renders only the run's card.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
from collections.abc import AsyncIterator
from typing import Any

import reflex as rx
from reflex.experimental import ClientStateVar

from jobscraper.run_shapes import Event, RunDetail, RunSummary
from jobscraper.vocabulary import DEFAULT_SITES
from jobscraper_ui.client import ApiError, ApiUnreachable, client
from jobscraper_ui.format import BOARDS
from jobscraper_ui.pages.scrape_page_state import ScrapePageState
from jobscraper_ui.pages.scrape_rows import (
    EventRow,
    SourceRow,
    Target,
    adhoc_search,
    counts_line,
    event_row,
    run_row,
    source_row,
)

__all__ = [
    "BOARDS",
    "BUSY",
    "CLICKED",
    "FINISHED",
    "FIRST_WAIT_S",
    "MAX_EVENTS",
    "ScrapeState",
    "conflicting_run",
]

MAX_EVENTS = 100
"""The newest lines of the event log the page holds: every change sends the whole list to the page
(``jobscraper runs`` and ``/api/runs/{id}/events`` have every event)."""
FIRST_WAIT_S = 0.5
"""How long a start follows the run itself after the answer that started it (see
:meth:`ScrapeState._catch_up`); a Cancel click meanwhile waits for it."""
MAX_POLLS_S = 50
"""The most requests a second the poller makes: a floor of 50 ms between requests held an event
that came right after an answer for what was left of it (issue 17); the API answers a held poll at
an event, or at a change it looks for every 0.1 s."""
FINISHED = ("done", "failed", "blocked", "skipped", "cancelled", "interrupted")
_RUN_IN_DETAIL = re.compile(r"\brun (\d+)\b")
BUSY = "A run is in progress: wait for it to finish, or cancel it, before starting another."
# set by a Scrape button in the page the moment it is clicked; cleared by the handler's first answer
CLICKED = ClientStateVar.create("scrape_clicked", False)


def conflicting_run(exc: ApiError) -> int | None:
    """The run a 409 answer names (``run_id`` in its body, else 'run N' in its message)."""
    if exc.status != 409:
        return None
    named = exc.body.get("run_id")
    if isinstance(named, int):
        return named
    found = _RUN_IN_DETAIL.search(str(exc))
    return int(found.group(1)) if found else None


def _set(state: Any, name: str, value: Any) -> None:
    """Set ``name`` only when its value changes: Reflex sends every assignment to the page, which
    redraws for it even when the value is the same, and a live run's poll answers several times a
    second. On a busy machine the page's own work held the run's next events back (issue 17)."""
    if getattr(state, name, _UNSET) != value:
        setattr(state, name, value)


_UNSET = object()


async def _recent_runs() -> list[RunSummary] | None:
    """The recent runs, or None when the API could not say (the page lists them again later)."""
    with contextlib.suppress(ApiUnreachable, ApiError):
        return await client().runs(15)
    return None


class ScrapeState(ScrapePageState):
    """The run on show as it goes (a sub-state: see :mod:`~jobscraper_ui.pages.scrape_page_state`)
    and the page's handlers, which also set the page's state (its vars are inherited)."""

    run_counts: str = ""
    run_new: int = 0  # the jobs the run found new: the "N new jobs" link to the Jobs page
    run_errors: list[str] = []
    sources: list[SourceRow] = []
    sources_done: int = 0
    extraction: str = ""
    extraction_pct: int = 0
    events: list[EventRow] = []
    last_event: int = 0
    _polling: bool = False  # a backend var: the page never shows it

    @rx.event
    async def load(self) -> AsyncIterator[Any]:
        self.error = ""
        self.loading = True
        yield  # the lists dim at once; their contents follow
        try:
            follow = await self._load()
        finally:
            self.loading = False
        if follow is not None:
            yield follow

    async def _load(self) -> Any:
        await self.check_health()
        searches = await self.call(lambda: client().searches())
        companies = await self.call(lambda: client().companies())
        self.searches = [
            Target(
                s.name,
                f"{s.term}{' · ' + s.location if s.location else ''} · {', '.join(s.sites)}",
                s.enabled,
            )
            for s in searches or []
        ]
        self.companies = [Target(c.name, f"{c.detected} · {c.url}", c.enabled) for c in companies or []]
        await self._load_runs()
        live = next((r for r in self.runs if r.status == "running"), None)
        if live is not None and self.run_id == 0:
            self.run_id = live.id
        if self.run_id:
            await self._refresh(self.run_id)
            if self.run_live and self.run_status == "running":
                return ScrapeState.poll
        return None

    async def _load_runs(self) -> None:
        runs = await self.call(lambda: client().runs(15))
        if runs is not None:
            self.runs = [run_row(r) for r in runs]

    def _apply(self, detail: RunDetail, events: list[Event]) -> None:
        _set(self, "run_status", detail.status)
        _set(self, "run_live", detail.live)
        if self.busy_run == detail.id and not (detail.live and detail.status == "running"):
            if self.error == self.busy_error:  # the run it spoke of has ended: it no longer holds
                self.error = ""
            self.busy_error, self.busy_run = "", 0
        _set(self, "run_counts", counts_line(detail.counts))
        _set(self, "run_new", int(detail.counts.get("inserted", 0)))
        _set(self, "run_errors", detail.errors[:20])
        _set(self, "sources", [source_row(s) for s in detail.sources])
        labels = {s.key: s.label for s in detail.sources}
        _set(self, "sources_done", sum(s.status in FINISHED for s in detail.sources))
        ex = detail.extraction
        if ex:
            done = ex.extracted + ex.failed
            pct = int(100 * done / ex.sent) if ex.sent else (100 if ex.status == "done" else 0)
            _set(self, "extraction_pct", pct)
            via = f" via {ex.via}" if ex.via else ""
            tail = f" · {ex.deferred} left for later" if ex.deferred else ""
            _set(
                self,
                "extraction",
                f"{ex.status}{via}: {ex.extracted} extracted · {ex.failed} failed{tail}"
                + (f" — {ex.error}" if ex.error else ""),
            )
        else:
            _set(self, "extraction", "")
            _set(self, "extraction_pct", 0)
        if events:
            # oldest first, as they happened: a new event adds a line and leaves the others as they
            # are (the page shows the newest on top, see scrape_views.run_progress)
            self.events = (self.events + [event_row(e, labels) for e in events])[-MAX_EVENTS:]
            self.last_event = events[-1].n

    async def _refresh(self, run_id: int) -> None:
        after = self.last_event
        detail = await self.call(lambda: client().run(run_id, after))
        if detail is not None:
            self._apply(detail, detail.events)

    @rx.event(background=True)
    async def poll(self) -> None:
        """Follow the run on show until it ends (one poller per page: when another run is put on
        show meanwhile, it follows that one)."""
        async with self:
            if self._polling or not self.run_id:
                return
            self._polling = True
            run_id, after = self.run_id, self.last_event
        interval = client().config.poll_interval_s
        loop = asyncio.get_running_loop()
        listing: asyncio.Task[list[RunSummary] | None] | None = None
        try:
            while True:
                started = loop.time()
                if listing is None:  # the recent runs, with this one, alongside the first poll: a
                    # call between two polls held the run's next events for its round trip
                    listing = asyncio.create_task(_recent_runs())
                try:
                    detail = await client().run(run_id, after, wait_s=interval)
                except (ApiUnreachable, ApiError) as exc:
                    async with self:
                        self.unreachable = str(exc) if isinstance(exc, ApiUnreachable) else ""
                        self.error = "" if isinstance(exc, ApiUnreachable) else str(exc)
                    await asyncio.sleep(max(interval, 2.0))
                    continue
                async with self:
                    if self.run_id != run_id:  # another run is on show (``view``): follow that one,
                        # whose own poller was refused while this one ran
                        run_id, after = self.run_id, self.last_event
                        if not run_id:
                            return
                        continue
                    _set(self, "unreachable", "")
                    if listing.done() and not listing.cancelled() and (runs := listing.result()):
                        _set(self, "runs", [run_row(r) for r in runs])
                    self._apply(detail, [e for e in detail.events if e.n > self.last_event])
                    after = self.last_event
                    finished = not detail.live or detail.status != "running"
                if finished:
                    async with self:
                        await self._load_runs()
                    return
                # the API held the request until there was news or ``interval`` passed: ask again
                # at once (a held poll answers a change it sees at most every 0.1 s, so this is no
                # busy loop), but never more than :data:`MAX_POLLS_S` times a second
                await asyncio.sleep(max(0.0, 1 / MAX_POLLS_S - (loop.time() - started)))
        finally:
            if listing is not None:
                listing.cancel()
            async with self:
                self._polling = False

    async def _start(self, body: dict[str, Any]) -> Any:
        if self.starting or self._live():
            self.error = self.busy_error = BUSY
            self.busy_run = self.run_id  # the live run (or, while one starts, set when it has an id)
            return None
        self.error = ""
        self.starting = True
        try:
            detail = await client().start_run(body)
        except ApiUnreachable as exc:
            self.unreachable = str(exc)
            return None
        except ApiError as exc:
            self.unreachable = ""
            self.error = str(exc)
            running = conflicting_run(exc)
            if running is None:
                return None
            self.busy_error, self.busy_run = self.error, running  # until that run ends
            return await self._follow(running)
        finally:
            self.starting = False
        self.unreachable = ""
        self.run_id = detail.id
        if self.busy_error == BUSY:  # a click that came while this one was starting this run
            self.busy_run = detail.id
        self.events, self.last_event = [], 0
        # the API's answer holds the run's events so far (its sources starting): shown with it
        self._apply(detail, detail.events)
        # the poller starts at once (the run's next events are on their way); it lists the new
        # run among the recent ones after its first answer
        return ScrapeState.poll

    async def _follow(self, run_id: int) -> Any:
        """Show ``run_id`` (the run the API says is already going) and follow it while it runs."""
        self.run_id = run_id
        self.events, self.last_event = [], 0
        await self._refresh(run_id)
        await self._load_runs()
        return ScrapeState.poll if self._live() else None

    def _live(self) -> bool:
        return self.run_id > 0 and self.run_live and self.run_status == "running"

    async def _click(self, what: str, body: dict[str, Any]) -> AsyncIterator[Any]:
        """Show the click at once (``pending``), then start the run."""
        self.pending = what
        yield CLICKED.push(False)  # ``pending`` shows the click from here on
        try:
            follow = await self._start(body)
        finally:
            self.pending = ""
        if follow is not None and self._live():
            yield  # the run and its events so far
            async for _ in self._catch_up():
                yield
        if follow is not None:
            yield follow

    async def _catch_up(self) -> AsyncIterator[None]:
        """The run's next events (its sources starting) come right after the answer that started it.
        The poller starts a round trip later (the page asks for it), which on a loaded machine was
        the staleness tail of a run's first events (issue 17): they are asked for here, in long
        polls until :data:`FIRST_WAIT_S` after the start, each answer shown at once (a yield); the
        poller takes over after that first burst of the run's sources starting."""
        run_id = self.run_id
        loop = asyncio.get_running_loop()
        deadline = loop.time() + FIRST_WAIT_S
        while self.run_id == run_id and self._live():
            left = round(deadline - loop.time(), 3)
            if left <= 0:
                return
            detail = await self.call(functools.partial(client().run, run_id, self.last_event, wait_s=left))
            if detail is None or self.run_id != run_id:
                return
            self._apply(detail, [e for e in detail.events if e.n > self.last_event])
            yield

    @rx.event
    async def run_search(self, name: str) -> AsyncIterator[Any]:
        async for update in self._click(f"search:{name}", {"searches": [name]}):
            yield update

    @rx.event
    async def run_company(self, name: str) -> AsyncIterator[Any]:
        async for update in self._click(f"company:{name}", {"companies": [name]}):
            yield update

    @rx.event
    async def run_all(self) -> AsyncIterator[Any]:
        async for update in self._click("all", {"all_saved": True}):
            yield update

    @rx.event
    async def run_adhoc(self, form: dict[str, Any]) -> AsyncIterator[Any]:
        self.pending = "adhoc"
        yield CLICKED.push(False)
        try:
            follow = await self._adhoc(form)
        finally:
            self.pending = ""
        if follow is not None and self._live():
            yield
            async for _ in self._catch_up():
                yield
        if follow is not None:
            yield follow

    async def _adhoc(self, form: dict[str, Any]) -> Any:
        term = str(form.get("term", "")).strip()
        url = str(form.get("url", "")).strip()
        if not term and not url:
            self.error = "Give a search term, a career page URL, or both."
            return None
        body: dict[str, Any] = {}
        if term:
            search = adhoc_search(form, BOARDS, DEFAULT_SITES)
            if isinstance(search, str):
                self.error = search
                return None
            body["search"] = search
        if url:
            found = await self.call(lambda: client().detect_company(url))
            if found is None:
                return None
            body["company"] = {"name": found.name or url, "url": url}
        return await self._start(body)

    @rx.event
    async def view(self, run_id: int) -> Any:
        return await self._follow(run_id)

    @rx.event
    async def cancel(self) -> None:
        if self.run_id:
            detail = await self.call(lambda: client().cancel_run(self.run_id))
            if detail is not None:
                self._apply(detail, [])

    @rx.var
    def sources_pct(self) -> int:
        return int(100 * self.sources_done / len(self.sources)) if self.sources else 0
