"""One config file (``jobscraper.yaml``) → one validated :class:`Settings` object.

Precedence, highest first: ``JOBSCRAPER_…`` environment variables (nested fields joined with
``__``, e.g. ``JOBSCRAPER_SCRAPING__MAX_CONCURRENCY=4``), then the YAML file, then the defaults
below. Settings are built once in the driver and passed explicitly to actors and deployments;
nothing else reads the environment for configuration.

The sections live in submodules (:mod:`.checks` shared checks, :mod:`.entries` searches and
companies, :mod:`.extraction`, :mod:`.sections` the rest, :mod:`.settings` the whole and its
loading); import them from here.
"""

from jobscraper.config.alerts import AlertSettings
from jobscraper.config.checks import MIN_TOKEN_LENGTH, NAME_MAX, URL_MAX
from jobscraper.config.entries import JOBSPY_SITES, CompanyConfig, SavedSearch
from jobscraper.config.extraction import ExtractionSettings, OpenAISettings, OverflowSettings, PoolSettings
from jobscraper.config.liveness import LivenessSettings
from jobscraper.config.matching import MatchingSettings
from jobscraper.config.sections import (
    DatabaseSettings,
    DomainLimit,
    RaySettings,
    SchedulerSettings,
    ScrapingSettings,
    ServeSettings,
    UISettings,
)
from jobscraper.config.settings import (
    CONFIG_ENV,
    DEFAULT_CONFIG_NAME,
    ENV_PREFIX,
    Settings,
    check_api_token,
    default_config_path,
    load_settings,
    settings_to_yaml,
)

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_CONFIG_NAME",
    "ENV_PREFIX",
    "JOBSPY_SITES",
    "MIN_TOKEN_LENGTH",
    "NAME_MAX",
    "URL_MAX",
    "AlertSettings",
    "CompanyConfig",
    "DatabaseSettings",
    "DomainLimit",
    "ExtractionSettings",
    "LivenessSettings",
    "MatchingSettings",
    "OpenAISettings",
    "OverflowSettings",
    "PoolSettings",
    "RaySettings",
    "SavedSearch",
    "SchedulerSettings",
    "ScrapingSettings",
    "ServeSettings",
    "Settings",
    "UISettings",
    "check_api_token",
    "default_config_path",
    "load_settings",
    "settings_to_yaml",
]
