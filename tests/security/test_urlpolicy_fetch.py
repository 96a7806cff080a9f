"""Item 7 of issue 13 (the scrape side): a URL that passed the API's check is checked again when
it is fetched — at every redirect hop and after DNS resolution — so a public page cannot bounce
the scraper into this machine's network, and a name cannot resolve to a public address for the
check and to a private one for the connection (DNS rebinding).

The test's own server listens on 127.0.0.1; it plays the public site under a made-up name that
the policy's allow-list exempts, and a stub resolver maps made-up names to it.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from jobscraper.config import ScrapingSettings
from jobscraper.errors import ScrapeError
from jobscraper.scraping.fetch import Fetched, Fetcher, checking_urls
from jobscraper.urlpolicy import UrlPolicy, UrlRefused

FAST = {"per_domain_min_delay_s": 0, "respect_robots_txt": False, "max_retries": 0}
PUBLIC = "public.test"  # the test server, standing in for a public site


class StubResolver(AbstractResolver):
    """Every made-up name resolves to the test server on 127.0.0.1."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": 0,
            }
        ]

    async def close(self) -> None:
        return None


async def _public_dns(host: str) -> list[str]:
    return ["93.184.216.34"]  # what the API's check was told: a public address


async def _with_server(
    body: Callable[[int, list[str]], Awaitable[Any]],
) -> tuple[Any, list[str]]:
    hits: list[str] = []

    async def handle(request: web.Request) -> web.StreamResponse:
        hits.append(request.path)
        port = request.url.port
        targets = {
            "/to-loopback": f"http://127.0.0.1:{port}/secret",
            "/to-hex-loopback": f"http://0x7f000001:{port}/secret",
            "/to-metadata": "http://169.254.169.254/latest/meta-data/",
            "/to-internal-name": f"http://internal.test:{port}/secret",
            "/to-page": "/page",
        }
        if request.path in targets:
            raise web.HTTPFound(targets[request.path])
        return web.Response(text=f"<html>{request.path}</html>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        return await body(port, hits), hits
    finally:
        await runner.cleanup()


def _fetcher(policy: UrlPolicy | None = None) -> Fetcher:
    return Fetcher(ScrapingSettings(**FAST), url_policy=policy, resolver=StubResolver())


@pytest.mark.parametrize("hop", ["/to-loopback", "/to-hex-loopback", "/to-metadata", "/to-internal-name"])
def test_a_redirect_from_a_public_host_to_an_internal_one_is_refused(hop: str) -> None:
    async def internal_dns(host: str) -> list[str]:
        return ["127.0.0.1"] if host == "internal.test" else ["93.184.216.34"]

    policy = UrlPolicy(exempt_hosts=[PUBLIC], resolve=internal_dns)

    async def body(port: int, hits: list[str]) -> ScrapeError:
        fetcher = _fetcher(policy)
        try:
            with pytest.raises(UrlRefused) as refused:
                await fetcher.get(f"http://{PUBLIC}:{port}{hop}")
            return refused.value
        finally:
            await fetcher.aclose()

    error, hits = asyncio.run(_with_server(body))
    assert hits == [hop]  # the redirect was read, its target never requested
    assert "allow_private_urls" in str(error)


def test_a_redirect_within_the_public_site_is_followed() -> None:
    async def body(port: int, hits: list[str]) -> Fetched:
        fetcher = _fetcher(UrlPolicy(exempt_hosts=[PUBLIC]))
        try:
            return await fetcher.get(f"http://{PUBLIC}:{port}/to-page")
        finally:
            await fetcher.aclose()

    page, hits = asyncio.run(_with_server(body))
    assert hits == ["/to-page", "/page"] and page.text == "<html>/page</html>"
    assert page.url.endswith("/page")


def test_a_name_that_rebinds_to_loopback_after_the_check_is_refused_at_connect() -> None:
    # the policy's own lookup says public; the lookup the connection uses says 127.0.0.1
    async def body(port: int, hits: list[str]) -> ScrapeError:
        fetcher = _fetcher(UrlPolicy(resolve=_public_dns))
        try:
            with pytest.raises(UrlRefused) as refused:
                await fetcher.get(f"http://rebind.test:{port}/secret")
            return refused.value
        finally:
            await fetcher.aclose()

    error, hits = asyncio.run(_with_server(body))
    assert hits == [] and "127.0.0.1 is a loopback address" in str(error)


def test_the_policy_set_for_a_task_applies_to_the_tasks_it_starts() -> None:
    # how the ScraperActor applies it to a company that came in over HTTP
    async def body(port: int, hits: list[str]) -> list[Any]:
        fetcher = _fetcher()  # no policy of its own
        try:
            with checking_urls(UrlPolicy(exempt_hosts=[PUBLIC])):
                checked = await asyncio.gather(
                    fetcher.get(f"http://{PUBLIC}:{port}/to-loopback"), return_exceptions=True
                )
            unchecked = await fetcher.get(f"http://{PUBLIC}:{port}/to-loopback")  # a config file's URL
            return [*checked, unchecked]
        finally:
            await fetcher.aclose()

    (checked, unchecked), hits = asyncio.run(_with_server(body))
    assert isinstance(checked, UrlRefused)
    assert isinstance(unchecked, Fetched) and unchecked.text == "<html>/secret</html>"
    assert hits == ["/to-loopback", "/to-loopback", "/secret"]
