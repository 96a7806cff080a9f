"""Ranking by fit from the stored fits (:mod:`jobscraper.matching.fit_store`): the best N are an
indexed ORDER BY, and the shown jobs' reasons are read back from their stored detail.

:func:`stored_ranking` answers exactly what :func:`~jobscraper.matching.rank.rank_jobs` would: the
same jobs in the same order with the same scores and reasons. When every job not archived has a
fresh fit (two counts) that is the whole story, and neither the résumé is embedded nor a job
scored. Otherwise it finds the filtered jobs without one (one indexed pass): up to
:data:`LIVE_LIMIT` of them (jobs scraped since the last fill, say) are scored now and merged into
the stored best; more than that (a profile just edited, a new model) and it answers None, and the
caller ranks live as before — correct, just slow — until a fill has stored them.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy

from jobscraper.matching.fit_store import fit_version, profile_id, score_ids, unpack
from jobscraper.matching.rank import RankedJob
from jobscraper.matching.score import Fit, person_from_profile

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from jobscraper.matching.profile import ProfileFields
    from jobscraper.matching.rank import Embeds
    from jobscraper.store import Database, JobQuery

__all__ = ["LIVE_LIMIT", "stored_ranking"]

LIVE_LIMIT = 2000
"""The most missing fits a query scores itself (~1 s on a busy machine); beyond it the caller ranks live."""

Vector = Callable[[], numpy.ndarray[Any, Any]]


def stored_ranking(
    db: Database,
    profile: ProfileFields,
    embedder: Embeds,
    vector: Vector,
    *,
    filters: JobQuery,
    limit: int,
) -> list[RankedJob] | None:
    """The best ``limit`` jobs ``filters`` let through for a stored ``profile``, from the stored
    fits plus the few missing ones scored now; None when the profile is not stored as given or too
    many fits are missing. ``vector`` gives the résumé's vector (``embedder``'s model), asked
    for only when some job must be scored now."""
    from jobscraper.store.fits import all_fresh, fit_details, missing_fit_ids, top_fits

    version = fit_version(profile, embedder)
    with db.reader() as conn:
        pid = profile_id(conn, profile.name)
        if pid is None:
            return None
        missing: list[int] = []
        if filters.archived != "exclude" or not all_fresh(conn, pid, version):
            missing = missing_fit_ids(conn, pid, version, filters=filters, limit=LIVE_LIMIT + 1)
        if len(missing) > LIVE_LIMIT:
            return None
        stored = top_fits(conn, pid, version, filters=filters, limit=limit)
        fits: dict[int, tuple[Fit, float | None]] = {}
        if missing:
            person = person_from_profile(profile)
            for s in score_ids(conn, person, vector(), embedder.model_id, missing):
                fits[int(s.job["id"])] = (s.fit, s.cosine)
        # the same key as rank_jobs: the score, then the closer meaning, then the lower id
        entries = [(_key(f.score, f.cosine, f.job_id), f.job_id) for f in stored]
        entries += [(_key(found.score, cosine, job_id), job_id) for job_id, (found, cosine) in fits.items()]
        best = [job_id for _, job_id in heapq.nlargest(limit, entries)]
        details = fit_details(conn, pid, version, [f.job_id for f in stored if f.job_id in set(best)])
        for row in stored:
            if row.job_id in details:
                fits[row.job_id] = (unpack(details[row.job_id], row.score, row.sunk), row.cosine)
        jobs = _shown(conn, best)
    ranked: list[RankedJob] = []
    for job_id in best:
        if job_id not in jobs or job_id not in fits:
            continue  # both read in the transaction above: never, but typed
        found, cosine = fits[job_id]
        job = jobs[job_id]
        ranked.append(
            RankedJob(
                id=job_id, job_url=job["job_url"], title=job["title"], company=job["company"],
                location=job["location"], score=found.score, parts=found.parts, reasons=found.reasons,
                sunk=found.sunk, cosine=None if cosine is None else round(float(cosine), 4),
            )
        )  # fmt: skip
    return ranked


def _key(score: int, cosine: float | None, job_id: int) -> tuple[int, float, int]:
    return (score, -2.0 if cosine is None else cosine, -job_id)


def _shown(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    from sqlalchemy import select

    from jobscraper.store.tables import JOB

    columns = [JOB.c.id, JOB.c.job_url, JOB.c.title, JOB.c.company, JOB.c.location]
    rows = conn.execute(select(*columns).where(JOB.c.id.in_(ids)))
    return {int(row.id): dict(row._mapping) for row in rows}
