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
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from footprint import role  # a process's role from its command line
from uistack import BROWSER_ARGS, CHROMIUM, UiStack, ui_stack

_OBSERVE = """
() => {
  window.__seen = {};
  const stamp = () => document.querySelectorAll('.event').forEach(el => {
    if (!(el.id in window.__seen)) window.__seen[el.id] = Date.now();
  });
  new MutationObserver(stamp).observe(document.body, {childList: true, subtree: true});
  stamp();
}
"""
_SOCKET = """
(() => {
  // when each websocket message reaches the page's main thread, and the newest event number in it
  window.__frames = [];
  window.__sizes = [];  // every message's length: what a state change costs to send and to handle
  const Socket = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Socket(...args);
    socket.addEventListener('message', m => {
      window.__sizes.push(typeof m.data === 'string' ? m.data.length : m.data.byteLength || 0);
      const found = typeof m.data === 'string' ? [...m.data.matchAll(/"n":\\s*(\\d+)/g)] : [];
      if (found.length) window.__frames.push([Date.now(), Math.max(...found.map(x => +x[1]))]);
    });
    return socket;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, Socket);
})();
"""
_READY = {
    "/": "document.querySelector('.job-card')",
    "/scrape": "document.querySelector('#run-all') && !document.querySelector('#run-all').disabled",
    "/analytics": "document.querySelector('#charts, .empty-state')",
}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def first_loads(browser: Any, stack: UiStack, loads: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for path, ready in _READY.items():
        times = []
        for _ in range(loads):
            context = browser.new_context(base_url=stack.url)
            page = context.new_page()
            started = time.perf_counter()
            page.goto(path)
            page.wait_for_function(ready, timeout=60_000, polling="raf")
            times.append((time.perf_counter() - started) * 1000)
            context.close()
        out[path] = times
    return out


_CLICK = """
() => new Promise(resolve => {
  const button = document.querySelector('#run-all');
  const busy = () => document.querySelector('#scrape-busy') || button.disabled;
  const started = performance.now();
  const seen = () => { if (busy()) { observer.disconnect(); resolve(performance.now() - started); } };
  const observer = new MutationObserver(seen);
  observer.observe(document.body, {childList: true, subtree: true, attributes: true});
  button.click();
  seen();
})
"""


def busy_clicks(browser: Any, stack: UiStack, clicks: int) -> list[float]:
    """Click → busy state on screen, in the page's own clock; each run is cancelled at once."""
    context = browser.new_context(base_url=stack.url)
    page = context.new_page()
    page.goto("/scrape")
    out = []
    for _ in range(clicks):
        page.wait_for_function(_READY["/scrape"], timeout=600_000, polling=100)
        page.wait_for_timeout(300)
        out.append(float(page.evaluate(_CLICK)))
        page.wait_for_selector("#run-status")
        cancel = page.locator("#cancel-run")
        with contextlib.suppress(Exception):  # the run may end before it can be cancelled
            cancel.click(timeout=20_000)
        page.wait_for_function(
            "document.querySelector('#run-status') && "
            "document.querySelector('#run-status').innerText !== 'running'",
            timeout=600_000,
            polling=200,
        )
    context.close()
    return out


_CARDS = "() => Array.from(document.querySelectorAll('.job-card')).map(c => c.innerText).join('|')"


def _terms(stack: UiStack) -> list[str]:
    """Search terms whose first results differ from one to the next (asked of the API first)."""
    found: list[tuple[str, list[int]]] = []
    for term in ("python", "data", "engineer", "remote", "senior", "backend", "manager", "developer"):
        jobs = httpx.get(f"{stack.api}/api/jobs", params={"q": term}, timeout=30).json()
        ids = [j["id"] for j in jobs.get("jobs", jobs.get("items", []))][:10]
        if ids and (not found or found[-1][1] != ids):
            found.append((term, ids))
    return [t for t, _ in found]


_INPUTS = """
() => {
  const stamp = () => { window.__input = performance.now(); };
  for (const kind of ['keydown', 'pointerup']) document.addEventListener(kind, stamp, true);
}
"""


def _changed(page: Any, before: str, action: Any) -> float | None:
    """``action()`` (the last keystroke, Enter, a click on an option) → the job cards changed, in
    the page's clock: from the page's last keydown or pointerup to the frame the cards changed in
    (what the person sees; Playwright's own waits before it clicks are not counted). None when the
    cards did not change (the same cards: not a change to time)."""
    page.evaluate("() => { window.__input = 0; window.__changed = 0; }")
    action()
    try:
        page.wait_for_function(
            f"(({_CARDS})() !== {before!r}) && (window.__changed = window.__changed || performance.now())",
            timeout=10_000,
            polling="raf",
        )
    except Exception:
        return None
    return float(page.evaluate("window.__changed - window.__input"))


def searches(browser: Any, stack: UiStack, count: int) -> dict[str, list[float]]:
    """On the Jobs page, ``count`` times each: a term typed (60 ms between keys, as a quick typist)
    → the cards changed, timed from the last keystroke (the text box's debounce is part of it); a
    term filled and Enter pressed, timed from Enter; the Remote filter changed, timed from the click
    on its option."""
    terms = _terms(stack)
    if len(terms) < 2:
        return {}
    context = browser.new_context(base_url=stack.url)
    page = context.new_page()
    page.goto("/")
    page.wait_for_function(_READY["/"], timeout=60_000)
    page.wait_for_timeout(1000)
    page.evaluate(_INPUTS)
    out: dict[str, list[float]] = {"typed": [], "enter": [], "filter": []}
    box = "#search-q"

    def settle(took: float | None, kind: str) -> None:
        if took is not None:
            out[kind].append(took)
        page.wait_for_timeout(600)  # past the text box's debounce: nothing of this change is left

    for i in range(count):
        term = terms[i % len(terms)]
        page.click(box)
        page.keyboard.press("Control+A")
        page.keyboard.type(term[:-1], delay=60)
        page.wait_for_timeout(60)
        settle(_changed(page, page.evaluate(_CARDS), lambda t=term: page.keyboard.type(t[-1])), "typed")
    for i in range(count):
        term = terms[(i + 1) % len(terms)]
        page.fill(box, term)
        settle(_changed(page, page.evaluate(_CARDS), lambda: page.press(box, "Enter")), "enter")
    page.fill(box, "")
    page.press(box, "Enter")
    page.wait_for_timeout(1000)
    for i in range(count):
        option = ("Remote", "Not remote", "Remote or not")[i % 3]
        page.click("button[aria-label='remote']")
        item = page.get_by_role("option", name=option, exact=True)
        item.wait_for()
        page.wait_for_timeout(300)  # the list has opened
        settle(_changed(page, page.evaluate(_CARDS), item.click), "filter")
    context.close()
    return out


def _cpu_now() -> dict[int, tuple[str, int, float, float]]:
    """Every process on the machine: (role, niceness, CPU seconds so far, seconds its threads
    waited for a core so far — the latter for this bench's processes only); a process that is not
    this bench's (its stack, its browser) is marked "outside:" — the machine is shared. Chromium is
    the "page" one (the browser the bench drives) or the "crawler" one (the stack's). A Chromium
    renderer's main thread (the page's JavaScript, style, layout) is also counted alone, under the
    negative pid: its CPU next to the page's long tasks says whether a long task worked or waited."""
    children = psutil.Process().children()
    ours = {child.pid for child in psutil.Process().children(recursive=True)}
    stack = {p.pid for c in children if "jobscraper" in " ".join(c.cmdline()) for p in c.children(True)}
    out = {}
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            name = role(proc) + _chromium_type(proc)
            if "chromium" in name:  # the stack's browser renders career pages; the other is the page's
                name = name.replace(
                    "other chromium", "crawler chromium" if proc.pid in stack else "page chromium"
                )
            name = name if proc.pid in ours else f"outside: {name}"
            waited = _run_delay(proc.pid, [t.id for t in proc.threads()]) if proc.pid in ours else 0.0
            out[proc.pid] = (name, proc.nice(), times.user + times.system, waited)
            if name.endswith("chromium renderer"):
                main = (_thread_cpu(proc.pid), _run_delay(proc.pid, [proc.pid]))
                out[-proc.pid] = (f"{name} main thread", proc.nice(), *main)
    return out


def _thread_cpu(pid: int, tid: int | None = None) -> float:
    """CPU seconds of one thread (the process's main thread by default), from /proc."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        stat = Path(f"/proc/{pid}/task/{tid or pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def _run_delay(pid: int, tids: list[int]) -> float:
    """Seconds the threads were runnable but waited for a core (the kernel's schedstat)."""
    total = 0
    for tid in tids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[1])
    return total / 1e9


def _chromium_type(proc: psutil.Process) -> str:
    """' renderer', ' gpu-process', ' browser'… for a Chromium process: the page's own work, the
    compositor's and the browser's are apart (with --disable-gpu, frames are composited in software)."""
    with contextlib.suppress(psutil.Error):
        if "chrom" in proc.name():
            kind = next((a.split("=", 1)[1] for a in proc.cmdline() if a.startswith("--type=")), "browser")
            return f" {kind}"
    return ""


def _cpu_used(before: dict[int, tuple[str, int, float, float]]) -> None:
    """Add the CPU seconds each role used since ``before`` to :data:`_CPU`, and the seconds its
    threads waited for a core to :data:`_WAITED` (new processes whole)."""
    for pid, (name, nice, total, waited) in _cpu_now().items():
        was = before.get(pid)
        same = was is not None and was[0] == name
        key = f"{name} (nice {nice})"
        _CPU[key] = _CPU.get(key, 0.0) + total - (was[2] if was and same else 0.0)
        _WAITED[key] = _WAITED.get(key, 0.0) + waited - (was[3] if was and same else 0.0)


_CPU: dict[str, float] = {}  # CPU seconds by role during the staleness runs: who the CPU went to
_WAITED: dict[str, float] = {}  # seconds by role that its threads were runnable but had no core


def staleness(browser: Any, stack: UiStack, profile: Path | None = None) -> tuple[list[float], int]:
    cpu = _cpu_now()
    context = browser.new_context(base_url=stack.url)
    context.add_init_script(_SOCKET)
    context.add_init_script(_LONGTASKS)
    page = context.new_page()
    page.goto("/scrape")
    page.wait_for_function(_READY["/scrape"], timeout=60_000)
    page.evaluate(_OBSERVE)
    cdp = context.new_cdp_session(page) if profile else None
    if cdp is not None:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 1000})
        cdp.send("Profiler.start")
    before = httpx.get(f"{stack.api}/api/runs?limit=1", timeout=30).json()
    page.click("#run-all")
    page.wait_for_selector("#run-status")
    run = httpx.get(f"{stack.api}/api/runs?limit=1", timeout=30).json()[0]
    probe = _ApiProbe(stack.api, run["id"]) if not before or before[0]["id"] != run["id"] else None
    page.wait_for_function(
        "document.querySelector('#run-status').innerText !== 'running'", timeout=600_000, polling=200
    )
    page.wait_for_timeout(1500)
    if cdp is not None and profile is not None:
        _profile_report(cdp.send("Profiler.stop")["profile"], profile)
    seen: dict[str, int] = page.evaluate("window.__seen")
    frames: list[list[int]] = page.evaluate("window.__frames")
    long_tasks: list[list[float]] = page.evaluate("window.__long")
    _LONG.extend(long_tasks)
    _SIZES.extend(page.evaluate("window.__sizes"))
    via_api = probe.stop() if probe else {}
    _cpu_used(cpu)  # before the page's renderer ends with its context
    context.close()
    message: dict[int, int] = {}  # event number → when the message that first held it reached the page
    for when, newest in frames:
        for n in range(1, newest + 1):
            message.setdefault(n, when)
    events = httpx.get(f"{stack.api}/api/runs/{run['id']}/events?after=0", timeout=30).json()["events"]
    lags = []
    for event in events:
        appeared = seen.get(f"event-{event['n']}")
        if appeared is not None:
            at = datetime.fromisoformat(event["at"]).timestamp() * 1000
            lags.append(appeared - at)
            api_at = via_api.get(event["n"]) if probe is not None and at >= probe.started else None
            _WHERE.append((event["n"], event["type"], appeared - at, None if api_at is None else api_at - at))
            if api_at is not None:
                _API.append((api_at - at, appeared - api_at))
            if api_at is not None and event["n"] in message:
                got = message[event["n"]]
                _SPLIT.append((got - api_at, appeared - got))
                blocked = sum(max(0.0, min(got, s + d) - max(api_at, s)) for s, d in long_tasks)
                _BLOCKED.append((got - api_at - blocked, blocked))
    return lags, len(events)


def _profile_report(profile: dict[str, Any], path: Path) -> None:
    """Save the page's JavaScript CPU profile (open it in Chromium's devtools) and print where its
    main thread's time went: the functions with the most samples of their own, by script."""
    path.write_text(json.dumps(profile))
    nodes = {node["id"]: node for node in profile["nodes"]}
    step = statistics.mean(profile["timeDeltas"]) / 1000 if profile.get("timeDeltas") else 1.0
    own: dict[str, int] = {}
    by_script: dict[str, int] = {}
    for sample in profile.get("samples", []):
        frame = nodes[sample]["callFrame"]
        script = frame["url"].rsplit("/", 1)[-1]
        where = f"{frame['functionName'] or '(anonymous)'} {script}:{frame['lineNumber']}"
        own[where] = own.get(where, 0) + 1
        by_script[script or frame["functionName"]] = by_script.get(script or frame["functionName"], 0) + 1
    scripts = sorted(by_script.items(), key=lambda kv: -kv[1])[:8]
    print("  the page's CPU by script: " + ", ".join(f"{name} {n * step:.0f} ms" for name, n in scripts))
    top = sorted(own.items(), key=lambda kv: -kv[1])[:15]
    print(
        f"  the page's CPU profile of run 1 ({path}), own time: "
        + ", ".join(f"{name} {count * step:.0f} ms" for name, count in top)
    )


class _ApiProbe:
    """A second follower of the run, straight on the API with the page's own long poll: when each
    event reaches an API client splits a page's staleness into the API's part and the UI's. It runs
    in a process of its own: a thread of this one waited for the GIL behind Playwright's calls and
    saw events later than the page did."""

    def __init__(self, api: str, run_id: int) -> None:
        self.started = time.time() * 1000  # events before this were there when it first asked
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _PROBE, api, str(run_id)], stdout=subprocess.PIPE, text=True
        )

    def stop(self) -> dict[int, float]:
        self._proc.terminate()
        out, _ = self._proc.communicate(timeout=30)
        arrived: dict[int, float] = {}
        for line in out.splitlines():
            n, at = line.split()
            arrived.setdefault(int(n), float(at))
        return arrived


_PROBE = """
import sys, time, httpx
api, run_id, after = sys.argv[1], sys.argv[2], 0
with httpx.Client(timeout=30) as http:
    while True:
        detail = http.get(f"{api}/api/runs/{run_id}", params={"events_after": after, "wait_s": 0.5})
        now = time.time() * 1000
        for event in detail.json().get("events", []):
            print(event["n"], now, flush=True)
            after = max(after, event["n"])
"""


_LONGTASKS = """
(() => {
  window.__long = [];
  new PerformanceObserver(l => l.getEntries().forEach(e =>
    window.__long.push([performance.timeOrigin + e.startTime, e.duration])))
    .observe({entryTypes: ['longtask']});
})();
"""
_LONG: list[list[float]] = []  # the page's long tasks during the runs: [start (wall ms), duration]
_SIZES: list[int] = []  # the length of each websocket message the page got during the runs


_WHERE: list[tuple[int, str, float, float | None]] = []  # (event number, type, staleness, to the API client)
_API: list[tuple[float, float]] = []  # (event → an API client, API client → on the page) ms
_SPLIT: list[tuple[float, float]] = []  # (API client → message in the page, message → on screen) ms
# API client → message in the page, split: (the page's main thread free, in a long task) ms
_BLOCKED: list[tuple[float, float]] = []
_START = 15  # a run's first events: emitted while the page is still starting its poller


def _breakdown() -> None:
    """Where the staleness tail is: a run's first events, or the rest; the worst event types."""
    first = [lag for n, _, lag, _ in _WHERE if n <= _START]
    rest = [lag for n, _, lag, _ in _WHERE if n > _START]
    for name, part in ((f"events 1-{_START} of a run", first), ("later events", rest)):
        if part:
            print(f"  staleness of {name}: p50 {_pct(part, 0.5):.0f} ms  p95 {_pct(part, 0.95):.0f} ms")
    if _API:
        api, page = [a for a, _ in _API], [b for _, b in _API]
        print(
            f"  event → API client: p50 {_pct(api, 0.5):.0f} ms  p95 {_pct(api, 0.95):.0f} ms;"
            f"  API client → page: p50 {_pct(page, 0.5):.0f} ms  p95 {_pct(page, 0.95):.0f} ms"
        )
    if _SPLIT:
        sent, shown = [a for a, _ in _SPLIT], [b for _, b in _SPLIT]
        print(
            f"  API client → the UI's websocket message in the page: p50 {_pct(sent, 0.5):.0f} ms"
            f"  p95 {_pct(sent, 0.95):.0f} ms;  message → on screen: p50 {_pct(shown, 0.5):.0f} ms"
            f"  p95 {_pct(shown, 0.95):.0f} ms"
        )
    if _BLOCKED:
        free, held = [a for a, _ in _BLOCKED], [b for _, b in _BLOCKED]
        print(
            f"  of API client → message: the page's main thread in a long task p50 {_pct(held, 0.5):.0f} ms"
            f"  p95 {_pct(held, 0.95):.0f} ms;  the rest (the UI server, the socket) p50"
            f" {_pct(free, 0.5):.0f} ms  p95 {_pct(free, 0.95):.0f} ms"
        )
    if _LONG:
        durations = [d for _, d in _LONG]
        ran = sum(used for name, used in _CPU.items() if "page chromium renderer main thread" in name)
        waited = sum(w for name, w in _WAITED.items() if "page chromium renderer main thread" in name)
        print(
            f"  the page's long tasks (main thread busy ≥ 50 ms, when no message can be handled):"
            f" {len(durations)}, {sum(durations):.0f} ms in all, the longest {max(durations):.0f} ms;"
            f" the page's renderer main threads used {ran * 1000:.0f} ms of CPU in all during the runs"
            f" and waited {waited * 1000:.0f} ms for a core (a long task far longer than the two"
            f" waited for something else)"
        )
    if _SIZES:
        print(
            f"  websocket messages to the page: {len(_SIZES)}, {sum(_SIZES) / 1024:.0f} KiB in all,"
            f" median {statistics.median(_SIZES):.0f} B, the largest {max(_SIZES)} B"
        )
    top = sorted(_CPU.items(), key=lambda kv: -kv[1])[:10]
    print("  CPU during the runs: " + ", ".join(f"{name} {used:.1f} s" for name, used in top))
    top = sorted(_WAITED.items(), key=lambda kv: -kv[1])[:8]
    print("  waited for a core (runnable, no CPU): " + ", ".join(f"{name} {w:.1f} s" for name, w in top))
    worst = sorted(_WHERE, key=lambda w: -w[2])[:5]
    shown = [f"#{n} {kind} {'-' if api is None else f'{api:.0f}'}/{lag:.0f}ms" for n, kind, lag, api in worst]
    print("  worst (to the API client / on the page): " + ", ".join(shown))


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
