"""The config sections of the database, the scheduler, scraping limits, the API, the UI and Ray."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from jobscraper.config.checks import YEAR_S, Section, no_control, port_in_range
from jobscraper.config.checks import host as host_check
from jobscraper.config.checks import url as url_check

__all__ = [
    "DatabaseSettings",
    "DomainLimit",
    "RaySettings",
    "SchedulerSettings",
    "ScrapingSettings",
    "ServeSettings",
    "UISettings",
]


class DatabaseSettings(Section):
    """Where the job database lives and how stale jobs age out."""

    path: Path = Field(Path("data/jobs.db"), description="SQLite file; created on first use")
    url: str | None = Field(
        None,
        description="a SQLAlchemy URL used instead of path, e.g. postgresql+psycopg://user:pass@host/db "
        "(needs the `postgres` extra); the database must exist, its tables are created on first use",
    )
    busy_timeout_ms: int = Field(
        10_000, ge=0, le=3_600_000, description="how long a reader/writer waits for a lock"
    )
    archive_after_days: float = Field(
        30,
        gt=0,
        le=36_500,
        description="a job not seen by a scrape for this long is archived (never deleted)",
    )

    @field_validator("path")
    @classmethod
    def _a_file(cls, path: Path) -> Path:
        no_control(str(path))
        if path.expanduser().is_dir():
            raise ValueError(f"{path} is a directory: give the SQLite file's path, e.g. {path / 'jobs.db'}")
        return path

    @field_validator("url")
    @classmethod
    def _supported_url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        no_control(url)
        scheme, sep, rest = url.partition("://")
        dialect, _, driver = scheme.lower().partition("+")
        if not sep or not rest:
            raise ValueError("must be a URL such as postgresql+psycopg://user:password@host:5432/dbname")
        if dialect not in ("sqlite", "postgresql"):
            raise ValueError(
                f"unsupported database {dialect!r}: only sqlite (better set path) and postgresql "
                "(postgresql+psycopg://…) are supported"
            )
        tested = {"sqlite": ("", "pysqlite"), "postgresql": ("", "psycopg")}[dialect]
        if driver not in tested:
            raise ValueError(f"unsupported driver {driver!r} for {dialect}: use {dialect}+{tested[-1]}://…")
        port_in_range(url)
        return url


class SchedulerSettings(Section):
    """The scheduler (a loop in the coordinator's process) that starts runs of saved searches and companies
    that carry an interval."""

    enabled: bool = Field(True, description="runs when the Serve app is deployed (serve, ui)")
    tick_s: float = Field(15.0, gt=0, le=86_400, description="how often it looks for due entries")
    min_interval_s: int = Field(
        300,
        ge=1,
        le=YEAR_S,
        description="the shortest interval an entry may have: job boards ban eager scrapers",
    )


class DomainLimit(Section):
    """Overrides of the per-domain politeness limits for one domain."""

    concurrency: int = Field(ge=1, le=1000, description="requests in flight to this domain")
    min_delay_s: float = Field(0.0, ge=0, le=3600, description="minimum gap between two requests' starts")


class ScrapingSettings(Section):
    """Exact concurrency limits, retries and politeness for every source."""

    max_concurrency: int = Field(8, ge=1, le=10_000, description="requests in flight across all sources")
    per_domain_concurrency: int = Field(2, ge=1, le=1000, description="requests in flight to one domain")
    workers: int | Literal["auto"] = Field(
        "auto",
        description="ScraperActors in a coordinator's pool, 1-256, or auto: one per two CPUs of the "
        "cluster when the coordinator starts (at least one per node), at most max_concurrency and 16, "
        "never fewer than 2",
    )
    per_domain_min_delay_s: float = Field(
        1.0, ge=0, le=3600, description="minimum gap between requests to one domain"
    )
    domains: dict[str, DomainLimit] = Field(default_factory=dict)
    respect_robots_txt: bool = Field(True, description="skip what a site's robots.txt disallows")
    timeout_s: float = Field(30.0, gt=0, le=3600, description="per request")
    max_retries: int = Field(
        4, ge=0, le=100, description="exponential backoff with jitter; Retry-After honoured on 429/503"
    )
    max_response_mb: float = Field(10.0, gt=0, le=1024, description="a response body stops at this size")
    proxies: list[str] = Field(
        default_factory=list, description="http(s) proxies rotated per request, e.g. user:pass@host:port"
    )
    user_agent: str = Field(
        "jobscraper/0.1 (+self-hosted job search)",
        min_length=1,
        max_length=500,
        description="the User-Agent header of every request",
    )
    max_pages_per_site: int = Field(20, ge=1, le=10_000, description="listing pages followed per career site")
    max_detail_pages: int = Field(
        500, ge=1, le=100_000, description="job detail pages fetched per career site"
    )
    chromium_path: str | None = Field(
        None, description="Chromium/Chrome binary for render_js companies (default: found on PATH)"
    )
    cdp_url: str | None = Field(
        None, description="DevTools endpoint of a browser you already run, used instead of starting one"
    )
    allow_private_urls: bool = Field(
        False,
        description="let URLs that come in over the API or the web UI point at loopback, private, "
        "link-local or cloud-metadata addresses (off: such URLs are refused; see the README's "
        "security model). URLs from the command line or this file are never checked",
    )
    jobspy_base_url: str | None = Field(
        None,
        description="demo only: send the job boards' requests (JobSpy's, the remote boards' and the "
        "liveness checks of their job pages) to this local board instead of the real sites; set by "
        "`jobscraper demo` / `ui --demo`",
    )

    @field_validator("workers", mode="before")
    @classmethod
    def _workers(cls, value: object) -> int | str:
        # one line for every bad value (a union's own errors would list one per member)
        text = str(value).strip().lower()
        if text == "auto":
            return "auto"
        if not isinstance(value, bool) and text.isdigit() and 1 <= int(text) <= 256:
            return int(text)
        raise ValueError("must be auto or a whole number of workers from 1 to 256")

    @field_validator("proxies")
    @classmethod
    def _http_proxies(cls, proxies: list[str]) -> list[str]:
        for proxy in proxies:
            scheme = proxy.split("://", 1)[0].lower() if "://" in proxy else "http"
            if scheme not in ("http", "https"):
                raise ValueError(
                    f"{proxy!r}: only http(s) proxies are supported (host:port, user:pass@host:port "
                    "or http://…); career pages and ATS APIs are fetched with aiohttp"
                )
            url_check(proxy if "://" in proxy else f"http://{proxy}", ("http", "https"))
        return proxies

    @field_validator("user_agent")
    @classmethod
    def _printable(cls, value: str) -> str:
        return no_control(value)

    @field_validator("cdp_url")
    @classmethod
    def _cdp_url(cls, url: str | None) -> str | None:
        return None if url is None else url_check(url, ("http", "https", "ws", "wss"))

    @field_validator("jobspy_base_url")
    @classmethod
    def _jobspy_base_url(cls, url: str | None) -> str | None:
        return None if url is None else url_check(url, ("http", "https"))


class ServeSettings(Section):
    """The Ray Serve HTTP API."""

    host: str = Field(
        "127.0.0.1", description="the address the API binds; any but loopback requires the token"
    )
    port: int = Field(8000, ge=1, le=65535, description="the API's port")
    api_token_env: str = Field(
        "JOBSCRAPER_API_TOKEN",
        description="env var holding the token required off-loopback",
    )
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Host header names the API answers besides localhost, 127.0.0.1, [::1], serve.host "
        "and the host of ui.api_url (e.g. the name a reverse proxy forwards); others get 400",
    )
    max_body_mb: float = Field(
        1.0, gt=0, le=1024, description="request bodies larger than this are refused with 413"
    )

    @field_validator("host")
    @classmethod
    def _a_host(cls, host: str) -> str:
        return host_check(host)

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, hosts: list[str]) -> list[str]:
        return [host_check(h) for h in hosts]

    @field_validator("api_token_env")
    @classmethod
    def _env_name(cls, name: str) -> str:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,127}", name):
            raise ValueError("must be an environment variable name (letters, digits, _)")
        return name


class UISettings(Section):
    """The Reflex web UI."""

    host: str = Field(
        "127.0.0.1",
        description="the UI has no login of its own: keep it on loopback, or behind a proxy that has one",
    )
    port: int = Field(3000, ge=1, le=65535, description="the UI's pages and its backend, one port")
    poll_interval_s: float = Field(
        0.5, gt=0, le=3600, description="how often the Scrape page polls a live run"
    )
    api_url: str = Field("http://127.0.0.1:8000", description="the jobscraper HTTP API the UI talks to")

    @field_validator("host")
    @classmethod
    def _a_host(cls, host: str) -> str:
        return host_check(host)

    @field_validator("api_url")
    @classmethod
    def _api_url(cls, url: str) -> str:
        return url_check(url, ("http", "https"))


class RaySettings(Section):
    """How jobscraper starts or joins Ray."""

    address: str | None = Field(None, description="join this cluster (e.g. 'auto', 'ray://host:10001')")
    namespace: str = Field("jobscraper", description="the Ray namespace of the named actors")
    auth_mode: Literal["token", "disabled"] = Field(
        "token",
        description="RAY_AUTH_MODE applied to every head, driver and CLI jobscraper starts",
    )
    use_cluster_writer: bool = Field(
        True, description="CLI writes go through a running cluster's WriterActor for the same database"
    )
    num_cpus: int | None = Field(None, ge=1, le=1_000_000, description="CPUs of a local Ray (null: all)")
    num_gpus: float | None = Field(None, ge=0, le=10_000, description="GPUs of a local Ray (null: detected)")
    dashboard: bool = Field(
        False,
        description="start the Ray dashboard with a local Ray (`jobscraper ui`/`serve`): about 300 MB "
        "in a dozen processes, so off unless asked; a cluster's head decides for itself",
    )
    dashboard_port: int = Field(8265, ge=1, le=65535, description="the Ray dashboard of a local Ray")
    metrics_export_port: int = Field(
        8080,
        ge=1,
        le=65535,
        description="Prometheus endpoint of a local Ray jobscraper starts (http://host:PORT/metrics); "
        "a cluster's nodes take `ray start --metrics-export-port`",
    )
    host_monitor_interval_s: float = Field(
        5.0,
        ge=0,
        le=86_400,
        description="how often each node's HostMonitor samples RAM, swap, CPU and GPU; 0: off",
    )
