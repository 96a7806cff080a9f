"""The whole configuration as one :class:`Settings` object, loaded from the YAML file and the
environment (see the package's docstring for precedence)."""

from __future__ import annotations

import os
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from jobscraper.config.alerts import AlertSettings
from jobscraper.config.checks import MIN_TOKEN_LENGTH
from jobscraper.config.entries import CompanyConfig, SavedSearch
from jobscraper.config.extraction import ExtractionSettings
from jobscraper.config.liveness import LivenessSettings
from jobscraper.config.matching import MatchingSettings
from jobscraper.config.sections import (
    DatabaseSettings,
    RaySettings,
    SchedulerSettings,
    ScrapingSettings,
    ServeSettings,
    UISettings,
)
from jobscraper.errors import ConfigError

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_CONFIG_NAME",
    "ENV_PREFIX",
    "Settings",
    "check_api_token",
    "default_config_path",
    "load_settings",
    "settings_to_yaml",
]

ENV_PREFIX = "JOBSCRAPER_"
CONFIG_ENV = "JOBSCRAPER_CONFIG"
DEFAULT_CONFIG_NAME = "jobscraper.yaml"

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
    matching: MatchingSettings = Field(default_factory=MatchingSettings)
    serve: ServeSettings = Field(default_factory=ServeSettings)
    ui: UISettings = Field(default_factory=UISettings)
    ray: RaySettings = Field(default_factory=RaySettings)
    scheduler: SchedulerSettings = Field(default_factory=SchedulerSettings)
    liveness: LivenessSettings = Field(default_factory=LivenessSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)

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
    """The effective settings as YAML (what ``jobscraper config show`` prints), with the password
    of ``database.url`` shown as ``***``: the one secret a config holds (every other one is named
    by the environment variable that holds it), and the output gets pasted into bug reports."""
    data = settings.model_dump(mode="json")
    if settings.database.url:
        data["database"]["url"] = hide_password(settings.database.url)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def hide_password(url: str) -> str:
    """``url`` with its password as ``***`` (a URL that does not parse is shown as it is: it holds
    nothing a parser could find)."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
