"""Workday over real HTTP: the Northwind fixture served by a local stdlib server, read through the
project's Fetcher and AtsClient — a 429 with ``Retry-After`` on page 3 is waited out and the board
completes; a 404 for one job's details keeps that job from the listing."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from workday_fake import load

from jobscraper.config import CompanyConfig, ScrapingSettings
from jobscraper.scraping.fetch import Fetched, Fetcher
from jobscraper.sources.ats import resolve_board
from jobscraper.sources.ats.base import ParsedBoard
from jobscraper.sources.ats.client import FetcherClient
from jobscraper.sources.ats.workday import ADAPTER
from jobscraper.sources.company import CompanyResult, scrape_company

API = "/wday/cxs/northwind/Northwind_Careers/jobs"


class Tenant(ThreadingHTTPServer):
    """Northwind's CXS API on 127.0.0.1; page 3 (offset 40) answers 429 the first time."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fixture: dict[str, Any] = load("workday_northwind.json")
        self.asked: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Tenant

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        asked = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        key = f"offset {asked['offset']}"
        with self.server.lock:
            self.server.asked[key] += 1
            first_try = self.server.asked[key] == 1
        if self.path != API or asked["limit"] > 20:
            self._send(400, {"errorCode": "HTTP_400"})
        elif key == "offset 40" and first_try:
            self._send(429, {"errorCode": "HTTP_429"}, {"Retry-After": "1"})
        else:
            self._send(200, self.server.fixture["pages"][str(asked["offset"])])

    def do_GET(self) -> None:
        path = self.path.removeprefix(API.removesuffix("/jobs"))
        with self.server.lock:
            self.server.asked[path] += 1
        detail = self.server.fixture["details"].get(path)
        self._send(200 if detail else 404, detail or {"errorCode": "HTTP_404"})


@pytest.fixture
def tenant() -> Iterator[Tenant]:
    server = Tenant()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


SETTINGS = ScrapingSettings(per_domain_min_delay_s=0, per_domain_concurrency=2, respect_robots_txt=False)
HOST = "https://northwind.wd3.myworkdayjobs.com"


class Rerouted(Fetcher):
    """A Fetcher that sends Northwind's Workday host to the local server (no internet here)."""

    def __init__(self, target: str) -> None:
        super().__init__(SETTINGS)
        self._target = target

    async def get(self, url: str) -> Fetched:
        return await super().get(url.replace(HOST, self._target))

    async def post_json(self, url: str, body: object) -> Fetched:
        return await super().post_json(url.replace(HOST, self._target), body)


def _scrape(url: str) -> ParsedBoard:
    settings = SETTINGS

    async def main() -> ParsedBoard:
        fetcher = Fetcher(settings)
        try:
            board = resolve_board(url, "workday")
            assert board is not None
            return await ADAPTER.scrape(board, FetcherClient(fetcher), company="Northwind")
        finally:
            await fetcher.aclose()

    return asyncio.run(main())


def test_a_429_on_page_3_is_waited_out_and_a_404_detail_keeps_its_job(tenant: Tenant) -> None:
    parsed = _scrape(tenant.base_url + API)
    assert tenant.asked["offset 40"] == 2  # refused once with Retry-After, then answered
    assert (tenant.asked["offset 0"], tenant.asked["offset 20"]) == (1, 1)
    assert len(parsed.postings) == 44
    kept = next(p for p in parsed.postings if p.id == "wd-JR-1003")
    assert (kept.title, kept.description) == ("Warehouse Lead", None)
    assert any(s.startswith("wd-JR-1003") and "404" in s for s in parsed.skipped)
    munich = next(p for p in parsed.postings if p.id == "wd-JR-1001")
    assert munich.location == "München; Zürich; Wien"
    path = "/Northwind_Careers/job/Munich/Senior-Data-Engineer--m-w-d-_JR-1001"
    assert munich.job_url == tenant.base_url + path  # the public careers page, built from the listing


def test_a_pasted_careers_url_is_detected_and_read(tenant: Tenant) -> None:
    """What `jobscraper scrape --company URL` does with a Workday careers URL (no --ats)."""
    company = CompanyConfig(name="northwind.wd3.myworkdayjobs.com", url=HOST + "/en-US/Northwind_Careers")

    async def main() -> CompanyResult:
        fetcher = Rerouted(tenant.base_url)
        try:
            return await scrape_company(company, fetcher, SETTINGS)
        finally:
            await fetcher.aclose()

    result = asyncio.run(main())
    assert (result.method, len(result.postings), result.errors) == ("workday", 44, [])
    assert result.pages == 3 + 43  # answers: 3 pages, 44 details less the 404 (one job is listed twice)
    munich = next(p for p in result.postings if p.id == "wd-JR-1001")
    assert munich.company == "Northwind Traders GmbH"  # not the host name the CLI gives it
    assert munich.job_url == HOST + "/Northwind_Careers/job/Munich/Senior-Data-Engineer--m-w-d-_JR-1001"
