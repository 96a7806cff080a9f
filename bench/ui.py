"""The web UI's responsiveness: busy state after a click, search results, cold open, staleness.

Starts ``jobscraper ui --demo`` exactly as a user does (Ray, the Serve app, the Reflex production
server, the demo board; free ports, a fresh database in a temp folder) and drives the system
Chromium with Playwright:

- **staleness**: a demo scrape is started from the Scrape page. A MutationObserver in the page
  stamps ``Date.now()`` when each event line appears; the event's own ``at`` is the coordinator's
  clock (same machine). staleness = appeared − at, over every event of ``--runs`` runs. It is split
  into the API's part and the UI's (API client → the UI's websocket message in the page → on
  screen; the API client is a process of its own following the run as the page does); the page's
  long tasks (its main thread busy ≥ 50 ms: no message is handled meanwhile), the CPU each process
  used and how long its threads were runnable but waited for a core (the kernel's schedstat),
  Chromium's by process type (renderer, gpu-process, browser) and apart for the page's browser and
  the stack's crawler, say why a message came late; the websocket messages' count and size say
  what each update costs to send, and ``--profile PATH`` saves the page's JavaScript CPU profile of
  the first run (and prints where its time went). ``--clicks/--searches/--loads 0`` skip those
  parts (staleness alone takes about two minutes). A Chromium devtools (CDP) frame time is no
  help there: Chromium stamps the frame on the page's main thread too;
- **click → busy**: 'Scrape everything saved' is clicked ``--clicks`` times (each run is cancelled
  at once); in the page, the time from the click to the busy state on screen (the "Starting the
  run…" spinner, or the button disabled);
- **filter or search change → new results**: on the Jobs page, ``--searches`` times each, with
  terms whose results differ: a term typed (timed from the last keystroke: the text box's debounce
  counts), a term filled and Enter pressed (from Enter), the Remote filter changed (from the click
  on its option); the time to the changed job cards, p50 over all of them;
- **first load**: a new browser context (nothing cached) opens each page; the time from navigation
  to the page's data on screen (the Jobs page's first job card, the Scrape page's live button, the
  charts), median and p95 of ``--loads``.

The baseline of each figure is the issue's target (issue 17): click → busy p95 100 ms, search →
results p50 300 ms, cold open of Jobs → first card 1.5 s, staleness p95 250 ms. The last line is
the worst ratio ours / target (≤ 1.0 meets every target).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _ui_pages import _pct, busy_clicks, first_loads, searches
from _ui_staleness import _breakdown, staleness
from uistack import BROWSER_ARGS, CHROMIUM, ui_stack


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--poll", type=float, default=0.5, help="ui.poll_interval_s (default 0.5)")
    parser.add_argument("--loads", type=int, default=5, help="cold loads per page")
    parser.add_argument("--runs", type=int, default=2, help="demo scrapes to measure staleness over")
    parser.add_argument("--clicks", type=int, default=8, help="Scrape clicks to time the busy state of")
    parser.add_argument("--searches", type=int, default=8, help="changes of each kind to time (Jobs page)")
    parser.add_argument("--profile", type=Path, help="save the page's CPU profile of the first run here")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, ui_stack(Path(tmp), poll_interval_s=args.poll) as stack:
        print(
            f"jobscraper ui --demo at {stack.url} (API {stack.api}), poll interval {args.poll} s, "
            f"up in {time.monotonic() - started:.0f} s"
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            lags: list[float] = []
            shown = total = 0
            for i in range(args.runs):
                run_lags, n = staleness(browser, stack, args.profile if i == 0 else None)
                lags += run_lags
                shown += len(run_lags)
                total += n
                print(f"run {i + 1}: {n} events, {len(run_lags)} seen appear")
            clicks = busy_clicks(browser, stack, args.clicks) if args.clicks else []
            found = searches(browser, stack, args.searches) if args.searches else {}
            loads = first_loads(browser, stack, args.loads) if args.loads else {}
            browser.close()
    for path, times in loads.items():
        print(
            f"first load {path:<11} median {statistics.median(times):6.0f} ms"
            f"  p95 {_pct(times, 0.95):6.0f} ms  (new browser context, {len(times)} loads)"
        )
    print(f"staleness over {shown}/{total} events: p50 {_pct(lags, 0.5):.0f} ms  max {max(lags):.0f} ms")
    _breakdown()
    if clicks:
        print(
            f"click → busy over {len(clicks)} clicks: p50 {_pct(clicks, 0.5):.0f} ms"
            f"  max {max(clicks):.0f} ms"
        )
    kinds = (("typed", "typed (from the last key)"), ("enter", "Enter"), ("filter", "Remote filter"))
    for kind, what in kinds:
        if found.get(kind):
            times = found[kind]
            print(
                f"search → results, {what}, over {len(times)}: p50 {_pct(times, 0.5):.0f} ms"
                f"  p95 {_pct(times, 0.95):.0f} ms"
            )
    changes = [t for times in found.values() for t in times]
    nan = float("nan")
    rows = [
        ("click → visible busy state, p95", 100.0, _pct(clicks, 0.95) if clicks else nan),
        ("filter or search change → results, p50", 300.0, _pct(changes, 0.5) if changes else nan),
        ("cold open of Jobs → first card, median", 1500.0, statistics.median(loads["/"]) if loads else nan),
        ("live-progress staleness, p95", 250.0, _pct(lags, 0.95)),
    ]
    print(f"{'':42} {'baseline (target)':>18} {'ours':>8} {'ratio':>6}")
    for name, target, ours in rows:
        print(f"{name:42} {target:15.0f} ms {ours:5.0f} ms {ours / target:6.2f}")
    worst = max(ours / target for _, target, ours in rows if ours == ours)  # skipped figures are nan
    print(f"ratio ours/target (worst of those measured): {worst:.2f}")


if __name__ == "__main__":
    main()
