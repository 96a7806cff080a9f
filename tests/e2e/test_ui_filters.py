"""The Jobs page's filters in a real Chromium (issue 17, item 8): typing in the search box changes
the results without Enter, the favourites box applies at once, the filters are in the address (a
new tab opened at it shows the same filters and results), Back restores the filters before, a
salary typed as "100k" is read as one, and Clear empties every control. Screenshots:
``filters-applied.png``, ``filters-new-tab.png``, ``filters-cleared.png``. The favourite set here
is put back afterwards.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from flows import api, ensure_demo_jobs
from uistack import UiStack

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _count(total: int) -> str:
    return f"{total} job{'' if total == 1 else 's'}"


def _sort(stack: UiStack) -> str:
    """The order the page opens with: Best fit while a profile with a résumé is active."""
    answer = httpx.get(f"{stack.api}/api/jobs", params={"sort": "fit", "per_page": 1}, timeout=30)
    return "fit" if answer.status_code == 200 else "relevance"


def _total(stack: UiStack, **params: Any) -> int:
    answer = httpx.get(f"{stack.api}/api/jobs", params={"per_page": 1, **params}, timeout=30)
    answer.raise_for_status()
    return int(answer.json()["total"])


def _word(stack: UiStack, sort: str, total: int) -> str:
    """A word of a job title that finds some of the jobs but not all."""
    for job in api(stack, "/api/jobs?per_page=50")["items"]:
        for word in re.findall(r"[A-Za-z]{5,}", job["title"]):
            if 0 < _total(stack, q=word, sort=sort) < total:
                return word
    raise AssertionError("no title word narrows the demo jobs")


def _query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _address_says(page: Any, name: str, value: str | None) -> None:
    """Wait for the address's ``name`` parameter to be ``value`` (None: absent); the address is
    pushed just after the results are shown."""
    page.wait_for_function(
        "([n, v]) => new URLSearchParams(location.search).get(n) === v", arg=[name, value], timeout=10_000
    )


def _shows(page: Any, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('#job-count')?.innerText.trim() === t", arg=text, timeout=15_000
    )


def test_filters_apply_at_once_live_in_the_url_and_clear(page: Any, stack: UiStack, artifacts: Path) -> None:
    ensure_demo_jobs(page, stack, artifacts)
    sort = _sort(stack)
    total = _total(stack, sort=sort)
    word = _word(stack, sort, total)
    with_word = _total(stack, q=word, sort=sort)
    job = api(stack, f"/api/jobs?q={word}&per_page=1&meaning=false")["items"][0]
    kept = job["favorite"]
    httpx.patch(f"{stack.api}/api/jobs/{job['id']}", json={"favorite": True}, timeout=30).raise_for_status()
    try:
        page.goto("/")
        page.locator(".job-card").first.wait_for()  # the page is live
        _shows(page, _count(total))

        started = time.monotonic()
        page.locator("#search-q").press_sequentially(word, delay=40)  # no Enter
        typed = time.monotonic()
        _shows(page, _count(with_word))
        waited = time.monotonic() - typed
        print(f"typing → results: {waited:.2f} s after the last key ({typed - started:.2f} s of typing)")
        _address_says(page, "q", word)

        favourites = _total(stack, q=word, sort=sort, favorites="true")
        clicked = time.monotonic()
        page.locator("#only-favorites").click()
        _shows(page, _count(favourites))
        print(f"favourites box → results: {time.monotonic() - clicked:.2f} s")
        _address_says(page, "favorites", "1")
        assert _query(page)["q"] == [word]
        page.screenshot(path=str(artifacts / "filters-applied.png"), full_page=True)

        other = page.context.new_page()  # the address, opened in a new tab
        other.goto(page.url)
        _shows(other, _count(favourites))
        assert other.locator("#search-q").input_value() == word
        assert other.locator("#only-favorites").get_attribute("aria-checked") == "true"
        other.screenshot(path=str(artifacts / "filters-new-tab.png"), full_page=True)
        other.close()

        page.go_back()  # the filters before: the word, without favourites only
        _shows(page, _count(with_word))
        assert page.locator("#only-favorites").get_attribute("aria-checked") == "false"
        _address_says(page, "favorites", None)
        assert page.locator("#search-q").input_value() == word and _query(page)["q"] == [word]

        page.locator("#search-salary").fill("lots")
        page.locator("#salary-hint").wait_for()  # not an amount: a hint, the results stay
        page.locator("#search-salary").fill("100k")
        _address_says(page, "salary", "100000")
        _shows(page, _count(_total(stack, q=word, sort=sort, min_salary=100000)))
        assert page.locator("#salary-hint").count() == 0

        page.locator("#filters-clear").click()
        _shows(page, _count(total))
        page.wait_for_function("() => location.search === ''")
        for box in ("#search-q", "#search-location", "#search-salary"):
            assert page.locator(box).input_value() == "", box
        assert page.locator("#only-favorites").get_attribute("aria-checked") == "false"
        page.screenshot(path=str(artifacts / "filters-cleared.png"), full_page=True)
    finally:
        httpx.patch(
            f"{stack.api}/api/jobs/{job['id']}", json={"favorite": kept}, timeout=30
        ).raise_for_status()
