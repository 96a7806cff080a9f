"""``Posting``: one scraped job posting as it crosses into the store.

Its fields are python-jobspy's ``JobPost`` columns, so a JobSpy DataFrame row, a JobSpy CSV row
(``scrape_jobs(...).to_csv()``), a JSONL line or our own export all validate into it. Values arrive
as strings from CSV: the validators below turn ``""``/``"nan"`` into None and comma-joined lists
into lists. Unknown columns are ignored (so an export with user fields re-imports, without ever
writing those user fields).

Links are http(s) or nothing (DESIGN §3, security model): ``job_url`` must be an http(s) URL with a
host (a posting without one is rejected, with that reason), and the other link fields
(``job_url_direct``, ``company_url``, ``company_url_direct``, ``company_logo``) keep only such a
URL — a ``javascript:``, ``data:`` or otherwise unusable one from a third-party payload or an
imported file becomes None, so nothing else can be stored and later rendered as a link.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field, field_validator, model_validator

from jobscraper.job_fields import ScrapedFields
from jobscraper.vocabulary import ANNUAL_FACTOR, normal_interval

__all__ = ["ANNUAL_FACTOR", "LINK_FIELDS", "SHORT_TEXT_MAX", "Posting", "annualise", "is_http_url"]

SHORT_TEXT_MAX = 500
"""The longest title, company or location kept (characters; the rest is cut)."""
# The fields that hold a link besides ``job_url`` (which is required and must be one).
LINK_FIELDS = ("job_url_direct", "company_url", "company_url_direct", "company_logo")


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in (
        "",
        "nan",
        "none",
        "null",
        "nat",
    )


def is_http_url(value: str) -> bool:
    """True for an absolute ``http://`` or ``https://`` URL with a host and no control characters
    (a browser drops tabs and line breaks, so ``java\tscript:`` would read as ``javascript:``)."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)


def annualise(amount: float | None, interval: str | None) -> float | None:
    """``amount`` per ``interval`` as a yearly figure (JobSpy's factors); None if unknown."""
    if amount is None or interval is None:
        return None
    factor = ANNUAL_FACTOR.get(interval)
    return None if factor is None else round(amount * factor, 2)


class Posting(ScrapedFields):
    """A scraped posting, normalised. ``job_url`` and ``title`` are required. Its fields are
    :class:`~jobscraper.job_fields.ScrapedFields` (declared once, shared with the job table and the
    public job shape) and the source's own ``id``; the validators below are the posting's."""

    # SQLModel types its config as its own TypedDict (private); pydantic's keys are the same
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)  # type: ignore[assignment]

    id: str | None = Field(None, description="the source's own id (JobSpy `id`)")

    @model_validator(mode="before")
    @classmethod
    def _blanks_to_none(cls, data: Any) -> Any:
        if isinstance(data, dict):
            cleaned = {k: (None if _blank(v) else v) for k, v in data.items()}
            if "source_id" in cleaned:  # our own export: `id` is ours, the source's id is here
                cleaned["id"] = cleaned.pop("source_id")
            return cleaned
        return data

    @field_validator("id", "company_num_employees", "company_revenue", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value) if isinstance(value, int | float) else value

    @field_validator("emails", "skills", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    parsed = json.loads(text)
                except (ValueError, RecursionError):  # not JSON, or nested too deeply: plain text
                    parsed = None
                if isinstance(parsed, list):
                    return [str(v).strip() for v in parsed if str(v).strip()] or None
            return [part.strip() for part in text.split(",") if part.strip()] or None
        return value

    @field_validator("date_posted", mode="before")
    @classmethod
    def _parse_date(cls, value: Any) -> Any:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str) and len(value) > 10 and value[10] in "T ":
            return value[:10]
        return value

    @field_validator("is_remote", mode="before")
    @classmethod
    def _parse_bool(cls, value: Any) -> Any:
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in ("true", "1", "yes", "y", "t"):
                return True
            if lowered in ("false", "0", "no", "n", "f"):
                return False
        return value

    @field_validator("interval", mode="before")
    @classmethod
    def _parse_interval(cls, value: Any) -> Any:
        return normal_interval(value) if isinstance(value, str) else value

    @field_validator("currency", mode="before")
    @classmethod
    def _upper_currency(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("job_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not is_http_url(value):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator(*LINK_FIELDS)
    @classmethod
    def _http_link_or_none(cls, value: str | None) -> str | None:
        return value if value is not None and is_http_url(value) else None

    @field_validator("title", "company", "location")
    @classmethod
    def _short_text(cls, value: str | None) -> str | None:
        """At most ``SHORT_TEXT_MAX`` characters: no real title, company or location is longer, and
        PostgreSQL's indexes of them (the duplicate key, the filters) refuse a value of ~8 kB, which
        failed the whole batch the posting came in."""
        return value[:SHORT_TEXT_MAX] if value is not None else None

    @field_validator("company_rating", "min_amount", "max_amount")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @model_validator(mode="after")
    def _defaults(self) -> Posting:
        if not self.site:
            host = urlsplit(self.job_url).hostname or "unknown"
            self.site = host.removeprefix("www.")
        if self.salary_source is None and (self.min_amount is not None or self.max_amount is not None):
            # the source stated it (JobSpy's term); an extracted salary is marked "extracted" by
            # the store, and only that one may be replaced by a later extraction
            self.salary_source = "direct_data"
        return self

    @property
    def salary_annual_min(self) -> float | None:
        return annualise(self.min_amount, self.interval)

    @property
    def salary_annual_max(self) -> float | None:
        return annualise(self.max_amount, self.interval)
