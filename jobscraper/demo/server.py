"""The demo board: a local, deterministic stand-in for the job boards, ATS APIs and career sites.

It answers the paths the real sources use, in their formats, so the real parsing code runs:

- LinkedIn guest search ``/jobs-guest/jobs/api/seeMoreJobPostings/search`` (10 cards a page, the
  exact empty page at the end) and ``/jobs/view/{id}`` — what JobSpy's LinkedIn scraper reads;
- Indeed's GraphQL ``POST /graphql`` (``data.jobSearch`` with a cursor) — what JobSpy reads;
- every ATS of the registry with a demo shape (:mod:`jobscraper.demo.ats`): Greenhouse
  ``/v1/boards/{token}/jobs``, Lever ``/v0/postings/{company}``, Ashby
  ``/posting-api/job-board/{name}``, and each later kind's module ``jobscraper/demo/ats_<kind>.py``;
- career sites ``/careers/{slug}/`` in the styles of :data:`~jobscraper.demo.data.STYLES`;
- remote boards: Remotive ``/api/remote-jobs`` and We Work Remotely ``/remote-jobs.rss``
  (:mod:`jobscraper.demo.remote_board`).

Knobs: ``latency_s`` per request, ``error_rate`` (500s, seeded), ``burst_429`` (the first N
requests are answered 429 with ``Retry-After``), ``malformed_every`` (every Nth JSON-LD page is
broken), and ``/careers/huge/`` serves ``huge_mb`` of HTML. ``version`` may be switched at run
time: version 2 is the same board a week later. Counts: ``requests`` and ``peak_in_flight``.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.demo import pages, remote_board
from jobscraper.demo.ats import DemoRequest, demo_ats, demo_kinds
from jobscraper.demo.closing import closed_page, indeed_key, indeed_view
from jobscraper.demo.data import DemoJob, catalogue

__all__ = ["DemoBoard", "DemoKnobs"]

LINKEDIN_PAGE = 10
LINKEDIN_EMPTY = "<!DOCTYPE html>\n\n<!---->"
LISTING_PAGE = 5


@dataclass
class DemoKnobs:
    seed: int = 7
    companies: int = 7
    jobs_per_company: int = 12
    version: int = 1
    latency_s: float = 0.0
    error_rate: float = 0.0
    burst_429: int = 0
    retry_after_s: int = 1
    malformed_every: int = 0
    huge_mb: int = 50
    style: str | None = None  # every company in one style (benchmarks); None cycles through STYLES


@dataclass
class _Stats:
    requests: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w+#]+", text.lower()))


class _Server(ThreadingHTTPServer):
    # The stdlib default backlog of 5 drops SYNs when many clients connect at once; each dropped
    # SYN costs the client a 1 s retransmit, which real sites do not impose.
    request_queue_size = 128
    daemon_threads = True


class DemoBoard:
    """Start with :meth:`start` (returns the base URL), stop with :meth:`stop`."""

    def __init__(self, knobs: DemoKnobs | None = None, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.knobs = knobs or DemoKnobs()
        self.stats = _Stats()
        self._rng = random.Random(self.knobs.seed)
        self._server = _Server((host, port), self._handler_class())
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> str:
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-board", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> DemoBoard:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --------------------------------------------------------------------- data
    def jobs(self) -> list[DemoJob]:
        k = self.knobs
        return catalogue(k.seed, k.companies, k.jobs_per_company, k.version, k.style)

    def board_jobs(self, board: str) -> list[DemoJob]:
        """Jobs a job board lists: LinkedIn every other job, Indeed every third (overlapping)."""
        step = {"linkedin": 2, "indeed": 3}[board]
        return [j for j in self.jobs() if j.key % step == 0]

    def company_jobs(self, slug: str) -> list[DemoJob]:
        return [j for j in self.jobs() if j.company.slug == slug]

    def company_configs(self, *, render_js: bool = False) -> list[CompanyConfig]:
        """Every demo company as a user would configure it: ATS API URLs, career page URLs.

        ``render_js``: mark the company whose job list is built by JavaScript for rendering in
        Chromium (without it, that site's jobs are reported as needing extraction)."""
        out = []
        for company in {j.company.slug: j.company for j in self.jobs()}.values():
            ats = demo_ats(company.style)
            kind = company.style if ats is not None else "html"
            url = self.base_url + (ats.api_path(company.slug) if ats else f"/careers/{company.slug}/")
            js = render_js and company.style == "js"
            out.append(
                CompanyConfig.model_validate({"name": company.name, "url": url, "ats": kind, "render_js": js})
            )
        return out

    def search(self) -> SavedSearch:
        """A saved search over both demo boards that matches every job they list."""
        return SavedSearch(
            name="demo", term="engineer developer", sites=["linkedin", "indeed"], results_wanted=1000
        )

    # ------------------------------------------------------------------ routing
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        board = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes; with Nagle on, a keep-alive client's
            # delayed ACK adds ~40 ms to every response
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:
                board._serve(self, "GET", b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                board._serve(self, "POST", self.rfile.read(length))

        return Handler

    def _serve(self, req: BaseHTTPRequestHandler, method: str, body: bytes) -> None:
        with self.stats.lock:
            self.stats.requests += 1
            number = self.stats.requests
            self.stats.in_flight += 1
            self.stats.peak_in_flight = max(self.stats.peak_in_flight, self.stats.in_flight)
            fail = self.knobs.error_rate > 0 and self._rng.random() < self.knobs.error_rate
        headers: dict[str, str] = {}
        try:
            if self.knobs.latency_s:
                time.sleep(self.knobs.latency_s)
            if number <= self.knobs.burst_429:
                status, ctype, payload = 429, "text/plain", b"slow down"
                headers["Retry-After"] = str(self.knobs.retry_after_s)
            elif fail:
                status, ctype, payload = 500, "text/plain", b"internal error"
            else:
                status, ctype, payload = self._route(method, req.path, body)
        finally:
            # counted from the request's arrival until just before the answer goes out: an
            # interval inside the client's own (send → last byte read), so the peak seen here
            # can never exceed the client's real concurrency (counting past the write would
            # overlap the client's next request on a keep-alive connection)
            with self.stats.lock:
                self.stats.in_flight -= 1
        self._send(req, status, ctype, payload, headers)

    @staticmethod
    def _send(
        req: BaseHTTPRequestHandler,
        status: int,
        ctype: str,
        payload: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        req.send_response(status)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            req.send_header(name, value)
        req.end_headers()
        req.wfile.write(payload)

    def _route(self, method: str, raw_path: str, body: bytes) -> tuple[int, str, bytes]:  # noqa: PLR0911
        parts = urlsplit(raw_path)
        path, query = parts.path, parse_qs(parts.query)
        segments = [s for s in path.split("/") if s]
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /private/\n"
        if path == "/jobs-guest/jobs/api/seeMoreJobPostings/search":
            return self._linkedin_search(query)
        if len(segments) == 3 and segments[:2] == ["jobs", "view"]:
            job = self._by_key(segments[2], self.board_jobs("linkedin"))
            if job is None:  # gone: a notice or a 404 (jobscraper.demo.closing)
                return closed_page(segments[2], self.knobs.version)
            return 200, "text/html", pages.linkedin_detail(job).encode()
        if path == "/viewjob":  # Indeed's job page, for liveness checks
            key = indeed_key((query.get("jk") or [""])[0])
            seen = self._by_key(key, self.board_jobs("indeed"))
            if seen is None:
                return closed_page(key, self.knobs.version)
            return 200, "text/html", indeed_view(seen)
        if path == "/graphql" and method == "POST":
            return self._indeed(body)
        request = DemoRequest(method, path, segments, parts.query, body, self.base_url, self.company_jobs)
        for kind in demo_kinds():  # each ATS's paths (jobscraper/demo/ats_<kind>.py)
            ats = demo_ats(kind)
            if ats is not None and (answer := ats.route(request)) is not None:
                return answer
        if segments[:2] == ["careers", "huge"]:
            return 200, "text/html", pages.huge_page(self.knobs.huge_mb)
        if segments and segments[0] == "careers" and len(segments) >= 2:
            return self._career(segments[1:], query)
        if (remote := remote_board.route(path, query, self.jobs(), self.base_url)) is not None:
            return remote
        return self._not_found()

    @staticmethod
    def _not_found() -> tuple[int, str, bytes]:
        return 404, "text/html", b"<html><body><h1>Not found</h1></body></html>"

    @staticmethod
    def _json(data: object) -> tuple[int, str, bytes]:
        return 200, "application/json", json.dumps(data).encode()

    @staticmethod
    def _by_key(raw: str, jobs: list[DemoJob]) -> DemoJob | None:
        return next((j for j in jobs if str(j.key) == raw), None)

    def _matching(self, jobs: list[DemoJob], keywords: str, location: str) -> list[DemoJob]:
        wanted = _words(keywords)
        place = location.lower().split(",")[0].strip()
        out = []
        for job in jobs:
            text = _words(f"{job.title} {' '.join(job.skills)} {job.description}")
            if wanted and not wanted & text:
                continue
            if place and place not in job.location.lower() and not job.remote:
                continue
            out.append(job)
        return out

    def _linkedin_search(self, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        keywords = (query.get("keywords") or [""])[0]
        location = (query.get("location") or [""])[0]
        start = int((query.get("start") or ["0"])[0])
        jobs = self._matching(self.board_jobs("linkedin"), keywords, location)
        chunk = jobs[start : start + LINKEDIN_PAGE]
        if not chunk:
            return 200, "text/html", LINKEDIN_EMPTY.encode()
        return 200, "text/html", pages.linkedin_cards(chunk).encode()

    def _indeed(self, body: bytes) -> tuple[int, str, bytes]:
        try:
            text = json.loads(body)["query"]
        except (ValueError, KeyError, TypeError):
            return 400, "application/json", b'{"errors": [{"message": "bad request"}]}'
        what = re.search(r'what:\s*"([^"]*)"', text)
        where = re.search(r'where:\s*"([^"]*)"', text)
        cursor = re.search(r'cursor:\s*"([^"]*)"', text)
        jobs = self._matching(
            self.board_jobs("indeed"), what.group(1) if what else "", where.group(1) if where else ""
        )
        start = int(cursor.group(1)) if cursor and cursor.group(1).isdigit() else 0
        chunk = jobs[start : start + 100]
        next_cursor = str(start + 100) if start + 100 < len(jobs) else None
        return self._json(pages.indeed(chunk, next_cursor))

    def _career(self, segments: list[str], query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        slug = segments[0]
        jobs = self.company_jobs(slug)
        if not jobs:
            return self._not_found()
        style = jobs[0].company.style
        if len(segments) == 3 and segments[1] == "jobs":
            job = self._by_key(segments[2], jobs)
            if job is None:  # gone: a notice or a 404 (jobscraper.demo.closing)
                return closed_page(segments[2], self.knobs.version)
            broken = bool(self.knobs.malformed_every) and job.key % self.knobs.malformed_every == 0
            return (
                200,
                "text/html",
                pages.career_detail(job, structured=style != "plain", broken=broken).encode(),
            )
        page = int((query.get("page") or ["1"])[0])
        return 200, "text/html", pages.career_listing(jobs, style, page, LISTING_PAGE).encode()
