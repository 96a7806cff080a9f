"""What every remote-job board is: the protocol, one page of what it answered, shared coercions.

A board is one module ``jobscraper.sources.remote.<site>`` (the site's name in
:data:`jobscraper.vocabulary.SITES`) holding ``BOARD``, an object that satisfies
:class:`RemoteBoard`. A board is pure: it says which URL to read first and turns one response body
into a :class:`Page` (postings, entries left out with a reason, the next page's URL). Fetching,
limits, ``Retry-After`` and the local filtering by the search's words and place happen once, in
:mod:`jobscraper.sources.remote.run`, for every board alike.

The boards' terms ask for attribution: every posting keeps ``site`` = the board and ``job_url`` =
the board's own page for the job (the employer's apply link, where given, is ``job_url_direct``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from pydantic import ValidationError

from jobscraper.config import SavedSearch
from jobscraper.errors import ParseError
from jobscraper.posting import Posting
from jobscraper.sources.ats.coerce import as_num, as_str

__all__ = [
    "Page",
    "RemoteBoard",
    "epoch_date",
    "posting",
    "rfc822_date",
    "salary_from_text",
    "shape_error",
]


@dataclass
class Page:
    """One response of a board: usable postings, entries left out (with why), the next page."""

    postings: list[Posting] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    next_url: str | None = None
    total: int | None = None  # how many the board says it has, where it says


class RemoteBoard(Protocol):
    """One remote-job board read through its public API or feed."""

    site: str
    """Its name in :data:`jobscraper.vocabulary.SITES` (what a saved search's ``sites`` names)."""

    def first_url(self, search: SavedSearch) -> str:
        """The first URL to read for ``search`` (the board's own search where it has one)."""
        ...

    def parse(self, text: str, url: str) -> Page:
        """One response body read at ``url``; a :class:`~jobscraper.errors.ParseError` when its
        overall shape is wrong (an error page, HTML where JSON belongs)."""
        ...


def shape_error(url: str, what: str) -> ParseError:
    """The error for a response of the wrong overall shape."""
    return ParseError(url, f"unexpected response: {what}")


def json_jobs(text: str, url: str, key: str) -> tuple[dict[str, Any], list[Any]]:
    """A JSON answer and its list of jobs under ``key``; a ParseError naming the URL otherwise."""
    try:
        payload = json.loads(text)
    except ValueError as exc:
        raise shape_error(url, "not JSON") from exc
    jobs = payload.get(key) if isinstance(payload, dict) else None
    if not isinstance(jobs, list):
        raise shape_error(url, f"no '{key}' list")
    return payload, jobs


def posting(values: dict[str, Any], skipped: list[str]) -> Posting | None:
    """``values`` as a Posting, or None with the reason added to ``skipped`` (a missing title or
    job URL leaves one entry out, never the page)."""
    try:
        return Posting.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = first["loc"][0] if first["loc"] else "?"
        skipped.append(f"{values.get('job_url') or values.get('id') or '?'}: {where}: {first['msg']}")
        return None


def epoch_date(value: Any) -> date | None:
    """The UTC date of a Unix timestamp in seconds, or in milliseconds (Himalayas has sent both)."""
    number = as_num(value)
    if number is None:
        return None
    seconds = number / 1000 if number >= 1e12 else number
    try:
        return datetime.fromtimestamp(seconds, UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def rfc822_date(value: Any) -> date | None:
    """The date of an RSS ``pubDate`` ("Mon, 02 Dec 2024 10:00:00 +0000")."""
    text = as_str(value)
    if text is None:
        return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "₹": "INR"}
_CODE = re.compile(r"\b(USD|EUR|GBP|CAD|AUD|CHF|INR)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"(\d[\d,.]*)\s*(k\b)?", re.IGNORECASE)
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_HOURLY = re.compile(r"/\s*h(ou)?r|hourly|per hour", re.IGNORECASE)
_MONTHLY = re.compile(r"/\s*mo(nth)?|monthly|per month", re.IGNORECASE)


def salary_from_text(text: Any) -> dict[str, Any]:
    """A Posting's salary columns from free text ("$60k - $80k", "€50,000–70,000 per year");
    {} when it names no plausible amount (a salary of "competitive" stays unknown)."""
    words = as_str(text)
    if words is None:
        return {}
    amounts = []
    for raw, thousands in _AMOUNT.findall(words):
        number = raw.rstrip(".,")
        grouped = _GROUPED.fullmatch(number)  # "85,000" or "4.500": digits in groups of three
        value = float(re.sub("[.,]", "", number)) if grouped else as_num(number)
        if value is not None:
            amounts.append(value * 1000 if thousands else value)
    amounts = [a for a in amounts if a >= 5][:2]
    if not amounts:
        return {}
    symbol = next((code for sign, code in _CURRENCIES.items() if sign in words), None)
    code = _CODE.search(words)
    interval = "hourly" if _HOURLY.search(words) else "monthly" if _MONTHLY.search(words) else "yearly"
    return dict(
        min_amount=min(amounts),
        max_amount=max(amounts),
        currency=code.group(1).upper() if code else symbol,
        interval=interval,
        salary_source="direct_data",
    )
