"""The jobs closest in meaning to one job ("More like this", ``GET /api/jobs/{id}/similar``,
``jobscraper jobs similar``).

The job's own stored vector (of the configured model) is the query: nothing is embedded, so this
answers as fast as a vector search and never loads text into the model. A job not embedded yet is a
:class:`~jobscraper.errors.Conflict` that says to run ``jobscraper reindex`` (the pipeline embeds
new jobs as they come). The job itself, hidden jobs and archived ones are left out; the index is
read in growing windows until enough visible jobs are found, so a few hidden neighbours cost no
full sort of the index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy

from jobscraper.errors import Conflict, NotFound
from jobscraper.matching.rank import Similarities
from jobscraper.matching.shapes import SimilarJob

if TYPE_CHECKING:
    from jobscraper.store import Database

__all__ = ["MAX_SIMILAR", "job_vector", "similar_jobs"]

MAX_SIMILAR = 50
"""The most similar jobs one request returns."""


def job_vector(db: Database, job_id: int, model_id: str) -> numpy.ndarray[Any, Any] | None:
    """The job's stored vector of ``model_id`` (dequantised, float32), or None when it has none;
    :class:`NotFound` when there is no such job."""
    from sqlalchemy import select

    from jobscraper.store.tables import JOB
    from jobscraper.store.vectors import VECTOR

    with db.reader() as conn:
        if conn.execute(select(JOB.c.id).where(JOB.c.id == job_id)).first() is None:
            raise NotFound(f"no job with id {job_id}")
        row = conn.execute(
            select(VECTOR.c.data, VECTOR.c.scale).where(
                VECTOR.c.job_id == job_id, VECTOR.c.model_id == model_id
            )
        ).first()
    if row is None:
        return None
    vector: numpy.ndarray[Any, Any] = numpy.frombuffer(bytes(row.data), dtype=numpy.int8).astype(
        numpy.float32
    )
    return vector * numpy.float32(row.scale)


def similar_jobs(
    db: Database, job_id: int, model_id: str, index: Similarities, *, limit: int = 10
) -> list[SimilarJob]:
    """Up to ``limit`` visible jobs closest in meaning to job ``job_id``, best first (ties: lower id)."""
    from sqlalchemy import select

    from jobscraper.store import JobQuery
    from jobscraper.store.search import filtered_select
    from jobscraper.store.search_shapes import JobPublic
    from jobscraper.store.tables import JOB

    if not 1 <= limit <= MAX_SIMILAR:
        raise ValueError(f"limit must be 1..{MAX_SIMILAR}, got {limit}")
    query = job_vector(db, job_id, model_id)
    if query is None:
        raise Conflict(
            f"job {job_id} has no embedding yet, so nothing can be compared with it: "
            "run `jobscraper reindex` (new jobs are embedded as runs store them)"
        )
    visible = JobQuery()  # the defaults: archived and hidden jobs left out
    chosen: list[tuple[int, float]] = []
    window = 4 * (limit + 1)
    with db.reader() as conn:
        dialect = conn.dialect.name
        seen = 0
        while True:
            hits = index.search(query, window)
            fresh = [(i, c) for i, c in hits[seen:] if i != job_id]
            ids = [i for i, _ in fresh]
            shown = set(
                conn.execute(filtered_select(visible, [JOB.c.id], dialect).where(JOB.c.id.in_(ids))).scalars()
            )
            chosen.extend((i, c) for i, c in fresh if i in shown)
            seen = len(hits)
            if len(chosen) >= limit or len(hits) < window:
                break  # enough, or the index has no more jobs
            window *= 4
        chosen = chosen[:limit]
        columns = [JOB.c[name] for name in JobPublic.model_fields if name != "sources"]
        rows = {
            row.id: row for row in conn.execute(select(*columns).where(JOB.c.id.in_([i for i, _ in chosen])))
        }
    return [
        SimilarJob.model_validate({**rows[i]._mapping, "similarity": round(float(c), 4)})
        for i, c in chosen
        if i in rows
    ]
