"""Every place each job of a listed page was seen, read in one query for the whole page.

A list row is read from the ``job`` table alone; the boards a job was seen on live in ``job_source``
(one row per board listing or career-page URL). :func:`with_sources` fills ``sources`` of a page's
jobs with one ``WHERE job_id IN (…)`` over that table's ``job_id`` index — one query per page, not
one per job — so the cards can show every board (issue 17, item 6).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy import Connection, select

from jobscraper.store.db import Database
from jobscraper.store.search_shapes import JobPublic, SourcePublic
from jobscraper.store.tables import SOURCE

__all__ = ["sources_by_job", "with_sources"]

J = TypeVar("J", bound=JobPublic)
_CHUNK = 500  # ids per IN (…): well under SQLite's bound-parameter limit


def sources_by_job(conn: Connection, job_ids: Iterable[int]) -> dict[int, list[SourcePublic]]:
    """Each job's sources, oldest first (the order :func:`~jobscraper.store.search.get_job` gives)."""
    ids = sorted(set(job_ids))
    found: dict[int, list[SourcePublic]] = {i: [] for i in ids}
    columns = [SOURCE.c[name] for name in SourcePublic.model_fields]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = conn.execute(
            select(SOURCE.c.job_id, *columns).where(SOURCE.c.job_id.in_(chunk)).order_by(SOURCE.c.id)
        )
        for row in rows:
            values = dict(row._mapping)
            found[int(values.pop("job_id"))].append(SourcePublic.model_validate(values))
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
