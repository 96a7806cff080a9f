"""Stored fits in the database (table ``job_fit``, migration 0006): which jobs lack a fresh fit for
a profile, writing fits, and the best ones read back in ranking order.

A fit is *fresh* for a profile when its row carries the version the caller computed
(:func:`jobscraper.matching.fit_store.fit_version`: the profile's content, the scorer, the model).
Rows of another version are stale and never read; they are replaced when the job is scored again.
The database itself forgets a job's fits when what the score reads changes (triggers on the job's
scored columns and on its vector), so no code path that changes a job has to remember to.

Fits exist for jobs not archived only (the fill takes those; archiving a job forgets its fits), so
"every job the default filters can show has a fresh fit" is two counts (:func:`all_fresh`): the
jobs not archived, and the profile's fits of this version — no pass over the jobs. Only when they
differ (jobs scraped since the last fill) does a query look for the missing ones, one indexed pass.

The ranking order is :func:`jobscraper.matching.rank.rank_jobs`'s: the higher score, then the
closer meaning (``cosine``, −2 for a job that had no vector), then the lower id. The index
``ix_job_fit_rank`` (profile, version, score, cosine, job id) serves it walked backwards; ties on
score and cosine are sorted by id within the tie only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import (
    CompoundSelect,
    Connection,
    Select,
    and_,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    union,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join

from jobscraper.store.search import (  # the search's own pieces, so the text filter is the list's
    _FTS,
    LARGE_MATCH,
    JobQuery,
    _CrossJoin,
    _where,
    filtered_select,
    match_expression,
)
from jobscraper.store.search_list import blocklist_empty
from jobscraper.store.tables import FIT, FIT_GAP, JOB

__all__ = [
    "NO_COSINE",
    "FitFill",
    "FitRow",
    "all_fresh",
    "count_missing_fits",
    "fit_details",
    "matches_more_than",
    "missing_fit_ids",
    "top_fits",
    "write_fits",
]

NO_COSINE = -2.0
"""The stored cosine of a job that had no vector (below every real cosine, as the ranking wants)."""


class FitRow(BaseModel):
    """One job's stored fit: its score, whether a hard preference sank it, its cosine (None: no vector)."""

    job_id: int
    score: int
    cosine: float | None
    sunk: bool
    detail: bytes = Field(b"", description="the parts and reasons as stored (written, not read back here)")


class FitFill(BaseModel):
    """What one writer call that scores missing fits did: how many it stored, the last job id it
    looked at (the cursor for the next call), whether nothing is left, and whether the profile
    changed since the caller computed its version (then nothing was stored)."""

    stored: int
    last_id: int
    done: bool
    stale: bool = False


def _fresh(profile_id: int, version: str) -> Any:
    return exists().where(FIT.c.profile_id == profile_id, FIT.c.job_id == JOB.c.id, FIT.c.version == version)


def all_fresh(conn: Connection, profile_id: int, version: str) -> bool:
    """Whether every job not archived has a fresh fit for the profile: no job missing one
    (:func:`missing_fit_ids`, from ``job_fit_gap``'s candidates). Counting the profile's fits
    against ``job_count``'s jobs read every fit: 40-50 ms at a million jobs on SQLite, on each
    fit-sorted page."""
    return not missing_fit_ids(conn, profile_id, version, limit=1)


def fit_details(conn: Connection, profile_id: int, version: str, job_ids: Sequence[int]) -> dict[int, bytes]:
    """The stored parts and reasons (as :func:`write_fits` got them) of these jobs' fresh fits."""
    # by the primary key (profile, job); the version is checked here: with it in the WHERE clause
    # SQLite walks the profile's whole ranking index instead (15 ms against 1 at 100k fits)
    statement = select(FIT.c.job_id, FIT.c.version, FIT.c.detail).where(
        FIT.c.profile_id == profile_id, FIT.c.job_id.in_(list(job_ids))
    )
    return {int(i): bytes(detail) for i, found, detail in conn.execute(statement) if found == version}


def missing_fit_ids(
    conn: Connection,
    profile_id: int,
    version: str,
    *,
    filters: JobQuery | None = None,
    job_ids: Sequence[int] | None = None,
    after_id: int = 0,
    limit: int | None = None,
) -> list[int]:
    """The ids (ascending, above ``after_id``) of the jobs ``filters`` let through (None: every job
    not archived; or those of ``job_ids`` not archived) that have no fresh fit for the profile."""
    statement = _missing(conn, profile_id, version, filters, job_ids, [JOB.c.id]).where(JOB.c.id > after_id)
    statement = statement.order_by(JOB.c.id)
    if limit is not None:
        statement = statement.limit(limit)
    return [int(job_id) for job_id in conn.execute(statement).scalars()]


def count_missing_fits(
    conn: Connection, profile_id: int, version: str, *, filters: JobQuery | None = None
) -> int:
    """How many of the jobs ``filters`` let through (None: every job not archived) have no fresh
    fit for the profile (one indexed pass over those jobs)."""
    return int(conn.execute(_missing(conn, profile_id, version, filters, None, [func.count()])).scalar_one())


def _missing(
    conn: Connection,
    profile_id: int,
    version: str,
    filters: JobQuery | None,
    job_ids: Sequence[int] | None,
    columns: list[Any],
) -> Select[Any]:
    fresh = _fresh(profile_id, version)
    few = job_ids is None and _few_candidates(conn, profile_id, version)
    if few and conn.dialect.name == "sqlite" and (filters is None or match_expression(filters) is None):
        # the candidates first, then each one's job row by its id (SQLite keeps a CROSS JOIN's
        # order; given ``id IN (candidates)`` it walked an index of every active job instead)
        found = _candidates(profile_id, version).subquery("candidate")
        conditions = [JOB.c.archived_at.is_(None)] if filters is None else _where(filters, "sqlite")
        driven = _Driven(found, JOB, JOB.c.id == found.c.job_id)
        return select(*columns).select_from(driven).where(*conditions, ~fresh)
    if filters is not None and job_ids is None:
        statement = filtered_select(filters, columns, conn.dialect.name)
    else:  # what a fill covers: the jobs not archived
        statement = select(*columns).select_from(JOB).where(JOB.c.archived_at.is_(None))
        if job_ids is not None:
            statement = statement.where(JOB.c.id.in_(list(job_ids)))
    if few:
        statement = statement.where(JOB.c.id.in_(_candidates(profile_id, version)))
    return statement.where(~fresh)


FEW_CANDIDATES = 20_000
"""Up to this many candidates (:func:`_candidates`) the jobs missing a fit are looked for among
them alone; past it (every fit stale after the profile changed, say) among every active job in
id order, as before: a fill's pages then each stop after their few dozen, where reading every
candidate again for each page would cost the whole set per page."""


def _few_candidates(conn: Connection, profile_id: int, version: str) -> bool:
    """Whether there are at most ``FEW_CANDIDATES`` candidates (reads at most one more)."""
    first = _candidates(profile_id, version).limit(FEW_CANDIDATES + 1).subquery()
    return int(conn.execute(select(func.count()).select_from(first)).scalar_one()) <= FEW_CANDIDATES


class _Driven(Join):
    """``a CROSS JOIN b ON …``: SQLite reads ``a`` first, then ``b``'s rows by the ON clause."""

    inherit_cache = True


@compiles(_Driven)
def _compile_driven(element: _Driven, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    left, right = compiler.process(element.left, **kw), compiler.process(element.right, **kw)
    return f"{left} CROSS JOIN {right} ON {compiler.process(element.onclause, **kw)}"


def _candidates(profile_id: int, version: str) -> CompoundSelect[Any]:
    """A superset of the jobs without a fresh fit for the profile, read from indexes alone: the
    active jobs without a fit (``job_fit_gap``, migration 0025) and those with a fit of another
    version (two ranges of ``ix_job_fit_rank``: as one ``!=`` SQLite read every fit of the
    profile). Each is then tested as before (:func:`_missing`); that every job without a fresh
    fit is among them rests on 0025's triggers. Reading every active job to find the few a scrape
    added took 4-6 s at a million jobs."""
    gaps = select(FIT_GAP.c.job_id).where(FIT_GAP.c.profile_id == profile_id)
    stale = [
        select(FIT.c.job_id).where(FIT.c.profile_id == profile_id, other)
        for other in (FIT.c.version < version, FIT.c.version > version)
    ]
    return union(gaps, *stale)


def top_fits(
    conn: Connection, profile_id: int, version: str, *, filters: JobQuery, limit: int
) -> list[FitRow]:
    """The best ``limit`` fresh fits among the jobs ``filters`` let through, best first.

    With a text query on SQLite that matches many jobs (more than ``LARGE_MATCH``), the fits are
    walked best first through the ranking index and each tested against the list of matches
    (SQLite builds it once: ``LIST SUBQUERY``): a common word is met within the first few thousand
    fits, where joining every match and sorting them took 50 ms at 20k matches, and walking them
    in Python 27 ms (4 ms in SQLite, at 90k jobs). A rarer word keeps the join: few matches to
    sort, and a walk could pass every fit before finding them. The blocklist's condition is left
    out when there is no rule, as the search does."""
    columns = [FIT.c.job_id, FIT.c.score, FIT.c.cosine, FIT.c.sunk]
    fresh = and_(FIT.c.profile_id == profile_id, FIT.c.version == version)
    order = (FIT.c.score.desc(), FIT.c.cosine.desc(), FIT.c.job_id.asc())
    dialect = conn.dialect.name
    unblocked = blocklist_empty(conn)
    match = match_expression(filters) if dialect == "sqlite" else None
    if match is not None and matches_more_than(conn, match, LARGE_MATCH):
        matched = select(_FTS.c.rowid).where(text("job_fts MATCH :m").bindparams(m=match))
        statement = (
            select(*columns)
            .select_from(_CrossJoin(FIT, JOB, JOB.c.id == FIT.c.job_id))
            .where(fresh, FIT.c.job_id.in_(matched), *_where(filters, "sqlite", include_blocked=unblocked))
            .order_by(*order)
            .limit(limit)
        )
        return [_fit_row(row) for row in conn.execute(statement)]
    joined = and_(FIT.c.job_id == JOB.c.id, fresh)
    statement = filtered_select(filters, columns, dialect, include_blocked=unblocked)
    statement = statement.join(FIT, joined).order_by(*order).limit(limit)
    return [_fit_row(row) for row in conn.execute(statement)]


def matches_more_than(conn: Connection, match: str, n: int) -> bool:
    """Whether the FTS5 expression matches more than ``n`` jobs, stopping at the ``n + 1``-th."""
    first = text("SELECT count(*) FROM (SELECT 1 FROM job_fts WHERE job_fts MATCH :m LIMIT :k)")
    return int(conn.execute(first, {"m": match, "k": n + 1}).scalar_one()) > n


def _fit_row(row: Any) -> FitRow:
    cosine = None if row.cosine <= NO_COSINE else float(row.cosine)
    return FitRow(job_id=row.job_id, score=row.score, cosine=cosine, sunk=bool(row.sunk))


def write_fits(conn: Connection, profile_id: int, version: str, rows: Sequence[FitRow]) -> int:
    """Store (or replace) these jobs' fits for the profile in the caller's transaction; how many."""
    if not rows:
        return 0
    conn.execute(
        delete(FIT).where(FIT.c.profile_id == profile_id, FIT.c.job_id.in_([row.job_id for row in rows]))
    )
    conn.execute(
        insert(FIT),
        [
            {
                "profile_id": profile_id,
                "job_id": row.job_id,
                "version": version,
                "score": row.score,
                "cosine": NO_COSINE if row.cosine is None else row.cosine,
                "sunk": row.sunk,
                "detail": row.detail,
            }
            for row in rows
        ],
    )
    return len(rows)
