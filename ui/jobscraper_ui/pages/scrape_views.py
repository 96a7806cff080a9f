"""The Scrape page's components: the run on show with a progress bar per source and its event
log, the saved searches and companies each with a Scrape button, the ad hoc form, the recent runs,
and the demo hint. Layout only; the state (starting, polling, cancelling) is ``scrape_state``.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from jobscraper.vocabulary import DEFAULT_SITES
from jobscraper_ui.format import BOARDS
from jobscraper_ui.pages.boards_views import unavailable_boards
from jobscraper_ui.pages.scrape_rows import EventRow, SourceRow
from jobscraper_ui.pages.scrape_state import CLICKED, ScrapeState

__all__ = ["adhoc_form", "demo_hint", "run_history", "run_progress", "target_list"]


def target_list(title: str, items: Any, handler: Any, empty: str, kind: str) -> rx.Component:
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
                            on_click=[CLICKED.set_value(True), handler(t.name)],
                            disabled=~t.enabled | ScrapeState.busy | CLICKED.value,
                            loading=ScrapeState.pending == f"{kind}:" + t.name,
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
        opacity=rx.cond(ScrapeState.loading, "0.5", "1"),
        aria_busy=ScrapeState.loading,
    )


def adhoc_form() -> rx.Component:
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
                                rx.checkbox(
                                    name=f"site_{s}", default_checked=s in DEFAULT_SITES, aria_label=s
                                ),
                                rx.text(s, size="2"),
                                spacing="1",
                                align="center",
                            )
                        )
                        for s in BOARDS
                    ],
                    rx.el.label(
                        rx.flex(
                            rx.checkbox(name="remote", aria_label="remote only"),
                            rx.text("remote only", size="2"),
                            spacing="1",
                        )
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                unavailable_boards(),
                rx.input(
                    name="url",
                    placeholder="…and/or a career page URL (any site, or an ATS board)",
                    width="100%",
                ),
                rx.button(
                    "Scrape",
                    type="submit",
                    disabled=ScrapeState.busy | CLICKED.value,
                    loading=ScrapeState.pending == "adhoc",
                    id="run-adhoc",
                ),
                width="100%",
            ),
            on_submit=[CLICKED.set_value(True), ScrapeState.run_adhoc],
            reset_on_submit=False,
        ),
        width="100%",
    )


# A running source's bar: striped, and still. Any endless animation (Radix's indeterminate
# Progress, then a stripe slid by transform) makes the browser draw a frame 60 times a second for as
# long as a run goes; without a GPU (software compositing, e.g. SwiftShader) that took the browser's
# GPU process about half a core, at a higher priority than the page, whose websocket messages then
# waited up to 1.3 s for the main thread (issue 17, bench/ui.py). The run's counts and its event log
# already move with every event. For the same reason the run's bars jump to their new value: Radix
# eases each change over 120 ms, 7-8 frames drawn for every poll answer that moves a bar, which
# took the GPU process ~0.4 s of CPU at nice -8 per demo run (more than half of its share).
_RUNNING_CSS = """
.source-busy{width:6em;height:var(--space-2);border-radius:max(var(--radius-1),var(--radius-full));
  background:repeating-linear-gradient(-45deg,var(--blue-9) 0 4px,var(--blue-a5) 4px 8px)}
#run-progress .rt-ProgressIndicator{transition:none}
.event-lines{display:flex;flex-direction:column-reverse;gap:var(--space-1)}
.event{margin:0;font-size:var(--font-size-1);line-height:var(--line-height-1);color:var(--gray-11)}
.event-bad{color:var(--red-11)}
.event code{font-family:var(--code-font-family);font-size:0.95em}
"""


def _running_bar(label: rx.Var[str]) -> rx.Component:
    return rx.el.div(
        class_name="source-busy",
        role="progressbar",
        aria_label=label,
        aria_busy="true",
    )


def _source(row: SourceRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.label, weight="medium")),
        rx.table.cell(rx.badge(row.status, color_scheme=row.color)),
        rx.table.cell(
            rx.cond(
                row.running,
                _running_bar(row.label),
                rx.progress(
                    value=rx.cond(row.status == "queued", 0, 100),
                    color_scheme=row.color,
                    width="6em",
                    aria_label=row.label,
                ),
            )
        ),
        rx.table.cell(rx.text(row.counts, size="2")),
        rx.table.cell(rx.text(row.error, size="1", color_scheme="red")),
        data_source=row.key,
        class_name="source-row",
    )


def _event(e: EventRow) -> rx.Component:
    """One line of the event log, keyed by its number: when the log drops its oldest line the
    others keep their elements. Plain elements, not Radix's Text/Code/Strong: the log re-renders
    whenever an event comes, and each Radix component is a function React runs again for every
    line (issue 17: the page's own work per update held the next update back)."""
    return rx.el.p(
        rx.el.code(e.at),
        " ",
        rx.cond(e.source != "", rx.el.strong(e.source, " ")),
        e.message,
        id="event-" + e.n.to_string(),
        class_name=rx.cond(e.bad, "event event-bad", "event"),
        key=e.n,
    )


def run_progress() -> rx.Component:
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
            rx.cond(  # what the run found new, in the Jobs view (issue 17, item 5)
                (s.run_status == "done") & (s.run_new > 0),
                rx.link(s.run_new, " new jobs", href="/?run=" + s.run_id.to_string(), id="run-new-jobs"),
            ),
            rx.flex(
                rx.text("sources ", s.sources_done, "/", s.sources.length(), size="2", min_width="8em"),
                rx.progress(value=s.sources_pct, flex="1", aria_label="sources done"),
                spacing="2",
                align="center",
            ),
            rx.cond(
                s.extraction != "",
                rx.flex(
                    rx.text("extraction", size="2", min_width="8em"),
                    rx.progress(
                        value=s.extraction_pct, color_scheme="purple", flex="1", aria_label="extraction"
                    ),
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
                                for h in ("Source", "Status", "Progress", "Counts", "Errors")
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
            rx.box(  # a plain scrolling box: Radix's ScrollArea re-measured itself (ResizeObserver,
                # thumb position, scrollbar presence) in the page's main thread at every new event
                rx.el.div(  # held oldest first (a new event only adds a line), shown newest first
                    rx.foreach(s.events, _event),
                    class_name="event-lines",
                ),
                max_height="16em",
                overflow_y="auto",
                id="event-log",
                aria_label="Events",
                # focusable, so a keyboard can scroll it (axe: scrollable-region-focusable)
                custom_attrs={"role": "log", "tabIndex": 0},
            ),
            rx.el.style(_RUNNING_CSS),
            width="100%",
            id="run-progress",
        ),
    )


def run_history() -> rx.Component:
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


def demo_hint() -> rx.Component:
    return rx.cond(
        ScrapeState.demo,
        rx.callout(
            "Demo mode: the job boards are the bundled demo board, so nothing leaves this machine. "
            "Scrape the saved search 'demo' (or everything saved) to try it.",
            icon="info",
            color_scheme="amber",
        ),
    )
