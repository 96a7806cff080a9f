"""What every config section shares: unknown keys and non-finite numbers refused, and the checks of
names, hosts and URLs that several sections apply."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

__all__ = [
    "MIN_TOKEN_LENGTH",
    "NAME_MAX",
    "URL_MAX",
    "YEAR_S",
    "Section",
    "host",
    "no_control",
    "port_in_range",
    "url",
]

MIN_TOKEN_LENGTH = 16
NAME_MAX = 200  # names of searches and companies: shown in lists and run labels
URL_MAX = 2048
YEAR_S = 366 * 24 * 3600
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HOST = re.compile(r"^[A-Za-z0-9._:%\[\]-]{1,253}$")


def no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters (tabs, newlines, NUL, …)")
    return value


def host(value: str) -> str:
    """A host name or address to bind to or be reached by: letters, digits, ``.-:[]%`` only."""
    no_control(value)
    if not _HOST.match(value):
        raise ValueError(
            "must be a host name or IP address (letters, digits, '.', '-', ':', '[]'), 1-253 long"
        )
    return value


def url(value: str, schemes: tuple[str, ...]) -> str:
    """A URL with one of ``schemes``, a host, and a port (if any) in 1-65535."""
    no_control(value)
    if len(value) > URL_MAX or " " in value:
        raise ValueError(f"must be a URL without spaces, at most {URL_MAX} characters")
    parts = urlsplit(value)
    if parts.scheme.lower() not in schemes or not parts.hostname:
        raise ValueError(f"must be a {' or '.join(s + '://' for s in schemes)} URL with a host")
    port_in_range(value)
    return value


def port_in_range(value: str) -> None:
    """Refuse a URL whose port (if it names one) is not a number in 1-65535."""
    try:
        port = urlsplit(value).port
    except ValueError as exc:
        raise ValueError("its port must be a number in 1-65535") from exc
    if port == 0:
        raise ValueError("its port must be a number in 1-65535")


class Section(BaseModel):
    """Base of every config section: unknown keys are errors (a typo must not pass silently), and
    no float is infinite or NaN (``timeout_s: .inf`` would mean never)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)
