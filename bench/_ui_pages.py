"""The page interactions of ``bench/ui.py`` timed in the browser: first loads, click → busy state,
search or filter change → new results.

Apart from ``bench/ui.py`` (the command line and the report), ``bench/_ui_staleness.py`` (the
live-progress staleness runs) and ``bench/_ui_cpu.py`` (who used the CPU meanwhile): each of these
is a Playwright driver of one page with its own in-page timing script, none of them needs the
others. :data:`_READY` (when a page's data are on screen) and :func:`_pct` are shared with them.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from uistack import UiStack  # tests/e2e, on sys.path when bench/ui.py runs

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
