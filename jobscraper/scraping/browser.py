"""Pages that need JavaScript: a system Chromium over CDP, driven by Crawl4AI.

A company with ``render_js: true`` is crawled through :class:`BrowserFetcher`, a
:class:`~jobscraper.scraping.fetch.Fetcher` whose transport is a real browser: robots.txt, the
shared limits (one slot per page rendered), retries and the circuit breaker are the same as for
plain HTTP; the page's HTML is the DOM after its scripts ran.

The browser is either one the user already runs (``scraping.cdp_url``) or a headless system
Chromium that the fetcher starts on first use on a free port — never Crawl4AI's managed browser,
which takes over port 9222 (DESIGN §5) — and stops on :meth:`BrowserFetcher.aclose`. No browser
or profile outlives the process that started it, whatever killed that process (a ScraperActor
SIGKILLed gets no chance to clean up): the kernel kills Chromium with its parent
(``PR_SET_PDEATHSIG``, set between fork and exec), and its profile folder, named after the owner's
pid (``jobscraper-chromium-<pid>-…``), is removed by the next start once that pid is gone.
Crawl4AI is imported lazily: it costs ~2.5 s.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from jobscraper.config import ScrapingSettings
from jobscraper.errors import ParseError, ScrapeError, SourceUnavailable
from jobscraper.priority import background_session
from jobscraper.scraping.fetch import Fetched, Fetcher, RequestObserver, Slots, status_error
from jobscraper.scraping.retry import CircuitBreaker

__all__ = ["BrowserFetcher", "Chromium", "clean_stale_profiles", "find_chromium"]

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--no-default-browser-check", "--disable-extensions", "--mute-audio",
    "--remote-debugging-address=127.0.0.1",
)  # fmt: skip
_PROFILE_PREFIX = "jobscraper-chromium-"
_PR_SET_PDEATHSIG = 1
_PR_CAPBSET_DROP = 24
_CAP_SYS_NICE = 23
log = logging.getLogger(__name__)


def _die_with_parent(libc: ctypes.CDLL) -> None:
    """Runs in the child between fork and exec: the kernel sends it SIGKILL when its parent dies,
    it cannot raise its own CPU priority (:func:`_keep_priority`), and it runs in a session of its
    own at background priority (:func:`~jobscraper.priority.background_session`). (libc is loaded
    before the fork: the child of a threaded process should not load libraries.)"""
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
    _keep_priority(libc)
    # a session of its own, its CPU share lowered as a whole: at nice 10 in the Ray session it
    # still took that session's share from the user's browser and the web UI (jobscraper.priority)
    background_session()


def _keep_priority(libc: ctypes.CDLL) -> None:
    """Chromium gets no CAP_SYS_NICE: it keeps the background priority of the ScraperActor that
    starts it (:mod:`jobscraper.priority`). Chromium sets its UI, IO and compositor threads to nice
    -8 where it may, and root (a container) may: the browser rendering career pages then ran ahead
    of the coordinator, the API and the web UI a person waits on (issue 17: ~1.7 s of CPU at -8 per
    demo run). Dropped from the capability bounding set, the capability is gone after exec; a
    process without the right to drop it (not root) has no CAP_SYS_NICE to lose: nothing to do."""
    libc.prctl(_PR_CAPBSET_DROP, _CAP_SYS_NICE, 0, 0, 0)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by another user
        return True
    return True


def clean_stale_profiles(folder: Path | None = None) -> list[Path]:
    """Remove the profile folders of Chromiums whose owner process is gone; returns them."""
    folder = Path(tempfile.gettempdir()) if folder is None else folder
    removed = []
    for path in folder.glob(f"{_PROFILE_PREFIX}*"):
        owner = path.name[len(_PROFILE_PREFIX) :].split("-", 1)[0]
        if not path.is_dir() or not owner.isdigit() or _pid_alive(int(owner)):
            continue  # a live owner's, or one not named by this version (its owner is unknown)
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    if removed:
        log.info("removed %d Chromium profile folder(s) left by dead processes", len(removed))
    return removed


def find_chromium(configured: str | None = None) -> str | None:
    """The Chromium (or Chrome) binary to use: ``configured`` if given, else the first on PATH."""
    if configured:
        return shutil.which(configured) or (configured if Path(configured).is_file() else None)
    return next((found for name in _CANDIDATES if (found := shutil.which(name))), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Chromium:
    """A headless Chromium with a DevTools endpoint on 127.0.0.1, owned by this process."""

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self._process: subprocess.Popen[bytes] | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self.cdp_url: str | None = None

    @property
    def pid(self) -> int | None:
        """The browser's process id while it runs."""
        return None if self._process is None else self._process.pid

    @property
    def profile(self) -> Path | None:
        """Its profile folder while it runs."""
        return None if self._profile is None else Path(self._profile.name)

    async def start(self, timeout_s: float = 30.0) -> str:
        """Start it and wait until its DevTools endpoint answers; returns the endpoint URL."""
        port = _free_port()
        clean_stale_profiles()
        self._profile = tempfile.TemporaryDirectory(
            prefix=f"{_PROFILE_PREFIX}{os.getpid()}-", ignore_cleanup_errors=True
        )
        command = [
            self.executable, *_FLAGS, f"--remote-debugging-port={port}",
            f"--user-data-dir={self._profile.name}", "about:blank",
        ]  # fmt: skip
        # the death signal is tied to the thread that forks: this one is the event loop's, which
        # lives as long as the process that uses the browser
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=functools.partial(_die_with_parent, ctypes.CDLL(None, use_errno=True)),  # noqa: PLW1509
        )
        url = f"http://127.0.0.1:{port}"
        deadline = asyncio.get_running_loop().time() + timeout_s
        while asyncio.get_running_loop().time() < deadline:
            if self._process.poll() is not None:
                break
            try:
                await asyncio.to_thread(_devtools_version, url)
            except OSError:
                await asyncio.sleep(0.1)
                continue
            self.cdp_url = url
            return url
        self.stop()
        raise RuntimeError(f"{self.executable} did not open its DevTools port within {timeout_s:g} s")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self._process = None
        if self._profile is not None:
            _remove_profile(self._profile)
            self._profile = None


def _remove_profile(profile: tempfile.TemporaryDirectory[str], tries: int = 20) -> None:
    """Remove the profile folder. Chromium's helper processes can still write a file into it just
    after the browser exits, so the first removal can leave the folder behind (seen once in CI):
    removed again, 0.1 s apart, while it is there."""
    for _ in range(tries):
        profile.cleanup()
        if not os.path.exists(profile.name):
            return
        time.sleep(0.1)


def _devtools_version(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/json/version", timeout=1) as response:
        data: dict[str, Any] = json.load(response)
    return data


def _import_crawl4ai() -> Any:
    # Crawl4AI reads its base directory when imported and creates folders there (DESIGN §5)
    base = Path(tempfile.gettempdir()) / "jobscraper-crawl4ai"
    os.environ.setdefault("CRAWL4_AI_BASE_DIRECTORY", str(base))
    os.environ.setdefault("CRAWL4AI_NO_CLOUD_NOTICE", "1")
    import crawl4ai

    return crawl4ai


class BrowserFetcher(Fetcher):
    """A Fetcher that renders each page in Chromium (for ``render_js`` companies)."""

    def __init__(
        self,
        settings: ScrapingSettings,
        *,
        limiter: Slots | None = None,
        breaker: CircuitBreaker | None = None,
        on_request: RequestObserver | None = None,
    ) -> None:
        super().__init__(settings, limiter=limiter, breaker=breaker, on_request=on_request)
        self._chromium: Chromium | None = None
        self._crawler: Any = None
        self._run_config: Any = None
        self._starting = asyncio.Lock()

    async def _browser(self, url: str) -> Any:
        async with self._starting:
            if self._crawler is not None:
                return self._crawler
            cdp_url = self._settings.cdp_url
            if cdp_url is None:
                executable = find_chromium(self._settings.chromium_path)
                if executable is None:
                    where = self._settings.chromium_path or " or ".join(_CANDIDATES[:2])
                    raise ScrapeError(  # not retried: asking again will not install it
                        url,
                        f"render_js needs Chromium and none was found ({where}): install it "
                        "(apt-get install chromium), or set scraping.chromium_path or scraping.cdp_url",
                    )
                self._chromium = Chromium(executable)
                try:
                    cdp_url = await self._chromium.start()
                except (OSError, RuntimeError) as exc:
                    self._chromium = None
                    raise ScrapeError(url, f"could not start Chromium: {exc}") from exc
            crawl4ai = _import_crawl4ai()
            config = crawl4ai.BrowserConfig(
                browser_mode="custom",
                cdp_url=cdp_url,
                create_isolated_context=True,  # a page per render: shared pages race when concurrent
                user_agent=self._settings.user_agent,
                verbose=False,
            )
            crawler = crawl4ai.AsyncWebCrawler(config=config)
            await crawler.start()
            self._run_config = crawl4ai.CrawlerRunConfig(
                cache_mode=crawl4ai.CacheMode.BYPASS,
                page_timeout=int(self._settings.timeout_s * 1000),
                check_robots_txt=False,  # checked by Fetcher.get, with the same rules as plain HTTP
                verbose=False,
            )
            self._crawler = crawler
            return crawler

    async def aclose(self) -> None:
        if self._crawler is not None:
            await self._crawler.close()
            self._crawler = None
        if self._chromium is not None:
            self._chromium.stop()
            self._chromium = None
        await super().aclose()

    async def _once(self, url: str, domain: str) -> Fetched:
        crawler = await self._browser(url)
        async with self._request(domain):  # a failure inside is counted against the domain
            result = await crawler.arun(url, config=self._run_config)
            status = result.status_code
            headers = {k.lower(): v for k, v in (result.response_headers or {}).items()}
            if status is not None and status >= 400:
                raise status_error(url, status, headers.get("retry-after"))
            html = result.html or ""
            if not html:  # navigation failed: no response at all
                reason = (result.error_message or "no page").strip().splitlines()[0]
                raise SourceUnavailable(url, f"browser: {reason[:300]}")
            if len(html.encode("utf-8", "replace")) > self._max_bytes:
                raise ParseError(url, f"response larger than {self._settings.max_response_mb:g} MB")
            # Crawl4AI flags small pages as "anti-bot" (success=False) even with status 200: the DOM is
            # still what the site served, so it is parsed like any other page
            return Fetched(result.redirected_url or url, status or 200, headers.get("content-type", ""), html)
