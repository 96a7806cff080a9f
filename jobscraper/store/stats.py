"""Numbers about the job database, for the web UI's Analytics page and ``GET /api/stats``.

:func:`job_stats` reads everything in one read transaction (one consistent snapshot), mostly
with SQL aggregates over ``ix_job_stats`` (migration 0013), a narrow index of every column read
here: read from the wide rows (~6 KB a job with its description) each aggregate read the whole
table, and at a million jobs (5 GB) that took ~27 s, 257x the 10k time (``bench/scale.py``).

What counts: *active* jobs (``archived_at IS NULL``) are counted everywhere; archived jobs only
in ``totals["archived"]``. Hidden jobs are counted in ``totals["hidden"]`` and otherwise like any
other active job — the page describes the whole search, not only what the job list shows.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, and_, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.models import JobStatus
from jobscraper.store.blocklist import not_blocked
from jobscraper.store.db import Database
from jobscraper.store.enrich import needs_extraction
from jobscraper.store.search_list import blocklist_empty
from jobscraper.store.stats_skills import top_skills
from jobscraper.store.tables import JOB, SOURCE

__all__ = [
    "FUNNEL_STAGES",
    "MAX_SALARY_BUCKETS",
    "TOP_SKILLS",
    "DayCount",
    "FunnelStage",
    "JobStats",
    "SalaryBucket",
    "SalaryStats",
    "SkillCount",
    "job_stats",
    "job_totals",
]

TOP_SKILLS = 20
MAX_SALARY_BUCKETS = 15
FUNNEL_STAGES: tuple[str, ...] = tuple(s.value for s in JobStatus)
"""The funnel's stages: every status, in the vocabulary's order (the way forward up to *offer*,
then the ways a job leaves it: rejected, withdrawn …)."""
_FORWARD = FUNNEL_STAGES[: FUNNEL_STAGES.index(JobStatus.OFFER.value) + 1]
_STAGE_OF_STATUS = {s: i for i, s in enumerate(_FORWARD)}
_INTERESTED, _APPLIED = _FORWARD.index(JobStatus.INTERESTED.value), _FORWARD.index(JobStatus.APPLIED.value)
_APPLIED_STATUSES = {JobStatus.APPLIED.value, JobStatus.INTERVIEWING.value, JobStatus.OFFER.value}
_MIN_BUCKET_WIDTH = 10_000.0
_RANGE_QUANTILE = 0.95  # bucket widths fit the range up to this quantile; the rest is the open tail


class DayCount(BaseModel):
    """How many (active) jobs were first seen on ``day`` (a UTC date)."""

    day: date
    new: int


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


class SkillCount(BaseModel):
    """How many jobs list ``skill`` (in any letter case; shown in its most frequent spelling)."""

    skill: str
    count: int


class FunnelStage(BaseModel):
    """One status of the application funnel: how many jobs have it now (``count``) and how many got
    at least this far (``reached``: this status or a later one on the way to an offer; a job that
    left the way, rejected or withdrawn, counts up to where it got). For the statuses that end the
    way (rejected, withdrawn) ``reached`` is ``count``."""

    stage: str
    count: int
    reached: int


class JobStats(BaseModel):
    """Everything the Analytics page shows; see :func:`job_stats`."""

    totals: dict[str, int]
    per_day: list[DayCount]
    by_source: dict[str, int]
    by_status: dict[str, int]
    salary: SalaryStats
    salaries: list[SalaryStats] = []
    """Every currency's salaries, most jobs first (``salary`` is the first one)."""
    top_skills: list[SkillCount]
    funnel: list[FunnelStage]


_ACTIVE = and_(JOB.c.archived_at.is_(None), not_blocked(JOB))  # blocked companies count nowhere


def _active(conn: Connection) -> ColumnElement[bool]:
    """Active and not blocked; without a blocklist rule no job is blocked, and leaving out the
    blocklist's three subqueries per job made ``status`` and ``stats`` several times faster."""
    return JOB.c.archived_at.is_(None) if blocklist_empty(conn) else _ACTIVE


def job_stats(db: Database, *, days: int = 30, today: date | None = None) -> JobStats:
    """Counts, activity, sources, statuses, salaries, skills and the application funnel.

    - ``totals``: ``jobs`` (active), ``archived``, and among active jobs ``favorites``, ``hidden``,
      ``extracted`` (extraction stored details), ``pending_extraction`` (what
      :func:`~jobscraper.store.enrich.count_pending` counts) and ``applied`` (an applied date, or a
      status of applied, interviewing or offer);
    - ``per_day``: jobs first seen on each of the ``days`` UTC dates ending ``today`` (default: the
      current UTC date), oldest first, days without any as 0;
    - ``by_source``: jobs per site they were seen on (a job on two sites counts on both), most first;
    - ``by_status``: every :class:`JobStatus`, in funnel order, 0 when none;
    - ``salaries`` (every currency) and ``salary`` (the most common one): see :func:`_salaries`;
    - ``top_skills``, ``funnel``: see :func:`_top_skills`, :func:`_funnel`.

    Archived jobs count only in ``totals["archived"]``; hidden ones count like any other.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    last = today or datetime.now(UTC).date()
    with db.reader() as conn:
        active = _active(conn)
        totals = job_totals(conn)
        statuses = _status_counts(conn, active)
        by_status = {s.value: sum(n for (st, _), n in statuses.items() if st == s.value) for s in JobStatus}
        totals["applied"] = sum(
            n for (st, applied), n in statuses.items() if applied or st in _APPLIED_STATUSES
        )
        salaries = _salaries(conn, active)
        return JobStats(
            totals=totals,
            per_day=_per_day(conn, active, days, last),
            by_source=_by_source(conn, active),
            by_status=by_status,
            salary=salaries[0] if salaries else SalaryStats(currency=None, count=0, median=None, buckets=[]),
            salaries=salaries,
            top_skills=_top_skills(conn, active),
            funnel=_funnel(statuses),
        )


_SALARY = func.coalesce(JOB.c.salary_annual_max, JOB.c.salary_annual_min)
"""``salary_annual`` as its definition: SQLite reads a virtual generated column from the row, never
from an index, while these two are in ``ix_job_stats``."""


def _count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def job_totals(conn: Connection) -> dict[str, int]:
    """Everything but ``applied`` (which :func:`job_stats` derives from the status counts)."""
    unblocked = blocklist_empty(conn)
    active = JOB.c.archived_at.is_(None) if unblocked else _ACTIVE
    archived = JOB.c.archived_at.is_not(None)
    row = conn.execute(
        select(
            _count_if(active).label("jobs"),
            _count_if(archived if unblocked else and_(archived, not_blocked(JOB))).label("archived"),
            _count_if(and_(active, JOB.c.favorite.is_(True))).label("favorites"),
            _count_if(and_(active, JOB.c.hidden.is_(True))).label("hidden"),
            # the same condition as count_pending, but inside this snapshot
            _count_if(needs_extraction()).label("pending_extraction"),
        )
    ).one()
    totals = {key: int(value) for key, value in row._mapping.items()}
    # apart: `extracted` is too wide for ix_job_stats; ix_job_extracted holds the jobs that have it
    extracted = select(func.count()).where(active, JOB.c.extracted.is_not(None))
    pending = totals.pop("pending_extraction")
    totals["extracted"] = int(conn.execute(extracted).scalar_one())
    totals["pending_extraction"] = pending  # the order the totals always had
    return totals


def _status_counts(conn: Connection, active: ColumnElement[bool]) -> dict[tuple[str, bool], int]:
    """Active jobs per (status, has an applied date)."""
    has_date = JOB.c.applied_at.is_not(None)
    rows = conn.execute(
        select(JOB.c.status, has_date.label("applied"), func.count())
        .where(active)
        .group_by(JOB.c.status, has_date)
    )
    return {(str(status), bool(applied)): int(n) for status, applied, n in rows}


def _funnel(statuses: dict[tuple[str, bool], int]) -> list[FunnelStage]:
    """Every status with the jobs that have it now and the jobs that got at least that far.

    On the way forward (new → interested → applied → interviewing → offer) a job reached its
    status and every one before it (every job starts *new*). A job that left the way (rejected,
    withdrawn) reached *applied* if it has an applied date, else *interested*.
    """
    now = dict.fromkeys(FUNNEL_STAGES, 0)
    reached = [0] * len(_FORWARD)
    for (status, applied), n in statuses.items():
        if status in now:
            now[status] += n
        stage = _STAGE_OF_STATUS.get(status)
        if stage is None:  # off the way forward
            stage = _APPLIED if applied else _INTERESTED
        for i in range(stage + 1):
            reached[i] += n
    return [
        FunnelStage(stage=s, count=now[s], reached=reached[i] if i < len(_FORWARD) else now[s])
        for i, s in enumerate(FUNNEL_STAGES)
    ]


def _per_day(conn: Connection, active: ColumnElement[bool], days: int, last: date) -> list[DayCount]:
    """Active jobs first seen on each of the ``days`` UTC dates ending ``last``, zero-filled.

    ``first_seen`` is stored as naive UTC text, so SQLite's ``date()`` gives its UTC date; the
    range test on the column itself uses its index.
    """
    first = last - timedelta(days=days - 1)
    start = datetime.combine(first, time(), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC)
    day = func.date(JOB.c.first_seen)
    rows = conn.execute(
        select(day, func.count())
        .where(active, JOB.c.first_seen >= start, JOB.c.first_seen < end)
        .group_by(day)
    )
    counts = {date.fromisoformat(str(d)): int(n) for d, n in rows}
    return [DayCount(day=d, new=counts.get(d, 0)) for d in (first + timedelta(days=i) for i in range(days))]


def _by_source(conn: Connection, active: ColumnElement[bool]) -> dict[str, int]:
    """Active jobs per site of their sources (each job once per site), most first, then by name."""
    jobs = func.count(SOURCE.c.job_id.distinct())
    rows = conn.execute(
        select(SOURCE.c.site, jobs)
        .select_from(SOURCE.join(JOB, JOB.c.id == SOURCE.c.job_id))
        .where(active)
        .group_by(SOURCE.c.site)
        .order_by(jobs.desc(), SOURCE.c.site)
    )
    return {str(site): int(n) for site, n in rows}


def _salaries(conn: Connection, active: ColumnElement[bool]) -> list[SalaryStats]:
    """Annual salaries (``salary_annual``: the max, else the min) of active jobs, one
    :class:`SalaryStats` per currency: most jobs first (ties: alphabetically), the jobs that name
    no currency last (``currency`` None) — every salaried job is in one of them, none dropped.

    Buckets start at the lowest salary rounded down to a "nice" width: the smallest of 10,000,
    25,000, 50,000, 100,000, 250,000, … with which buckets up to the one holding the 95th
    percentile, plus one open-ended bucket after them, are at most :data:`MAX_SALARY_BUCKETS`.
    The open-ended last bucket takes everything above (often nothing: count 0), so a few outliers
    (a misread hourly rate) do not stretch the chart. Empty buckets in between are listed with 0.
    """
    has_salary = and_(active, _SALARY.is_not(None))
    groups = conn.execute(select(JOB.c.currency, func.count()).where(has_salary).group_by(JOB.c.currency))
    ranked = sorted(groups, key=lambda g: (g[0] is None, -g[1], g[0] or ""))
    return [_salary(conn, has_salary, currency) for currency, _ in ranked]


def _salary(conn: Connection, has_salary: ColumnElement[bool], currency: str | None) -> SalaryStats:
    """The salaries in one currency: count, median and buckets (see :func:`_salaries`)."""
    same = JOB.c.currency.is_(None) if currency is None else JOB.c.currency == currency
    # one sorted read (one number per job) serves the median, the quantile and, by bisection, the
    # bucket counts: three times faster on 100k jobs than a sorted query for each of them
    stmt = select(_SALARY).where(has_salary, same).order_by(_SALARY)
    values = [float(v) for v in conn.execute(stmt).scalars()]
    n, low = len(values), values[0]
    median = (values[(n - 1) // 2] + values[n // 2]) / 2
    top = values[max(math.ceil(_RANGE_QUANTILE * n) - 1, 0)]
    width = _nice_width(low, top)
    start = math.floor(low / width) * width
    size = min(int((top - start) // width) + 2, MAX_SALARY_BUCKETS)  # the closed buckets and the open one
    edges = [bisect_left(values, start + i * width) for i in range(size)] + [n]
    buckets = [
        SalaryBucket(low=start + i * width, high=start + (i + 1) * width, count=edges[i + 1] - edges[i])
        for i in range(size)
    ]
    buckets[-1].high = None  # the open-ended last bucket
    return SalaryStats(currency=currency, count=n, median=median, buckets=buckets)


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


def _top_skills(conn: Connection, active: ColumnElement[bool]) -> list[SkillCount]:
    """The :data:`TOP_SKILLS` skills listed by the most active jobs (``job.skills``, a JSON array);
    see :mod:`.stats_skills`."""
    return [SkillCount(skill=name, count=n) for name, n in top_skills(conn, active, TOP_SKILLS)]
