"""One config file (``jobscraper.yaml``) → one validated :class:`Settings` object.

Precedence, highest first: ``JOBSCRAPER_…`` environment variables (nested fields joined with
``__``, e.g. ``JOBSCRAPER_SCRAPING__MAX_CONCURRENCY=4``), then the YAML file, then the defaults
below. Settings are built once in the driver and passed explicitly to actors and deployments;
nothing else reads the environment for configuration.
"""

from __future__ import annotations

import os
import re
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from jobscraper.errors import ConfigError

__all__ = [
    "CompanyConfig",
    "DatabaseSettings",
    "ExtractionSettings",
    "OverflowSettings",
    "PoolSettings",
    "RaySettings",
    "SavedSearch",
    "ScrapingSettings",
    "ServeSettings",
    "Settings",
    "UISettings",
    "check_api_token",
    "default_config_path",
    "load_settings",
    "settings_to_yaml",
]

ENV_PREFIX = "JOBSCRAPER_"
CONFIG_ENV = "JOBSCRAPER_CONFIG"
DEFAULT_CONFIG_NAME = "jobscraper.yaml"

JOBSPY_SITES = (
    "linkedin",
    "indeed",
    "zip_recruiter",
    "glassdoor",
    "google",
    "bayt",
    "naukri",
    "bdjobs",
    "hellowork",
)


MIN_TOKEN_LENGTH = 16
NAME_MAX = 200  # names of searches and companies: shown in lists and run labels
URL_MAX = 2048
_YEAR_S = 366 * 24 * 3600
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HOST = re.compile(r"^[A-Za-z0-9._:%\[\]-]{1,253}$")


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters (tabs, newlines, NUL, …)")
    return value


def _host(value: str) -> str:
    """A host name or address to bind to or be reached by: letters, digits, ``.-:[]%`` only."""
    _no_control(value)
    if not _HOST.match(value):
        raise ValueError(
            "must be a host name or IP address (letters, digits, '.', '-', ':', '[]'), 1-253 long"
        )
    return value


def _url(value: str, schemes: tuple[str, ...]) -> str:
    """A URL with one of ``schemes``, a host, and a port (if any) in 1-65535."""
    _no_control(value)
    if len(value) > URL_MAX or " " in value:
        raise ValueError(f"must be a URL without spaces, at most {URL_MAX} characters")
    parts = urlsplit(value)
    if parts.scheme.lower() not in schemes or not parts.hostname:
        raise ValueError(f"must be a {' or '.join(s + '://' for s in schemes)} URL with a host")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError("its port must be a number in 1-65535") from exc
    if port == 0:
        raise ValueError("its port must be a number in 1-65535")
    return value


class _Section(BaseModel):
    """Base of every config section: unknown keys are errors (a typo must not pass silently), and
    no float is infinite or NaN (``timeout_s: .inf`` would mean never)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


class DatabaseSettings(_Section):
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
        _no_control(str(path))
        if path.expanduser().is_dir():
            raise ValueError(f"{path} is a directory: give the SQLite file's path, e.g. {path / 'jobs.db'}")
        return path

    @field_validator("url")
    @classmethod
    def _supported_url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        _no_control(url)
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
        try:
            port = urlsplit(url).port
        except ValueError as exc:
            raise ValueError("its port must be a number in 1-65535") from exc
        if port == 0:
            raise ValueError("its port must be a number in 1-65535")
        return url


class SavedSearch(_Section):
    """A job-board search run through python-jobspy."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    term: str = Field(min_length=1, max_length=500, description="search term, e.g. 'python developer'")
    location: str | None = Field(None, max_length=NAME_MAX)
    sites: list[str] = Field(default_factory=lambda: ["linkedin", "indeed"])
    distance_miles: int | None = Field(None, ge=0, le=20_000)
    is_remote: bool = False
    job_type: Literal["fulltime", "parttime", "internship", "contract"] | None = None
    hours_old: int | None = Field(None, ge=1, le=24 * 3660)
    results_wanted: int = Field(50, ge=1, le=1000)
    country: str = Field("usa", max_length=64, description="country for Indeed/Glassdoor")
    enabled: bool = True
    interval_s: int | None = Field(
        None,
        ge=1,
        le=_YEAR_S,
        description="start a run this often, in seconds (scheduler.min_interval_s at least)",
    )

    @field_validator("name", "term", "location", "country")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        return None if value is None else _no_control(value)

    @field_validator("sites")
    @classmethod
    def _known_sites(cls, sites: list[str]) -> list[str]:
        unknown = [s for s in sites if s not in JOBSPY_SITES]
        if unknown:
            raise ValueError(f"unknown site(s) {unknown}; allowed: {', '.join(JOBSPY_SITES)}")
        if not sites:
            raise ValueError("at least one site is required")
        return sites


class CompanyConfig(_Section):
    """A company whose career page or ATS board is scraped directly."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    url: str = Field(
        min_length=1, max_length=URL_MAX, description="career page, ATS board URL or ATS API endpoint"
    )
    ats: Literal["auto", "greenhouse", "lever", "ashby", "html"] = "auto"
    render_js: bool = Field(False, description="render with a system Chromium (slower)")
    enabled: bool = True
    interval_s: int | None = Field(
        None,
        ge=1,
        le=_YEAR_S,
        description="start a run this often, in seconds (scheduler.min_interval_s at least)",
    )
    url_from_api: bool = Field(
        False,
        exclude=True,
        description="set by the API, never in a file: the URL came in over HTTP, so its scrape "
        "applies the URL policy (jobscraper.urlpolicy) unless scraping.allow_private_urls",
    )

    @field_validator("name")
    @classmethod
    def _printable(cls, name: str) -> str:
        return _no_control(name)

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return _url(url, ("http", "https"))


class SchedulerSettings(_Section):
    """The scheduler actor that starts runs of saved searches and companies that carry an interval."""

    enabled: bool = Field(True, description="runs when the Serve app is deployed (serve, ui)")
    tick_s: float = Field(15.0, gt=0, le=86_400, description="how often it looks for due entries")
    min_interval_s: int = Field(
        300,
        ge=1,
        le=_YEAR_S,
        description="the shortest interval an entry may have: job boards ban eager scrapers",
    )


class DomainLimit(_Section):
    """Overrides of the per-domain politeness limits for one domain."""

    concurrency: int = Field(ge=1, le=1000)
    min_delay_s: float = Field(0.0, ge=0, le=3600)


class ScrapingSettings(_Section):
    """Exact concurrency limits, retries and politeness for every source."""

    max_concurrency: int = Field(8, ge=1, le=10_000, description="requests in flight across all sources")
    per_domain_concurrency: int = Field(2, ge=1, le=1000)
    per_domain_min_delay_s: float = Field(
        1.0, ge=0, le=3600, description="minimum gap between requests to one domain"
    )
    domains: dict[str, DomainLimit] = Field(default_factory=dict)
    respect_robots_txt: bool = True
    timeout_s: float = Field(30.0, gt=0, le=3600)
    max_retries: int = Field(4, ge=0, le=100)
    max_response_mb: float = Field(10.0, gt=0, le=1024)
    proxies: list[str] = Field(default_factory=list)
    user_agent: str = Field("jobscraper/0.1 (+self-hosted job search)", min_length=1, max_length=500)
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
            _url(proxy if "://" in proxy else f"http://{proxy}", ("http", "https"))
        return proxies

    @field_validator("user_agent")
    @classmethod
    def _printable(cls, value: str) -> str:
        return _no_control(value)

    @field_validator("cdp_url")
    @classmethod
    def _cdp_url(cls, url: str | None) -> str | None:
        return None if url is None else _url(url, ("http", "https", "ws", "wss"))


class PoolSettings(_Section):
    """One LLM pool (a Serve deployment holding one engine)."""

    model: str = "Qwen/Qwen2.5-1.5B-Instruct"
    gpu_fraction: float = Field(0.5, gt=0, le=1, description="Ray num_gpus of the replica")
    gpu_memory_utilization: float = Field(0.45, gt=0, le=1, description="vLLM share of GPU memory")
    max_model_len: int = Field(4096, ge=256, le=10_000_000)
    max_num_seqs: int = Field(64, ge=1, le=100_000)
    enable_prefix_caching: bool = True
    quantization: str | None = None
    num_replicas: int = Field(1, ge=1, le=1000)
    engine_kwargs: dict[str, Any] = Field(default_factory=dict)


class OverflowSettings(_Section):
    """Where prompts beyond the long-context pool's window go."""

    mode: Literal["truncate", "openai"] = "truncate"
    base_url: str | None = None
    model: str | None = None
    api_key_env: str = "OPENAI_API_KEY"

    @field_validator("base_url")
    @classmethod
    def _endpoint(cls, url: str | None) -> str | None:
        return None if url is None else _url(url, ("http", "https"))

    @model_validator(mode="after")
    def _openai_needs_endpoint(self) -> OverflowSettings:
        if self.mode == "openai" and not (self.base_url and self.model):
            raise ValueError("mode 'openai' needs base_url and model")
        return self


class OpenAISettings(_Section):
    """An OpenAI-compatible endpoint used as the main engine (engine: openai)."""

    base_url: str = "http://127.0.0.1:8001/v1"
    model: str = "qwen2.5-7b-instruct"
    api_key_env: str = "OPENAI_API_KEY"
    timeout_s: float = Field(60.0, gt=0, le=3600)
    max_concurrency: int = Field(8, ge=1, le=1000, description="requests in flight at once for one batch")
    max_retries: int = Field(
        4, ge=0, le=100, description="retries on 429, 5xx, timeouts and connection errors"
    )

    @field_validator("base_url")
    @classmethod
    def _endpoint(cls, url: str) -> str:
        return _url(url, ("http", "https"))


class ExtractionSettings(_Section):
    """The LLM enrichment service: engine, router thresholds, the two pools, overflow."""

    enabled: bool = True
    engine: Literal["rules", "outlines", "vllm", "openai"] = "rules"
    batch_size: int = Field(16, ge=1, le=100_000)
    throughput_max_tokens: int = Field(
        2048, ge=1, le=10_000_000, description="prompts shorter go to the throughput pool"
    )
    long_context_max_tokens: int = Field(
        16384, ge=1, le=10_000_000, description="prompts shorter go to the long pool"
    )
    throughput_pool: PoolSettings = Field(default_factory=lambda: PoolSettings(max_model_len=4096))
    long_context_pool: PoolSettings = Field(
        default_factory=lambda: PoolSettings(max_model_len=20480, max_num_seqs=8)
    )
    overflow: OverflowSettings = Field(default_factory=OverflowSettings)
    openai: OpenAISettings = Field(default_factory=OpenAISettings)

    @model_validator(mode="after")
    def _thresholds_and_gpu_share(self) -> ExtractionSettings:
        if self.throughput_max_tokens >= self.long_context_max_tokens:
            raise ValueError(
                f"throughput_max_tokens ({self.throughput_max_tokens}) must be below "
                f"long_context_max_tokens ({self.long_context_max_tokens})"
            )
        if self.engine == "vllm":
            pools = (self.throughput_pool, self.long_context_pool)
            fractions = sum(p.gpu_fraction for p in pools)
            utilisation = sum(p.gpu_memory_utilization for p in pools)
            if fractions > 1.0 + 1e-9:
                raise ValueError(
                    f"the two pools share one GPU: gpu_fraction {pools[0].gpu_fraction} + "
                    f"{pools[1].gpu_fraction} = {fractions:g} exceeds 1"
                )
            if utilisation > 1.0 + 1e-9:
                raise ValueError(
                    "the two pools share one GPU: gpu_memory_utilization "
                    f"{pools[0].gpu_memory_utilization} + {pools[1].gpu_memory_utilization} "
                    f"= {utilisation:g} exceeds 1"
                )
        return self


class ServeSettings(_Section):
    """The Ray Serve HTTP API."""

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
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
        return _host(host)

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, hosts: list[str]) -> list[str]:
        return [_host(h) for h in hosts]

    @field_validator("api_token_env")
    @classmethod
    def _env_name(cls, name: str) -> str:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,127}", name):
            raise ValueError("must be an environment variable name (letters, digits, _)")
        return name


class UISettings(_Section):
    """The Reflex web UI."""

    host: str = Field(
        "127.0.0.1",
        description="the UI has no login of its own: keep it on loopback, or behind a proxy that has one",
    )
    port: int = Field(3000, ge=1, le=65535)
    poll_interval_s: float = Field(
        0.5, gt=0, le=3600, description="how often the Scrape page polls a live run"
    )
    api_url: str = Field("http://127.0.0.1:8000", description="the jobscraper HTTP API the UI talks to")

    @field_validator("host")
    @classmethod
    def _a_host(cls, host: str) -> str:
        return _host(host)

    @field_validator("api_url")
    @classmethod
    def _api_url(cls, url: str) -> str:
        return _url(url, ("http", "https"))


class RaySettings(_Section):
    """How jobscraper starts or joins Ray."""

    address: str | None = Field(None, description="join this cluster (e.g. 'auto', 'ray://host:10001')")
    namespace: str = "jobscraper"
    auth_mode: Literal["token", "disabled"] = Field(
        "token",
        description="RAY_AUTH_MODE applied to every head, driver and CLI jobscraper starts",
    )
    use_cluster_writer: bool = Field(
        True, description="CLI writes go through a running cluster's WriterActor for the same database"
    )
    num_cpus: int | None = Field(None, ge=1, le=1_000_000)
    num_gpus: float | None = Field(None, ge=0, le=10_000)
    dashboard_port: int = Field(8265, ge=1, le=65535)
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


# The YAML data of the file being loaded; read by the settings source below. A context variable
# rather than a global so concurrent loads (tests, threads) cannot see each other's file.
_yaml_data: ContextVar[dict[str, Any]] = ContextVar("jobscraper_yaml_data", default={})  # noqa: B039


class _YamlSource(PydanticBaseSettingsSource):
    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return _yaml_data.get().get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_yaml_data.get())


class Settings(BaseSettings):
    """Everything jobscraper can be told, validated as one object."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        validate_assignment=True,
    )

    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    searches: list[SavedSearch] = Field(default_factory=list)
    companies: list[CompanyConfig] = Field(default_factory=list)
    scraping: ScrapingSettings = Field(default_factory=ScrapingSettings)
    extraction: ExtractionSettings = Field(default_factory=ExtractionSettings)
    serve: ServeSettings = Field(default_factory=ServeSettings)
    ui: UISettings = Field(default_factory=UISettings)
    ray: RaySettings = Field(default_factory=RaySettings)
    scheduler: SchedulerSettings = Field(default_factory=SchedulerSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _YamlSource(settings_cls))

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        for label, names in (
            ("searches", [s.name for s in self.searches]),
            ("companies", [c.name for c in self.companies]),
        ):
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ValueError(f"{label}: duplicate name(s) {dupes}")
        least = self.scheduler.min_interval_s
        for label, entries in (("searches", self.searches), ("companies", self.companies)):
            for entry in entries:
                if entry.interval_s is not None and entry.interval_s < least:
                    raise ValueError(
                        f"{label}: {entry.name!r} has interval_s {entry.interval_s}, below "
                        f"scheduler.min_interval_s ({least})"
                    )
        return self


def default_config_path() -> Path:
    """``$JOBSCRAPER_CONFIG`` if set, else ``./jobscraper.yaml``."""
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_NAME)


def _env_name(loc: tuple[int | str, ...]) -> str:
    return ENV_PREFIX + "__".join(str(p).upper() for p in loc if isinstance(p, str))


def _describe(exc: ValidationError, source: str) -> str:
    lines = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        env = _env_name(loc) if loc else ""
        where = f"env {env}" if env and env in os.environ else source
        reason = err["msg"].removeprefix("Value error, ")
        given = err.get("input")
        shown = "" if isinstance(given, dict | list) or given is None else f" (got {given!r:.80})"
        lines.append(f"{where}: {field}: {reason}{shown}")
    return "\n".join(lines)


def load_settings(path: Path | str | None = None, *, required: bool | None = None) -> Settings:
    """Load and validate the settings.

    ``path`` None means :func:`default_config_path`; a missing default file is fine (defaults
    apply), a missing file that was named explicitly is a :class:`ConfigError`.
    """
    explicit = path is not None or CONFIG_ENV in os.environ
    cfg = Path(path) if path is not None else default_config_path()
    must_exist = explicit if required is None else required
    data: dict[str, Any] = {}
    if cfg.exists():
        try:
            loaded = yaml.safe_load(cfg.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise ConfigError(f"{cfg}:{at}: not valid YAML: {problem}") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{cfg}: cannot read: {exc}") from exc
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{cfg}: top level must be a mapping of sections, got {type(loaded).__name__}")
        data = loaded
    elif must_exist:
        raise ConfigError(f"{cfg}: no such config file (run `jobscraper init` to write one)")
    _check_env_sections()
    token = _yaml_data.set(data)
    try:
        settings = Settings()
    except ValidationError as exc:
        raise ConfigError(_describe(exc, str(cfg))) from exc
    finally:
        _yaml_data.reset(token)
    env = settings.serve.api_token_env
    check_api_token(os.environ.get(env, "").strip() or None, f"env {env}")
    return settings


def _check_env_sections() -> None:
    """A ``JOBSCRAPER_SECTION__FIELD`` variable whose section does not exist is an error, not
    ignored (a typo must not pass silently). Names without ``__`` are left alone: they may be the
    project's other variables (``JOBSCRAPER_CONFIG``, the API token)."""
    known = sorted(Settings.model_fields)
    for name in sorted(os.environ):
        if not name.upper().startswith(ENV_PREFIX) or "__" not in name:
            continue
        section = name[len(ENV_PREFIX) :].split("__", 1)[0].lower()
        if section not in known:
            raise ConfigError(
                f"env {name}: there is no config section {section!r}; the sections are {', '.join(known)}"
            )


def check_api_token(token: str | None, where: str) -> None:
    """Refuse an API token too short to resist guessing (``where`` names its source)."""
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ConfigError(
            f"{where}: the API token has {len(token)} characters; use at least {MIN_TOKEN_LENGTH} "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )


def settings_to_yaml(settings: Settings) -> str:
    """The effective settings as YAML (what ``jobscraper config show`` prints)."""
    return yaml.safe_dump(settings.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
