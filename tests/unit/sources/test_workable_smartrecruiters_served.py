"""Workable and SmartRecruiters through the real client: the project's Fetcher against API answers
served over HTTP from a second, independently written fixture set (tests/ats_served.py), with a
429 in the middle of each listing, details that 404, and every job checked field by field against
tests/fixtures/ats/served/expected.json.
"""

from __future__ import annotations

import asyncio

from ats_served import FIELDS, ServedApis, board_path, expected

from jobscraper.config import ScrapingSettings
from jobscraper.scraping.fetch import Fetcher
from jobscraper.sources.ats import smartrecruiters, workable
from jobscraper.sources.ats.base import AtsAdapter, ParsedBoard, where
from jobscraper.sources.ats.client import FetcherClient

FAST = {"per_domain_min_delay_s": 0, "respect_robots_txt": False}


def _scrape(url: str, reader: AtsAdapter) -> tuple[ParsedBoard, int]:
    """``url`` read as with an explicit ``ats:`` (a URL that is not the vendor's)."""
    found = where(url)
    assert found is not None
    board = reader.endpoint(url, [s for s in found[1].split("/") if s], found[0])

    async def main() -> tuple[ParsedBoard, int]:
        fetcher = Fetcher(ScrapingSettings(**FAST))
        try:
            client = FetcherClient(fetcher)
            parsed = await reader.scrape(board, client, company=None)
            return parsed, client.requests
        finally:
            await fetcher.aclose()

    return asyncio.run(main())


def _fields(parsed: ParsedBoard) -> dict[str, tuple[object, ...]]:
    return {p.title: tuple(getattr(p, f) for f in FIELDS) for p in parsed.postings}


def test_workable_pages_past_a_429_and_keeps_a_job_whose_details_are_gone() -> None:
    listing = board_path("workable")
    with ServedApis(limited={listing: {2}}) as served:  # the second page's first ask: 429
        parsed, requests = _scrape(served.url(listing), workable.ADAPTER)
    assert _fields(parsed) == expected("workable")
    posts = [r for r in served.requests if r.startswith("POST")]
    assert len(posts) == 3  # page 1, page 2 refused with Retry-After, page 2 again
    assert requests == 2 + 2  # the answers got: two pages, two details (the third is a 404)
    notes = [n for n in parsed.skipped if "404" in n]
    assert len(notes) == 1 and notes[0].startswith("wk-F6A7B8C9D0")
    by_title = {p.title: p for p in parsed.postings}
    text = by_title["Embedded Software Engineer (C++)"].description or ""
    assert "flight controllers" in text and "C++17, RTOS" in text and "Bike lease" in text
    assert "alert" not in text
    assert by_title["Ingeniero/a de Datos"].description == "Diseñarás pipelines en Málaga — España."
    assert by_title["Technical Writer"].job_url == served.url("/workable/kolibri-labs/j/F6A7B8C9D0/")


def test_smartrecruiters_pages_past_a_429_and_keeps_a_job_whose_details_are_gone() -> None:
    listing = board_path("smartrecruiters")
    second = f"{listing}?limit=100&offset=3"  # three served a page: the next offset is 3
    with ServedApis(limited={second: {1}}) as served:
        parsed, _ = _scrape(served.url(listing), smartrecruiters.ADAPTER)
    assert _fields(parsed) == expected("smartrecruiters")
    assert served.requests.count(f"GET {second}") == 2
    assert [n[:18] for n in parsed.skipped if "404" in n] == ["sr-743999900000002"]
    by_title = {p.title: p for p in parsed.postings}
    first = by_title["Lebensmitteltechnologe (m/w/d)"]
    assert first.job_url.startswith("https://jobs.smartrecruiters.com/NordkappFoods/743999900000001-")
    text = first.description or ""
    assert "### Über uns" in text and "Rezepturen entwickeln & prüfen." in text and "trk()" not in text
    assert "Zusätzliche" not in text  # an empty section leaves no heading
    # the job without details links where a mirror keeps its pages
    assert by_title["Shift Supervisor"].job_url == served.url(
        "/smartrecruiters/NordkappFoods/743999900000002"
    )
