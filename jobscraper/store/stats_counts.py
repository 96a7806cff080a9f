"""The Analytics page's and ``jobscraper status``'s job counts, from ``job_count`` where it can.

``job_count`` (migration 0012, kept exact by triggers) already holds how many jobs there are per
archived, hidden, favourite and status: summing its few dozen rows replaces two scans of every
active job (0.45 s at a million jobs). What it does not hold is read from ``ix_job_stats``: the
applied dates (a seek per status to the few jobs that have one), the jobs needing extraction (one
scan) and the extracted ones (``ix_job_extracted``). With a blocklist rule the counts must leave
the blocked companies out, which ``job_count`` cannot: then every count is an aggregate over the
jobs, as before (:func:`scanned_totals`, :func:`scanned_status_counts`, also the tests' oracle).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.blocklist import not_blocked
from jobscraper.store.enrich import pending_count
from jobscraper.store.search_list import blocklist_empty
from jobscraper.store.tables import JOB, JOB_COUNT

__all__ = ["job_totals", "scanned_status_counts", "scanned_totals", "status_counts"]

_ACTIVE = and_(JOB.c.archived_at.is_(None), not_blocked(JOB))  # blocked companies count nowhere


def job_totals(conn: Connection) -> dict[str, int]:
    """``jobs`` (active), ``archived``, and among active jobs ``favorites``, ``hidden``,
    ``extracted`` and ``pending_extraction`` (everything but ``applied``)."""
    if not blocklist_empty(conn):
        return scanned_totals(conn)
    totals = dict.fromkeys(("jobs", "archived", "favorites", "hidden"), 0)
    count = JOB_COUNT.c
    for archived, favorite, hidden, n in conn.execute(
        select(count.archived, count.favorite, count.hidden, count.n)
    ):
        if archived:
            totals["archived"] += n
            continue
        totals["jobs"] += n
        totals["favorites"] += n if favorite else 0
        totals["hidden"] += n if hidden else 0
    return totals | _extraction_counts(conn, JOB.c.archived_at.is_(None))


def status_counts(conn: Connection) -> dict[tuple[str, bool], int]:
    """Active jobs per (status, has an applied date)."""
    if not blocklist_empty(conn):
        return scanned_status_counts(conn, _ACTIVE)
    count = JOB_COUNT.c
    per_status: dict[str, int] = {}
    for status, n in conn.execute(select(count.status, count.n).where(count.archived.is_(False))):
        per_status[str(status)] = per_status.get(str(status), 0) + int(n)
    # a seek per status in ix_job_stats (archived_at, status, applied_at, …) to the dated ones
    dated = conn.execute(
        select(JOB.c.status, func.count())
        .where(
            JOB.c.archived_at.is_(None), JOB.c.status.in_(sorted(per_status)), JOB.c.applied_at.is_not(None)
        )
        .group_by(JOB.c.status)
    )
    applied = {str(status): int(n) for status, n in dated}
    found = {}
    for status, n in per_status.items():
        found[(status, False)] = n - applied.get(status, 0)
        found[(status, True)] = applied.get(status, 0)
    return {key: n for key, n in found.items() if n}


def _count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def scanned_totals(conn: Connection) -> dict[str, int]:
    """:func:`job_totals` counted over the jobs themselves (blocked companies left out)."""
    unblocked = blocklist_empty(conn)
    active = JOB.c.archived_at.is_(None) if unblocked else _ACTIVE
    archived = JOB.c.archived_at.is_not(None)
    row = conn.execute(
        select(
            _count_if(active).label("jobs"),
            _count_if(archived if unblocked else and_(archived, not_blocked(JOB))).label("archived"),
            _count_if(and_(active, JOB.c.favorite.is_(True))).label("favorites"),
            _count_if(and_(active, JOB.c.hidden.is_(True))).label("hidden"),
        )
    ).one()
    return {key: int(value) for key, value in row._mapping.items()} | _extraction_counts(conn, active)


def _extraction_counts(conn: Connection, active: ColumnElement[bool]) -> dict[str, int]:
    # `extracted` is too wide for ix_job_stats; ix_job_extracted holds the jobs that have it
    extracted = select(func.count()).where(active, JOB.c.extracted.is_not(None))
    return {
        "extracted": int(conn.execute(extracted).scalar_one()),
        # count_pending's count (which blocks nothing), inside this snapshot
        "pending_extraction": pending_count(conn),
    }


def scanned_status_counts(conn: Connection, active: ColumnElement[bool]) -> dict[tuple[str, bool], int]:
    """:func:`status_counts` grouped over the jobs ``active`` selects."""
    has_date = JOB.c.applied_at.is_not(None)
    rows = conn.execute(
        select(JOB.c.status, has_date.label("applied"), func.count())
        .where(active)
        .group_by(JOB.c.status, has_date)
    )
    return {(str(status), bool(applied)): int(n) for status, applied, n in rows}
