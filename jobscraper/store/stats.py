"""Numbers about the job database, for the web UI's Analytics page and ``GET /api/stats``.

:func:`job_stats` reads everything in one read transaction (one consistent snapshot), mostly
with SQL aggregates over ``ix_job_stats`` (migration 0013), a narrow index of every column read
here: read from the wide rows (~6 KB a job with its description) each aggregate read the whole
table, and at a million jobs (5 GB) that took ~27 s, 257x the 10k time (``bench/scale.py``).
The parts that still cost seconds at a million jobs have modules of their own, each with a plain
version the tests compare it to: :mod:`.stats_counts` (totals and statuses from ``job_count``),
:mod:`.stats_salary` (one grouped read), :mod:`.stats_skills` (the arrays joined and decoded in
bulk). 6.3 s became 2.1 s at a million jobs.

What counts: *active* jobs (``archived_at IS NULL``) are counted everywhere; archived jobs only
in ``totals["archived"]``. Hidden jobs are counted in ``totals["hidden"]`` and otherwise like any
other active job — the page describes the whole search, not only what the job list shows.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, and_, func, literal_column, not_, select, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.models import JobStatus
from jobscraper.store.blocklist import not_blocked
from jobscraper.store.db import Database
from jobscraper.store.search_list import blocklist_empty
from jobscraper.store.stats_counts import job_totals, status_counts
from jobscraper.store.stats_salary import MAX_SALARY_BUCKETS, SalaryBucket, SalaryStats, salaries
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
FUNNEL_STAGES: tuple[str, ...] = tuple(s.value for s in JobStatus)
"""The funnel's stages: every status, in the vocabulary's order (the way forward up to *offer*,
then the ways a job leaves it: rejected, withdrawn …)."""
_FORWARD = FUNNEL_STAGES[: FUNNEL_STAGES.index(JobStatus.OFFER.value) + 1]
_STAGE_OF_STATUS = {s: i for i, s in enumerate(_FORWARD)}
_INTERESTED, _APPLIED = _FORWARD.index(JobStatus.INTERESTED.value), _FORWARD.index(JobStatus.APPLIED.value)
_APPLIED_STATUSES = {JobStatus.APPLIED.value, JobStatus.INTERVIEWING.value, JobStatus.OFFER.value}


class DayCount(BaseModel):
    """How many (active) jobs were first seen on ``day`` (a UTC date)."""

    day: date
    new: int


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
    - ``salaries`` (every currency) and ``salary`` (the most common one): see
      :func:`~jobscraper.store.stats_salary.salaries`;
    - ``top_skills``, ``funnel``: see :func:`_top_skills`, :func:`_funnel`.

    Archived jobs count only in ``totals["archived"]``; hidden ones count like any other.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    last = today or datetime.now(UTC).date()
    with db.reader() as conn:
        active = _active(conn)
        totals = job_totals(conn)
        statuses = status_counts(conn)
        by_status = {s.value: sum(n for (st, _), n in statuses.items() if st == s.value) for s in JobStatus}
        totals["applied"] = sum(
            n for (st, applied), n in statuses.items() if applied or st in _APPLIED_STATUSES
        )
        charts = salaries(conn, active)
        return JobStats(
            totals=totals,
            per_day=_per_day(conn, active, days, last),
            by_source=_by_source(conn, active),
            by_status=by_status,
            salary=charts[0] if charts else SalaryStats(currency=None, count=0, median=None, buckets=[]),
            salaries=charts,
            top_skills=_top_skills(conn, active),
            funnel=_funnel(statuses),
        )


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

    ``first_seen`` is stored as naive UTC text, so SQLite's ``date()`` gives its UTC date. Without
    a blocklist rule the jobs first seen in the window are counted from ``ix_job_first_seen`` (only
    the window's entries), less the archived ones among them (from ``ix_job_stats``' archived part):
    the cost follows the jobs in the window and the archived jobs, not every job (114 ms at a
    million jobs, none of them in the window, reading all of ``ix_job_stats``).
    """
    first = last - timedelta(days=days - 1)
    start = datetime.combine(first, time(), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC)
    day = func.date(JOB.c.first_seen)
    window = and_(JOB.c.first_seen >= start, JOB.c.first_seen < end)
    if active is _ACTIVE or conn.dialect.name != "sqlite":
        counts = _per_date(conn, select(day, func.count()).where(active, window).group_by(day))
    else:
        counts = _per_date(conn, select(day, func.count()).where(window).group_by(day))
        # "+first_seen": not ix_job_first_seen (then each job's row for archived_at) but ix_job_stats
        seen = type_coerce(literal_column("+job.first_seen"), JOB.c.first_seen.type)
        archived = JOB.c.archived_at.is_not(None)
        counts.subtract(
            _per_date(
                conn, select(day, func.count()).where(archived, seen >= start, seen < end).group_by(day)
            )
        )
    return [DayCount(day=d, new=counts[d]) for d in (first + timedelta(days=i) for i in range(days))]


def _per_date(conn: Connection, stmt: Any) -> Counter[date]:
    return Counter({date.fromisoformat(str(d)): int(n) for d, n in conn.execute(stmt)})


def _by_source(conn: Connection, active: ColumnElement[bool]) -> dict[str, int]:
    """Active jobs per site of their sources (each job once per site), most first, then by name.

    On SQLite the sources are read in ``ix_job_source_site_job`` order, leaving out the few jobs
    that are not active (``ix_job_archived_at``), instead of joining every source to its job: 0.2 s
    instead of 0.75 s at a million jobs. PostgreSQL joins (a hash join; ``NOT IN`` a long list
    is slow there).
    """
    jobs = func.count(SOURCE.c.job_id.distinct())
    stmt = select(SOURCE.c.site, jobs).group_by(SOURCE.c.site).order_by(jobs.desc(), SOURCE.c.site)
    if conn.dialect.name == "sqlite":  # every source has its job: foreign keys are on
        stmt = stmt.where(SOURCE.c.job_id.not_in(select(JOB.c.id).where(not_(active))))
    else:
        stmt = stmt.select_from(SOURCE.join(JOB, JOB.c.id == SOURCE.c.job_id)).where(active)
    return {str(site): int(n) for site, n in conn.execute(stmt)}


def _top_skills(conn: Connection, active: ColumnElement[bool]) -> list[SkillCount]:
    """The :data:`TOP_SKILLS` skills listed by the most active jobs (``job.skills``, a JSON array);
    see :mod:`.stats_skills`."""
    return [SkillCount(skill=name, count=n) for name, n in top_skills(conn, active, TOP_SKILLS)]
