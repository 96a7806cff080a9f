"""The requests an ATS adapter makes go through the real Fetcher: POST with a JSON body,
``Retry-After`` on 429, a 404 that an adapter can tell apart, JSON errors naming the URL."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from jobscraper.config import ScrapingSettings
from jobscraper.errors import Blocked, ParseError, SourceUnavailable
from jobscraper.scraping.fetch import Fetcher, NotFoundAt
from jobscraper.sources.ats.client import FetcherClient

FAST = {"per_domain_min_delay_s": 0, "respect_robots_txt": False, "max_retries": 2}


class _Api:
    """A scripted API: each path answers its queued (status, headers, body) in turn; every request
    is recorded as (method, path, JSON body or None)."""

    def __init__(self) -> None:
        self.answers: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self.seen: list[tuple[str, str, Any]] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(size)) if size else None
                api.seen.append((method, self.path, body))
                queue = api.answers.get(self.path) or [(404, {}, b'{"error": "not found"}')]
                status, headers, payload = queue.pop(0) if len(queue) > 1 else queue[0]
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def api() -> Iterator[tuple[_Api, str]]:
    scripted = _Api()
    server = ThreadingHTTPServer(("127.0.0.1", 0), scripted.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield scripted, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _run(settings: ScrapingSettings, work: Any) -> Any:
    async def main() -> Any:
        fetcher = Fetcher(settings)
        try:
            return await work(FetcherClient(fetcher))
        finally:
            await fetcher.aclose()

    return asyncio.run(main())


def test_post_json_sends_the_body_and_decodes_the_answer(api: tuple[_Api, str]) -> None:
    scripted, base = api
    scripted.answers["/jobs"] = [(200, {}, json.dumps({"total": 1, "jobs": ["Ingénieur ✓"]}).encode())]

    async def work(client: FetcherClient) -> tuple[object, int]:
        answer = await client.post_json(f"{base}/jobs", {"limit": 20, "offset": 0, "q": "café"})
        return answer, client.requests

    answer, requests = _run(ScrapingSettings(**FAST), work)
    assert answer == {"total": 1, "jobs": ["Ingénieur ✓"]}
    assert requests == 1
    assert scripted.seen == [("POST", "/jobs", {"limit": 20, "offset": 0, "q": "café"})]


def test_a_429_is_retried_after_its_retry_after(api: tuple[_Api, str]) -> None:
    scripted, base = api
    scripted.answers["/jobs"] = [
        (429, {"Retry-After": "0"}, b"{}"),
        (200, {}, b'{"jobs": []}'),
    ]

    async def work(client: FetcherClient) -> object:
        return await client.post_json(f"{base}/jobs", {"offset": 0})

    assert _run(ScrapingSettings(**FAST), work) == {"jobs": []}
    assert [m for m, _, _ in scripted.seen] == ["POST", "POST"]  # the same POST, body and all, again
    assert scripted.seen[0] == scripted.seen[1]


def test_a_404_is_told_apart_and_never_retried(api: tuple[_Api, str]) -> None:
    scripted, base = api

    async def work(client: FetcherClient) -> BaseException:
        try:
            await client.get_json(f"{base}/jobs/123")
        except SourceUnavailable as error:
            return error
        raise AssertionError("no error")

    error = _run(ScrapingSettings(**FAST), work)
    assert isinstance(error, NotFoundAt) and error.status == 404
    assert f"{base}/jobs/123: HTTP 404" in str(error)
    assert len(scripted.seen) == 1  # max_retries=2, but a missing page is asked for once


def test_a_5xx_is_still_retried(api: tuple[_Api, str]) -> None:
    scripted, base = api
    scripted.answers["/jobs"] = [(502, {}, b"{}"), (200, {}, b"[1]")]

    async def work(client: FetcherClient) -> object:
        return await client.get_json(f"{base}/jobs")

    assert _run(ScrapingSettings(**FAST), work) == [1]
    assert len(scripted.seen) == 2


def test_an_answer_that_is_not_json_is_a_parse_error_naming_the_url(api: tuple[_Api, str]) -> None:
    scripted, base = api
    scripted.answers["/jobs"] = [(200, {"Content-Type": "text/html"}, b"<html>maintenance</html>")]

    async def work(client: FetcherClient) -> object:
        return await client.post_json(f"{base}/jobs", {})

    with pytest.raises(ParseError, match=rf"^{base}/jobs: not JSON: Expecting value"):
        _run(ScrapingSettings(**FAST), work)


def test_post_obeys_robots_txt(api: tuple[_Api, str]) -> None:
    scripted, base = api
    robots = b"User-agent: *\nDisallow: /wday/"
    scripted.answers["/robots.txt"] = [(200, {"Content-Type": "text/plain"}, robots)]

    async def work(client: FetcherClient) -> object:
        return await client.post_json(f"{base}/wday/cxs/acme/site/jobs", {})

    with pytest.raises(Blocked, match=r"disallowed by robots\.txt"):
        _run(ScrapingSettings(**{**FAST, "respect_robots_txt": True}), work)
    assert [p for _, p, _ in scripted.seen] == ["/robots.txt"]


def test_a_primed_answer_is_not_fetched_again(api: tuple[_Api, str]) -> None:
    scripted, base = api

    async def main() -> tuple[object, int]:
        fetcher = Fetcher(ScrapingSettings(**FAST))
        try:
            client = FetcherClient(fetcher, primed={f"{base}/jobs": {"jobs": []}})
            return await client.get_json(f"{base}/jobs"), client.requests
        finally:
            await fetcher.aclose()

    assert asyncio.run(main()) == ({"jobs": []}, 0)
    assert scripted.seen == []
