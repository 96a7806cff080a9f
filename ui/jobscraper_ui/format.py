"""Turning the API's JSON into what the pages show: short texts, badges, safe descriptions.

Pure functions (no Reflex), so they are unit-tested on their own. The names of boards, statuses
and pay intervals come from :mod:`jobscraper.vocabulary`, never typed here again.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from jobscraper.store.work_mode import work_mode
from jobscraper.vocabulary import BOARD_SITES, INTERVAL_UNIT, JOB_STATUSES
from jobscraper.vocabulary import SITES as BOARD_TABLE
from jobscraper_ui.card_names import board_names, company_name

__all__ = [
    "BOARDS",
    "FIT_FAIR",
    "FIT_GOOD",
    "STATUSES",
    "UNAVAILABLE_BOARDS",
    "ago",
    "apply_href",
    "epoch_s",
    "fit_band",
    "job_row",
    "money",
    "safe_href",
    "safe_markdown",
    "salary_text",
]

STATUSES = list(JOB_STATUSES)
"""Where the user is with a job, in funnel order (the status select, the status filter)."""
BOARDS = list(BOARD_SITES)
"""The job boards a search may be run on (JobSpy's and the remote boards; not the unavailable
ones), one checkbox each on the Searches and Scrape pages."""
UNAVAILABLE_BOARDS = {name: site.unavailable for name, site in BOARD_TABLE.items() if site.unavailable}
"""The boards listed but not offered, each with why (Google Jobs: python-jobspy says it is out)."""
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "JPY": "¥"}
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"\\?([<>&])")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# a markdown link or a reference definition: its text and its target
_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+).*$", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_href(url: str | None) -> str:
    """``url`` when it is an absolute http(s) URL with a host, else "" (render it as plain text).

    Third-party URLs (a Lever ``applyUrl``, an imported ``job_url_direct``, a ``company_url``) can
    be ``javascript:`` or ``data:`` URLs that run in the UI's origin when clicked; only http(s)
    ever becomes a link. Browsers drop tabs and newlines inside a scheme (``java\tscript:``), so
    a URL holding a control character is refused too.
    """
    if not url or _CONTROL.search(url.strip()):
        return ""
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return ""
    return candidate if parts.scheme.lower() in ("http", "https") and parts.hostname else ""


def safe_markdown(text: str | None) -> str:
    """A third-party description as markdown that can only ever render as text.

    Descriptions are scraped from other people's sites. Every ``<``/``>``/``&`` is escaped, so
    raw HTML (``<script>``, ``<img onerror=…>``, ``<iframe>``) shows as the characters it is made
    of; images become their alt text, so opening a job loads nothing from a third-party host.
    Links stay links only when they are http(s) (:func:`safe_href`); any other link shows its text.
    """
    if not text:
        return ""
    # a markdown backslash-escape of one of them (html-to-markdown writes a literal "<" as "\<")
    # goes too: the backslash would make the entity show as its letters
    escaped = _MARKUP.sub(lambda m: _ENTITIES[m.group(1)], text)
    shown = _IMAGE.sub(lambda m: m.group(1) or "(image)", escaped)
    linked = _LINK.sub(lambda m: m.group(0) if safe_href(m.group(2)) else m.group(1), shown)
    return _REFERENCE.sub(lambda m: m.group(0) if safe_href(m.group(1)) else "", linked)


def money(amount: float, currency: str | None) -> str:
    symbol = _SYMBOLS.get((currency or "").upper())
    short = f"{amount / 1000:.0f}k" if amount >= 10_000 else f"{amount:,.0f}"
    return f"{symbol}{short}" if symbol else f"{short} {currency or ''}".strip()


def salary_text(job: dict[str, Any]) -> str:
    """'€60k–80k / year' from the job's own figures (its interval), else the annualised ones."""
    low, high = job.get("min_amount"), job.get("max_amount")
    interval = job.get("interval")
    if low is None and high is None:
        low, high, interval = job.get("salary_annual_min"), job.get("salary_annual_max"), "yearly"
    if low is None and high is None:
        return ""
    currency = job.get("currency")
    if low is not None and high is not None and low != high:
        symbol = _SYMBOLS.get((currency or "").upper())
        high_text = money(high, None)
        text = (
            f"{money(low, currency)}–{high_text}"
            if symbol
            else f"{money(low, None)}–{high_text} {currency or ''}"
        )
    else:
        only = low if low is not None else high
        text = money(float(only or 0), currency)
    text = text.strip()
    return f"{text} / {INTERVAL_UNIT.get(interval or '', interval)}" if interval else text


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def epoch_s(value: str | datetime | None) -> int:
    """A moment as whole seconds since 1970 (0 for none): the Jobs page marks a job new by
    comparing its first sighting with the last visit's, and numbers compare in the browser."""
    when = _parse(value) if isinstance(value, str) or value is None else value
    if when is None:
        return 0
    return int((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp())


def ago(value: str | date | None, now: datetime | None = None) -> str:
    """'3 days ago' for a date or datetime (or its ISO text); '' when there is none."""
    if isinstance(value, date):  # a datetime is a date too
        value = value.isoformat()
    if not value:
        return ""
    now = now or datetime.now(UTC)
    if len(value) == 10:  # a date
        try:
            days = (now.date() - date.fromisoformat(value)).days
        except ValueError:
            return ""
        return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"
    when = _parse(value)
    if when is None:
        return ""
    seconds = max(0, int((now - when).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n > 1 else ''} ago"
    return "just now"


def job_row(job: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """What a job card shows (every value a string, a bool or a list of strings)."""
    where = job.get("location") or ""
    # the Api's work_mode: the same rule as its remote filter (jobscraper.store.work_mode)
    mode = job.get("work_mode") or work_mode(job.get("remote_policy"), job.get("is_remote"))
    return {
        "id": str(job["id"]),
        "title": job.get("title") or "(untitled)",
        "company": company_name(job),
        "location": where,
        "remote": mode if mode in ("remote", "hybrid") else "",
        "salary": salary_text(job),
        "posted": ago(job.get("date_posted"), now) or f"seen {ago(job.get('first_seen'), now)}",
        "sites": board_names(job),
        "seen_at": epoch_s(job.get("first_seen")),
        "skills": list((job.get("skills") or [])[:8]),
        # the extraction says "unknown" when the posting does not say: no badge for that
        "seniority": "" if job.get("seniority") in (None, "", "unknown") else str(job["seniority"]),
        "favorite": bool(job.get("favorite")),
        "status": job.get("status") or "new",
        "notes": job.get("notes") or "",
        "archived": bool(job.get("archived_at")),
        "url": job.get("job_url_direct") or job.get("job_url") or "",
        "href": apply_href(job),
    }


FIT_GOOD = 70
"""A fit at least this high is a good one (green); below :data:`FIT_FAIR`, a poor one (gray)."""
FIT_FAIR = 40


def fit_band(fit: int | None, sunk: bool = False) -> str:
    """The colour of a fit badge: red when a hard preference sank the job, else green, amber or
    gray by how high the fit is; "" when there is no fit (no badge is shown)."""
    if fit is None:
        return ""
    if sunk:
        return "red"
    return "green" if fit >= FIT_GOOD else "amber" if fit >= FIT_FAIR else "gray"


def apply_href(job: dict[str, Any]) -> str:
    """Where 'Apply' leads: the direct URL, else the board's — the first of them that is http(s)."""
    return safe_href(job.get("job_url_direct")) or safe_href(job.get("job_url"))
