"""Every place each job of a listed page was seen, read in one query for the whole page.

A list row is read from the ``job`` table alone; the boards a job was seen on live in ``job_source``
(one row per board listing or career-page URL). :func:`with_sources` fills ``sources`` of a page's
jobs with one ``WHERE job_id IN (…)`` over that table's ``job_id`` index — one query per page, not
one per job — so the cards can show every board (issue 17, item 6).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy import Connection, bindparam, select

from jobscraper.store.db import Database
from jobscraper.store.search_shapes import JobPublic, SourcePublic
from jobscraper.store.tables import SOURCE

__all__ = ["sources_by_job", "with_sources"]

J = TypeVar("J", bound=JobPublic)
_CHUNK = 500  # ids per IN (…): well under SQLite's bound-parameter limit
_NAMES = tuple(SourcePublic.model_fields)
# Built once: every listed page reads its sources, and building the statement (and its cache key)
# cost about as much as running it (issue 18: the Api's search adds this to the store's time).
_BY_JOB = (
    select(SOURCE.c.job_id, *(SOURCE.c[name] for name in _NAMES))
    .where(SOURCE.c.job_id.in_(bindparam("ids", expanding=True)))
    .order_by(SOURCE.c.id)
)


def sources_by_job(conn: Connection, job_ids: Iterable[int]) -> dict[int, list[SourcePublic]]:
    """Each job's sources, oldest first (the order :func:`~jobscraper.store.search.get_job` gives)."""
    ids = sorted(set(job_ids))
    found: dict[int, list[SourcePublic]] = {i: [] for i in ids}
    validate = SourcePublic.model_validate
    for start in range(0, len(ids), _CHUNK):
        for job_id, *values in conn.execute(_BY_JOB, {"ids": ids[start : start + _CHUNK]}).all():
            found[int(job_id)].append(validate(dict(zip(_NAMES, values, strict=True))))
    return found


def with_sources(db: Database, jobs: Sequence[J]) -> list[J]:
    """``jobs`` with their ``sources`` filled in (the same objects, changed in place)."""
    if not jobs:
        return list(jobs)
    with db.reader() as conn:
        found = sources_by_job(conn, (job.id for job in jobs))
    for job in jobs:
        job.sources = found.get(job.id, [])
    return list(jobs)
