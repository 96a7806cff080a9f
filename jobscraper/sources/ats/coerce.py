"""Coercion helpers every ATS adapter shares: loose JSON values into the types a Posting takes.

ATS APIs are loosely typed (numbers as strings, empty strings for "none", booleans where text
belongs); every helper here answers None (or an empty container) for a value it cannot use rather
than raising, so one odd field never fails a posting.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any

__all__ = [
    "as_date",
    "as_dict",
    "as_list",
    "as_num",
    "as_str",
    "epoch_ms_date",
    "interval_word",
    "job_type",
    "join_places",
    "salary_fields",
    "workplace",
]

_JOB_TYPES = re.compile(
    r"(?P<internship>intern)|(?P<parttime>part)|(?P<fulltime>full|permanent)"
    r"|(?P<contract>contract|freelance)|(?P<temporary>temp|fixedterm)"
)


def as_str(value: Any) -> str | None:
    """Stripped text; numbers as text; None for empty text, booleans and anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_num(value: Any) -> float | None:
    """A positive finite number from a number or a numeric string ("85,000"); else None."""
    if isinstance(value, str):
        try:
            value = float(value.replace(",", ""))
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value > 0 else None


def epoch_ms_date(value: Any) -> date | None:
    """The UTC calendar date of a millisecond epoch timestamp."""
    millis = as_num(value)
    try:
        return datetime.fromtimestamp(millis / 1000, UTC).date() if millis else None
    except (OverflowError, OSError, ValueError):  # a timestamp beyond the calendar
        return None


def as_date(value: Any) -> date | None:
    """The calendar date at the start of an ISO date or date-time, as the source wrote it."""
    try:  # the calendar date in the source's own offset
        return date.fromisoformat((as_str(value) or "")[:10])
    except ValueError:
        return None


def join_places(values: list[Any]) -> str | None:
    """Distinct non-empty locations in order, "; "-joined (each one may contain commas)."""
    seen: list[str] = []
    for value in values:
        text = as_str(value)
        if text and text.lower() not in (s.lower() for s in seen):
            seen.append(text)
    return "; ".join(seen) or None


def job_type(value: Any) -> str | None:
    """An ATS employment type ("Full-time", "FullTime", "Intern", …) in JobSpy's vocabulary."""
    text = re.sub(r"[^a-z]", "", (as_str(value) or "").lower())
    match = _JOB_TYPES.search("intern" if "intern" in text else text)  # "Intern, full-time": intern
    return match.lastgroup if match else None


def interval_word(value: Any) -> str | None:
    """Lever "per-year-salary"/"per-hour-wage", Ashby "1 YEAR"/"1 HOUR" → "year"/"hour"/….

    Posting maps the unit word onto JobSpy's interval ("yearly", "hourly", …).
    """
    text = (as_str(value) or "").lower()
    match = re.search(r"year|annual|month|week|day|hour", text)
    # "2 WEEK" has no JobSpy interval; "one-time" none either.
    return match.group() if match and not re.match(r"\s*([2-9]|\d{2,})", text) else None


def salary_fields(low: Any, high: Any, currency: Any, interval: str | None) -> dict[str, Any]:
    """A Posting's salary columns from a range; {} when neither end is a positive number."""
    lo, hi = as_num(low), as_num(high)
    if lo is None and hi is None:
        return {}
    return dict(
        min_amount=lo,
        max_amount=hi,
        currency=as_str(currency),
        interval=interval,
        salary_source="direct_data",
    )


def workplace(value: Any, location: str | None) -> tuple[bool | None, str | None]:
    """(is_remote, work_from_home_type) from a workplace type ("remote", "on-site", "OnSite", …)."""
    kind = re.sub(r"[^a-z]", "", (as_str(value) or "").lower())
    if kind in ("remote", "hybrid", "onsite"):
        return kind == "remote", kind
    return (True if location and "remote" in location.lower() else None), None
