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
"""

from __future__ import annotations

__all__ = ["ConfigError", "InputError", "JobscraperError", "NotFound", "StoreError"]


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
