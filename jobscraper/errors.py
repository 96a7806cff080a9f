"""The project's exception trees, one per boundary.

Each adapter translates third-party errors into these with ``raise ... from exc`` so callers
handle one vocabulary:

- ``JobscraperError`` — root of everything the project raises on purpose.
  - ``ConfigError`` — a config file or override is invalid; the message names the file,
    the field and what is allowed.
  - ``StoreError`` — the job database cannot do what was asked.
    - ``NotFound`` — an id that does not exist.
    - ``InputError`` — an input file or value cannot be used (bad CSV, bad JSON line, bad
      filter value); the message says where and why.
    - ``Conflict`` — a name already taken (a saved search's name, a watched company's
      normalised name); the message names it. The Api answers 409.
  - ``ScrapeError`` — a source could not be scraped; ``source`` names it (a site or a URL).
    - ``RateLimited`` — the source asked us to slow down (429/503); ``retry_after`` seconds if
      it said how long.
    - ``Blocked`` — the source refuses us (403, captcha, robots.txt); retrying will not help.
    - ``SourceUnavailable`` — network error, timeout, 5xx: may work later.
    - ``ParseError`` — the source answered, but not in a shape we can read.
  - ``ExtractionError`` — a posting could not be enriched.
    - ``SchemaViolation`` — the model's output did not validate, even after one repair.
    - ``ExtractionUnavailable`` — the engine could not be reached (retries spent); the posting
      is left pending and extracted on a later pass, never recorded as failed.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "Blocked",
    "ConfigError",
    "Conflict",
    "ExtractionError",
    "ExtractionUnavailable",
    "InputError",
    "JobscraperError",
    "NotFound",
    "ParseError",
    "RateLimited",
    "SchemaViolation",
    "ScrapeError",
    "SourceUnavailable",
    "StoreError",
]


class JobscraperError(Exception):
    """Root of every error jobscraper raises on purpose; its message is meant for the user."""


class ConfigError(JobscraperError):
    """The configuration is invalid. The message names file, field and reason."""


class StoreError(JobscraperError):
    """The job database could not do what was asked."""


class NotFound(StoreError):
    """An id that does not exist in the database."""


class InputError(StoreError):
    """An input (file, row, filter value) cannot be used; the message says where and why."""


class Conflict(StoreError):
    """What was asked clashes with what is stored (a name already taken); the message names it."""


class ScrapeError(JobscraperError):
    """A source could not be scraped. Never reported as "0 jobs"."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries (Ray) intact
        return (type(self), (self.source, self.reason))


class RateLimited(ScrapeError):
    """The source asked us to slow down (HTTP 429/503), maybe saying for how long."""

    def __init__(self, source: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(source, message)
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.reason, self.retry_after))


class Blocked(ScrapeError):
    """The source refuses us (403, a captcha page, robots.txt); retrying will not help."""


class SourceUnavailable(ScrapeError):
    """Network error, timeout or 5xx: the source may work later."""


class ParseError(ScrapeError):
    """The source answered, but not in a shape we can read (malformed page or JSON)."""


class ExtractionError(JobscraperError):
    """A posting could not be turned into :class:`~jobscraper.extraction.JobDetails`."""


class SchemaViolation(ExtractionError):
    """The engine answered, but its output is not valid JSON for the schema (after one repair)."""


class ExtractionUnavailable(ExtractionError):
    """The engine or endpoint could not be reached; trying again later may work."""
