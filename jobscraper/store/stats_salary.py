"""The Analytics page's salary charts (:func:`salaries`), exact, from one counted read.

Salaries repeat (a million jobs hold ~36,000 distinct (currency, salary) pairs), so one unsorted
read of ``ix_job_stats`` counted per pair (a ``Counter`` over the driver's rows: linear, where a
``GROUP BY`` sorts every salary) gives every currency's distinct values with their counts; the
median, the 95th percentile and each bucket's count are read off the running counts exactly as off
the full sorted list. 0.45 s instead of 1.35 s at a million jobs (a sorted read per currency).
:func:`plain_salaries` reads every value (the tests' oracle).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate
from typing import Any, cast

from pydantic import BaseModel
from sqlalchemy import Connection, and_, func, select
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.tables import JOB

__all__ = ["MAX_SALARY_BUCKETS", "SalaryBucket", "SalaryStats", "plain_salaries", "salaries"]

MAX_SALARY_BUCKETS = 15
_MIN_BUCKET_WIDTH = 10_000.0
_RANGE_QUANTILE = 0.95  # bucket widths fit the range up to this quantile; the rest is the open tail

_SALARY = func.coalesce(JOB.c.salary_annual_max, JOB.c.salary_annual_min)
"""``salary_annual`` as its definition: SQLite reads a virtual generated column from the row, never
from an index, while these two are in ``ix_job_stats``."""


class SalaryBucket(BaseModel):
    """Jobs with an annual salary in ``[low, high)``; ``high`` is None for the open-ended last bucket."""

    low: float
    high: float | None
    count: int


class SalaryStats(BaseModel):
    """Annual salaries of the jobs in one ``currency`` (None: the jobs that name none); salaries
    in different currencies do not compare, so each has its own."""

    currency: str | None
    count: int
    median: float | None
    buckets: list[SalaryBucket]


def salaries(conn: Connection, active: ColumnElement[bool]) -> list[SalaryStats]:
    """Annual salaries (``salary_annual``: the max, else the min) of active jobs, one
    :class:`SalaryStats` per currency: most jobs first (ties: alphabetically), the jobs that name
    no currency last (``currency`` None) — every salaried job is in one of them, none dropped.

    Buckets start at the lowest salary rounded down to a "nice" width: the smallest of 10,000,
    25,000, 50,000, 100,000, 250,000, … with which buckets up to the one holding the 95th
    percentile, plus one open-ended bucket after them, are at most :data:`MAX_SALARY_BUCKETS`.
    The open-ended last bucket takes everything above (often nothing: count 0), so a few outliers
    (a misread hourly rate) do not stretch the chart. Empty buckets in between are listed with 0.
    """
    stmt = select(JOB.c.currency, _SALARY).where(active, _SALARY.is_not(None))
    result = conn.execute(stmt)
    try:  # the driver's own rows: SQLAlchemy's cost three times as much to count
        per_pair: Counter[tuple[Any, Any]] = Counter(cast(Iterable[tuple[Any, Any]], result.cursor))
    finally:
        result.close()
    per_currency: dict[Any, list[tuple[float, int]]] = {}
    for (currency, value), n in per_pair.items():
        per_currency.setdefault(currency, []).append((float(value), n))
    found = []
    for currency, pairs in per_currency.items():
        pairs.sort()
        found.append(_salary(currency, [v for v, _ in pairs], list(accumulate(n for _, n in pairs))))
    return sorted(found, key=lambda s: (s.currency is None, -s.count, s.currency or ""))


def plain_salaries(conn: Connection, active: ColumnElement[bool]) -> list[SalaryStats]:
    """:func:`salaries` from every salary, one sorted read per currency (each value counted once)."""
    has_salary = and_(active, _SALARY.is_not(None))
    groups = conn.execute(select(JOB.c.currency).where(has_salary).group_by(JOB.c.currency))
    found = []
    for (currency,) in groups:
        same = JOB.c.currency.is_(None) if currency is None else JOB.c.currency == currency
        values = [
            float(v)
            for v in conn.execute(select(_SALARY).where(has_salary, same).order_by(_SALARY)).scalars()
        ]
        found.append(_salary(currency, values, list(range(1, len(values) + 1))))
    return sorted(found, key=lambda s: (s.currency is None, -s.count, s.currency or ""))


def _salary(currency: Any, values: list[float], upto: list[int]) -> SalaryStats:
    """One currency's chart from its distinct ``values`` in order and, for each, how many salaries
    are at most it (``upto``, the running count)."""
    n, low = upto[-1], values[0]

    def nth(rank: int) -> float:  # the rank-th salary (from 0) of the full sorted list
        return values[bisect_left(upto, rank + 1)]

    def below(edge: float) -> int:  # how many salaries are below edge
        i = bisect_left(values, edge)
        return upto[i - 1] if i else 0

    median = (nth((n - 1) // 2) + nth(n // 2)) / 2
    top = nth(max(math.ceil(_RANGE_QUANTILE * n) - 1, 0))
    width = _nice_width(low, top)
    start = math.floor(low / width) * width
    size = min(int((top - start) // width) + 2, MAX_SALARY_BUCKETS)  # the closed buckets and the open one
    edges = [below(start + i * width) for i in range(size)] + [n]
    buckets = [
        SalaryBucket(low=start + i * width, high=start + (i + 1) * width, count=edges[i + 1] - edges[i])
        for i in range(size)
    ]
    buckets[-1].high = None  # the open-ended last bucket
    return SalaryStats(
        currency=None if currency is None else str(currency), count=n, median=median, buckets=buckets
    )


def _nice_width(low: float, top: float) -> float:
    """The smallest of 10,000, 25,000, 50,000, 100,000, 250,000, … with which the buckets from
    ``low`` (rounded down to the width) to the one holding ``top``, and one open-ended bucket
    after them, are at most :data:`MAX_SALARY_BUCKETS`."""
    scale = _MIN_BUCKET_WIDTH
    while True:
        for step in (1.0, 2.5, 5.0):
            width = step * scale
            if (top - math.floor(low / width) * width) // width + 2 <= MAX_SALARY_BUCKETS:
                return width
        scale *= 10
