"""Scrape: start a run (saved search, company, everything saved, or ad hoc), follow its progress
per source with an event log, cancel it; the recent runs below.

While a run is live a background task polls the API: one request brings the run's snapshot and
the events after the last one shown. It is a long poll of up to ``ui.poll_interval_s`` (default
0.5 s): the API answers at the run's next event, or when the interval is over — so news shows at
once, and a quiet run costs one request per interval.

While the run on show is live every Scrape button is disabled, and a start asked for meanwhile (a
double click that beat the page's update) is refused here too: a second click never starts a
second, overlapping run. When the API answers 409 (another run already scrapes the same entries,
e.g. one started elsewhere) its message is shown and the page follows that run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from datetime import datetime
from typing import Any

import reflex as rx

from jobscraper_ui.api import ApiError, ApiUnreachable, api
from jobscraper_ui.base import BaseState
from jobscraper_ui.format import ago
from jobscraper_ui.layout import page

__all__ = ["ScrapeState", "scrape_page"]

MAX_EVENTS = 300
_FINISHED = ("done", "failed", "blocked", "skipped", "cancelled", "interrupted")
_BAD = ("failed", "blocked")
_BOARDS = ["linkedin", "indeed", "glassdoor", "zip_recruiter", "google"]
_RUN_IN_DETAIL = re.compile(r"\brun (\d+)\b")
BUSY = "A run is in progress: wait for it to finish, or cancel it, before starting another."


def conflicting_run(exc: ApiError) -> int | None:
    """The run a 409 answer names (``run_id`` in its body, else 'run N' in its message)."""
    if exc.status != 409:
        return None
    named = exc.body.get("run_id")
    if isinstance(named, int):
        return named
    found = _RUN_IN_DETAIL.search(str(exc))
    return int(found.group(1)) if found else None


@dataclasses.dataclass
class Target:
    name: str
    detail: str
    enabled: bool


@dataclasses.dataclass
class SourceRow:
    key: str
    label: str
    status: str
    color: str
    running: bool
    counts: str
    error: str


@dataclasses.dataclass
class EventRow:
    n: int
    at: str
    source: str
    type: str
    message: str
    bad: bool


@dataclasses.dataclass
class RunRow:
    id: int
    kind: str
    status: str
    color: str
    when: str
    counts: str


_COLORS = {
    "running": "blue",
    "queued": "gray",
    "done": "green",
    "failed": "red",
    "blocked": "red",
    "cancelled": "orange",
    "interrupted": "orange",  # its process died (jobscraper.store.runs)
    "skipped": "gray",
}


def _counts(c: dict[str, Any]) -> str:
    parts = [f"{c.get('found', 0)} found", f"{c.get('inserted', 0)} new", f"{c.get('updated', 0)} updated"]
    if c.get("duplicates"):
        parts.append(f"{c['duplicates']} merged")
    return " · ".join(parts)


def _source_row(s: dict[str, Any]) -> SourceRow:
    return SourceRow(
        key=s["key"],
        label=s["label"],
        status=s["status"],
        color=_COLORS.get(s["status"], "gray"),
        running=s["status"] == "running",
        counts=_counts(s),
        error="; ".join(s.get("errors") or [])[:300],
    )


def _event_row(e: dict[str, Any]) -> EventRow:
    at = datetime.fromisoformat(e["at"]).astimezone().strftime("%H:%M:%S")
    kind = e["type"]
    return EventRow(
        e["n"], at, e.get("source") or "run", kind, e["message"], "fail" in kind or "error" in kind
    )


def _run_row(r: dict[str, Any]) -> RunRow:
    return RunRow(
        r["id"],
        r["kind"],
        r["status"],
        _COLORS.get(r["status"], "gray"),
        ago(r["started_at"]),
        _counts(r["counts"]),
    )


class ScrapeState(BaseState):
    searches: list[Target] = []
    companies: list[Target] = []
    runs: list[RunRow] = []
    # the run on show
    run_id: int = 0
    run_status: str = ""
    run_live: bool = False
    run_counts: str = ""
    run_errors: list[str] = []
    sources: list[SourceRow] = []
    sources_done: int = 0
    extraction: str = ""
    extraction_pct: int = 0
    events: list[EventRow] = []
    last_event: int = 0
    polling: bool = False
    starting: bool = False

    @rx.event
    async def load(self) -> Any:
        self.error = ""
        await self.check_health()
        searches = await self.call(lambda: api().get("/api/searches"))
        companies = await self.call(lambda: api().get("/api/companies"))
        self.searches = [
            Target(
                s["name"],
                f"{s['term']}{' · ' + s['location'] if s.get('location') else ''} · {', '.join(s['sites'])}",
                s["enabled"],
            )
            for s in searches or []
        ]
        self.companies = [
            Target(c["name"], f"{c['detected']} · {c['url']}", c["enabled"]) for c in companies or []
        ]
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
        runs = await self.call(lambda: api().get("/api/runs", {"limit": 15}))
        if runs is not None:
            self.runs = [_run_row(r) for r in runs]

    def _apply(self, detail: dict[str, Any], events: list[dict[str, Any]]) -> None:
        self.run_status = detail["status"]
        self.run_live = detail["live"]
        self.run_counts = _counts(detail["counts"])
        self.run_errors = detail.get("errors", [])[:20]
        sources = detail.get("sources") or []
        self.sources = [_source_row(s) for s in sources]
        self.sources_done = sum(s["status"] in _FINISHED for s in sources)
        ex = detail.get("extraction")
        if ex:
            done = ex["extracted"] + ex["failed"]
            self.extraction_pct = (
                int(100 * done / ex["sent"]) if ex["sent"] else (100 if ex["status"] == "done" else 0)
            )
            via = f" via {ex['via']}" if ex.get("via") else ""
            tail = f" · {ex['deferred']} left for later" if ex.get("deferred") else ""
            self.extraction = (
                f"{ex['status']}{via}: {ex['extracted']} extracted · {ex['failed']} failed{tail}"
                + (f" — {ex['error']}" if ex.get("error") else "")
            )
        else:
            self.extraction, self.extraction_pct = "", 0
        if events:
            rows = [_event_row(e) for e in reversed(events)]
            self.events = (rows + self.events)[:MAX_EVENTS]
            self.last_event = events[-1]["n"]

    async def _refresh(self, run_id: int) -> None:
        after = self.last_event
        detail = await self.call(lambda: api().get(f"/api/runs/{run_id}", {"events_after": after}))
        if detail is not None:
            self._apply(detail, detail["events"])

    @rx.event(background=True)
    async def poll(self) -> None:
        """Follow the run on show until it ends (one poller per page)."""
        async with self:
            if self.polling or not self.run_id:
                return
            self.polling = True
            run_id, after = self.run_id, self.last_event
        interval = api().config.poll_interval_s
        loop = asyncio.get_running_loop()
        try:
            while True:
                started = loop.time()
                try:
                    detail = await api().get(
                        f"/api/runs/{run_id}", {"events_after": after, "wait_s": interval}
                    )
                except (ApiUnreachable, ApiError) as exc:
                    async with self:
                        self.unreachable = str(exc) if isinstance(exc, ApiUnreachable) else ""
                        self.error = "" if isinstance(exc, ApiUnreachable) else str(exc)
                    await asyncio.sleep(max(interval, 2.0))
                    continue
                async with self:
                    if self.run_id != run_id:
                        return
                    self.unreachable = ""
                    self._apply(detail, [e for e in detail["events"] if e["n"] > self.last_event])
                    after = self.last_event
                    finished = not detail["live"] or detail["status"] != "running"
                if finished:
                    async with self:
                        await self._load_runs()
                    return
                # the API held the request until there was news or ``interval`` passed: ask again
                # at once, but never more than ~20 times a second
                await asyncio.sleep(max(0.0, 0.05 - (loop.time() - started)))
        finally:
            async with self:
                self.polling = False

    async def _start(self, body: dict[str, Any]) -> Any:
        if self.starting or self._live():
            self.error = BUSY
            return None
        self.error = ""
        self.starting = True
        try:
            detail = await api().post("/api/runs", body)
        except ApiUnreachable as exc:
            self.unreachable = str(exc)
            return None
        except ApiError as exc:
            self.unreachable = ""
            self.error = str(exc)
            running = conflicting_run(exc)
            return await self._follow(running) if running is not None else None
        finally:
            self.starting = False
        self.unreachable = ""
        self.run_id = detail["id"]
        self.events, self.last_event = [], 0
        self._apply(detail, [])
        await self._load_runs()
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

    @rx.event
    async def run_search(self, name: str) -> Any:
        return await self._start({"searches": [name]})

    @rx.event
    async def run_company(self, name: str) -> Any:
        return await self._start({"companies": [name]})

    @rx.event
    async def run_all(self) -> Any:
        return await self._start({"all_saved": True})

    @rx.event
    async def run_adhoc(self, form: dict[str, Any]) -> Any:
        term = str(form.get("term", "")).strip()
        url = str(form.get("url", "")).strip()
        if not term and not url:
            self.error = "Give a search term, a career page URL, or both."
            return None
        body: dict[str, Any] = {}
        if term:
            sites = [s for s in _BOARDS if form.get(f"site_{s}") in ("on", True)] or ["linkedin", "indeed"]
            search: dict[str, Any] = {"name": term, "term": term, "sites": sites}
            if str(form.get("location", "")).strip():
                search["location"] = str(form["location"]).strip()
            if form.get("remote") in ("on", True):
                search["is_remote"] = True
            wanted = str(form.get("results_wanted", "")).strip()
            if wanted:
                if not wanted.isdigit():
                    self.error = "Results per site must be a whole number."
                    return None
                search["results_wanted"] = int(wanted)
            body["search"] = search
        if url:
            found = await self.call(lambda: api().get("/api/companies/detect", {"url": url}))
            if found is None:
                return None
            body["company"] = {"name": found.get("name") or url, "url": url}
        return await self._start(body)

    @rx.event
    async def view(self, run_id: int) -> Any:
        return await self._follow(run_id)

    @rx.event
    async def cancel(self) -> None:
        if self.run_id:
            detail = await self.call(lambda: api().delete(f"/api/runs/{self.run_id}"))
            if detail is not None:
                self._apply(detail, [])

    @rx.var
    def busy(self) -> bool:
        """A run is being started, or the run on show is live: every Scrape button waits."""
        return self.starting or (self.run_id > 0 and self.run_live and self.run_status == "running")

    @rx.var
    def sources_pct(self) -> int:
        return int(100 * self.sources_done / len(self.sources)) if self.sources else 0


def _target_list(title: str, items: Any, handler: Any, empty: str, kind: str) -> rx.Component:
    return rx.card(
        rx.heading(title, size="3", as_="h2"),
        rx.cond(
            items.length() > 0,
            rx.vstack(
                rx.foreach(
                    items,
                    lambda t: rx.flex(
                        rx.vstack(
                            rx.text(t.name, weight="medium"),
                            rx.text(t.detail, size="1", color_scheme="gray", word_break="break-all"),
                            spacing="0",
                            flex="1",
                            min_width="0",
                        ),
                        rx.button(
                            rx.icon("play", size=14),
                            "Scrape",
                            size="1",
                            on_click=handler(t.name),
                            disabled=~t.enabled | ScrapeState.busy,
                            class_name=f"run-{kind}",
                            data_name=t.name,
                        ),
                        spacing="2",
                        align="center",
                        width="100%",
                    ),
                ),
                width="100%",
                margin_top="2",
            ),
            rx.cond(ScrapeState.unreachable == "", rx.text(empty, size="2", color_scheme="gray")),
        ),
        flex="1 1 20em",
    )


def _adhoc() -> rx.Component:
    return rx.card(
        rx.heading("Ad hoc", size="3", as_="h2"),
        rx.form(
            rx.vstack(
                rx.flex(
                    rx.input(name="term", placeholder="Search term, e.g. python developer", flex="2 1 14em"),
                    rx.input(name="location", placeholder="Location", flex="1 1 8em"),
                    rx.input(name="results_wanted", placeholder="Results per site (50)", flex="1 1 8em"),
                    spacing="2",
                    wrap="wrap",
                    width="100%",
                ),
                rx.flex(
                    *[
                        rx.el.label(
                            rx.flex(
                                rx.checkbox(name=f"site_{s}", default_checked=s in ("linkedin", "indeed")),
                                rx.text(s, size="2"),
                                spacing="1",
                                align="center",
                            )
                        )
                        for s in _BOARDS
                    ],
                    rx.el.label(
                        rx.flex(rx.checkbox(name="remote"), rx.text("remote only", size="2"), spacing="1")
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                rx.input(
                    name="url",
                    placeholder="…and/or a career page URL (Greenhouse, Lever, Ashby, any site)",
                    width="100%",
                ),
                rx.button("Scrape", type="submit", disabled=ScrapeState.busy, id="run-adhoc"),
                width="100%",
            ),
            on_submit=ScrapeState.run_adhoc,
            reset_on_submit=False,
        ),
        width="100%",
    )


def _source(row: SourceRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.label, weight="medium")),
        rx.table.cell(rx.badge(row.status, color_scheme=row.color)),
        rx.table.cell(
            rx.cond(
                row.running,
                rx.progress(duration="1.5s", width="6em"),
                rx.progress(
                    value=rx.cond(row.status == "queued", 0, 100), color_scheme=row.color, width="6em"
                ),
            )
        ),
        rx.table.cell(rx.text(row.counts, size="2")),
        rx.table.cell(rx.text(row.error, size="1", color_scheme="red")),
        data_source=row.key,
        class_name="source-row",
    )


def _progress() -> rx.Component:
    s = ScrapeState
    return rx.cond(
        s.run_id > 0,
        rx.card(
            rx.flex(
                rx.heading("Run ", s.run_id, size="4", as_="h2"),
                rx.badge(
                    s.run_status,
                    color_scheme=rx.cond(
                        s.run_status == "running", "blue", rx.cond(s.run_status == "done", "green", "orange")
                    ),
                    size="2",
                    id="run-status",
                ),
                rx.spacer(),
                rx.cond(
                    s.run_live & (s.run_status == "running"),
                    rx.button(
                        "Cancel",
                        color_scheme="red",
                        variant="soft",
                        on_click=ScrapeState.cancel,
                        id="cancel-run",
                    ),
                ),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            rx.text(s.run_counts, size="2", margin_y="2", id="run-counts"),
            rx.flex(
                rx.text("sources ", s.sources_done, "/", s.sources.length(), size="2", min_width="8em"),
                rx.progress(value=s.sources_pct, flex="1"),
                spacing="2",
                align="center",
            ),
            rx.cond(
                s.extraction != "",
                rx.flex(
                    rx.text("extraction", size="2", min_width="8em"),
                    rx.progress(value=s.extraction_pct, color_scheme="purple", flex="1"),
                    spacing="2",
                    align="center",
                    margin_top="1",
                ),
            ),
            rx.text(s.extraction, size="1", color_scheme="gray", id="extraction-status"),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Source", "Status", "", "Counts", "Errors")
                            ]
                        )
                    ),
                    rx.table.body(rx.foreach(s.sources, _source)),
                    size="1",
                    width="100%",
                ),
                overflow_x="auto",
                width="100%",
                margin_y="2",
            ),
            rx.heading("Events", size="3", as_="h2"),
            rx.scroll_area(
                rx.vstack(
                    rx.foreach(
                        s.events,
                        lambda e: rx.text(
                            rx.code(e.at, variant="ghost"),
                            " ",
                            rx.text.strong(e.source),
                            " ",
                            e.message,
                            size="1",
                            color_scheme=rx.cond(e.bad, "red", "gray"),
                            id="event-" + e.n.to_string(),
                            class_name="event",
                        ),
                    ),
                    spacing="1",
                ),
                max_height="16em",
                type="auto",
                scrollbars="vertical",
                id="event-log",
            ),
            width="100%",
            id="run-progress",
        ),
    )


def _history() -> rx.Component:
    return rx.card(
        rx.heading("Recent runs", size="3", as_="h2"),
        rx.cond(
            ScrapeState.runs.length() > 0,
            rx.vstack(
                rx.foreach(
                    ScrapeState.runs,
                    lambda r: rx.flex(
                        rx.link("#", r.id, on_click=ScrapeState.view(r.id), cursor="pointer"),
                        rx.badge(r.status, color_scheme=r.color),
                        rx.text(r.kind, " · ", r.when, size="1", color_scheme="gray"),
                        rx.text(r.counts, size="1"),
                        spacing="2",
                        wrap="wrap",
                        align="center",
                    ),
                ),
                margin_top="2",
            ),
            rx.text("No runs yet.", size="2", color_scheme="gray"),
        ),
        width="100%",
    )


def _demo_hint() -> rx.Component:
    return rx.cond(
        ScrapeState.demo,
        rx.callout(
            "Demo mode: the job boards are the bundled demo board, so nothing leaves this machine. "
            "Scrape the saved search 'demo' (or everything saved) to try it.",
            icon="info",
            color_scheme="amber",
        ),
    )


def scrape_page() -> rx.Component:
    s = ScrapeState
    return page(
        _demo_hint(),
        rx.flex(
            rx.button(
                rx.icon("play"),
                "Scrape everything saved",
                on_click=ScrapeState.run_all,
                disabled=s.busy | ((s.searches.length() == 0) & (s.companies.length() == 0)),
                id="run-all",
            ),
            rx.cond(s.starting, rx.spinner()),
            spacing="2",
            align="center",
        ),
        _progress(),
        rx.flex(
            _target_list(
                "Saved searches",
                s.searches,
                ScrapeState.run_search,
                "None yet: add one on the Searches page.",
                "search",
            ),
            _target_list(
                "Companies",
                s.companies,
                ScrapeState.run_company,
                "None yet: add one on the Companies page.",
                "company",
            ),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        _adhoc(),
        _history(),
        title="Scrape",
    )
