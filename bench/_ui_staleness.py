"""The live-progress staleness of ``bench/ui.py``: a demo scrape started from the Scrape page, each
event's time from the coordinator's clock to the page's screen, split into the API's part and the
UI's, with the page's long tasks, websocket messages and JavaScript profile that say why.

Apart from ``bench/ui.py`` (the command line and the report) because it is the largest part and has
its own in-page scripts, its own API follower process (:class:`_ApiProbe`) and the module-level
lists that gather every run's figures for :func:`_breakdown`.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from _ui_cpu import _CPU, _WAITED, _cpu_now, _cpu_used
from _ui_pages import _READY, _pct

if TYPE_CHECKING:
    from uistack import UiStack  # tests/e2e, on sys.path when bench/ui.py runs

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
