"""Personio, Recruitee, Teamtailor, BambooHR and Jobvite through the real client: the project's Fetcher and
FetcherClient against the independently written fixtures served over HTTP, each board's first
request answered 429 with ``Retry-After`` (waited out, then read), BambooHR's missing details a 404
(the opening kept from the list), and an unknown board a 404 that fails the board in one line."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from jobscraper.config import ScrapingSettings
from jobscraper.errors import ScrapeError
from jobscraper.scraping.fetch import Fetcher
from jobscraper.sources.ats import bamboohr, jobvite, personio, recruitee, teamtailor
from jobscraper.sources.ats.base import AtsAdapter, ParsedBoard, where
from jobscraper.sources.ats.client import FetcherClient

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ats"
FAST = {"per_domain_min_delay_s": 0, "respect_robots_txt": False}


def _files() -> dict[str, tuple[str, bytes]]:
    details = json.loads((FIXTURES / "bamboohr_details_b.json").read_text(encoding="utf-8"))
    out = {
        "/feeds/personio/xml": ("application/xml", (FIXTURES / "personio_feed_b.xml").read_bytes()),
        "/feeds/recruitee/api/offers": (
            "application/json",
            (FIXTURES / "recruitee_offers_b.json").read_bytes(),
        ),
        "/feeds/teamtailor/jobs.rss": (
            "application/rss+xml",
            (FIXTURES / "teamtailor_jobs_b.rss").read_bytes(),
        ),
        "/northbay/careers/list": ("application/json", (FIXTURES / "bamboohr_list_b.json").read_bytes()),
        "/feeds/jobvite/CompanyJobs/Xml.aspx": ("text/xml", (FIXTURES / "jobvite_feed_b.xml").read_bytes()),
    }
    for job_id, answer in details.items():
        out[f"/northbay/careers/{job_id}/detail"] = ("application/json", json.dumps(answer).encode())
    return out


class Served:
    """The fixtures on 127.0.0.1; the first request for each path in ``limited`` is a 429."""

    def __init__(self, limited: set[str]) -> None:
        self.files = _files()
        self.limited = set(limited)
        self.requests: list[str] = []
        self.lock = threading.Lock()
        state = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.partition("?")[0].rstrip("/") or "/"
                with state.lock:
                    state.requests.append(path)
                    first = path in state.limited and state.requests.count(path) == 1
                if first:
                    self._send(429, "text/plain", b"slow down", {"Retry-After": "1"})
                elif path in state.files:
                    self._send(200, *state.files[path])
                else:
                    self._send(404, "text/plain", b"not found")

            def _send(
                self, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[Served]:
    state = Served(getattr(request, "param", set()))
    threading.Thread(target=state.server.serve_forever, daemon=True).start()
    try:
        yield state
    finally:
        state.server.shutdown()
        state.server.server_close()


def _scrape(url: str, reader: AtsAdapter) -> tuple[ParsedBoard, int]:
    found = where(url)
    assert found is not None
    board = reader.endpoint(url, [s for s in found[1].split("/") if s], found[0])

    async def main() -> tuple[ParsedBoard, int]:
        fetcher = Fetcher(ScrapingSettings(**FAST))
        try:
            client = FetcherClient(fetcher)
            return await reader.scrape(board, client, company=None), client.requests
        finally:
            await fetcher.aclose()

    return asyncio.run(main())


SUPPORT = "Customer Support Specialist (Remote, Canada)"
BOARDS: list[tuple[AtsAdapter, str, set[str]]] = [
    (personio.ADAPTER, "/feeds/personio/xml", {"Księgowa / Księgowy", "Solutions Engineer"}),
    (recruitee.ADAPTER, "/feeds/recruitee/api/offers/", {"Data Analyst", "Designer"}),
    (teamtailor.ADAPTER, "/feeds/teamtailor/jobs.rss", {"Mobile Developer", "Office Manager"}),
    (bamboohr.ADAPTER, "/northbay/careers/list", {SUPPORT, "Lagerist:in", "Summer Intern"}),
    (
        jobvite.ADAPTER,
        "/feeds/jobvite/CompanyJobs/Xml.aspx?c=harbor",
        {"Customer Success Manager (Nordics)", "Warehouse Lead"},
    ),
]
KINDS = [b[0].kind for b in BOARDS]
LISTINGS = {path.partition("?")[0].rstrip("/") for _, path, _ in BOARDS}


@pytest.mark.parametrize("served", [LISTINGS], indirect=True)
@pytest.mark.parametrize(("reader", "path", "titles"), BOARDS, ids=KINDS)
def test_each_board_is_read_past_a_429(
    served: Served, reader: AtsAdapter, path: str, titles: set[str]
) -> None:
    parsed, answers = _scrape(served.base_url + path, reader)
    assert {p.title for p in parsed.postings} == titles
    assert (
        served.requests.count(path.partition("?")[0].rstrip("/")) == 2
    )  # refused with Retry-After, then read
    if reader is bamboohr.ADAPTER:
        assert answers == 1 + 2  # the list and two details; the third is a 404, its opening kept
        assert parsed.skipped == [
            "bh-9: kept from the listing without a description; its details are gone (HTTP 404)"
        ]
    else:
        assert answers == 1


@pytest.mark.parametrize(("reader", "path"), [(b[0], b[1]) for b in BOARDS], ids=KINDS)
def test_a_board_that_is_not_there_fails_in_one_line(served: Served, reader: AtsAdapter, path: str) -> None:
    with pytest.raises(ScrapeError, match="404") as caught:
        _scrape(served.base_url + path.replace("feeds", "gone").replace("northbay", "gone"), reader)
    assert "\n" not in str(caught.value)
