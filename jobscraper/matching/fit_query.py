"""Ranking by fit from the stored fits (:mod:`jobscraper.matching.fit_store`): the best N are an
indexed ORDER BY, and only the shown jobs are scored now (for their reasons).

:func:`stored_ranking` answers exactly what :func:`~jobscraper.matching.rank.rank_jobs` would: the
same jobs in the same order with the same scores. It first looks for the filtered jobs that have no
fresh fit (one indexed pass). Up to :data:`LIVE_LIMIT` of them (jobs scraped since the last fill,
say) are scored now and merged into the stored best; more than that (a profile just edited, a new
model) and it answers None, and the caller ranks live as before — correct, just slow — until a
fill has stored them.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

import numpy

from jobscraper.matching.fit_store import fit_version, profile_id, score_ids
from jobscraper.matching.rank import RankedJob
from jobscraper.matching.score import person_from_profile

if TYPE_CHECKING:
    from jobscraper.matching.profile import ProfileFields
    from jobscraper.matching.rank import Embeds
    from jobscraper.store import Database, JobQuery

__all__ = ["LIVE_LIMIT", "stored_ranking"]

LIVE_LIMIT = 2000
"""The most missing fits a query scores itself (~0.2 s); beyond it the caller ranks live."""


def stored_ranking(
    db: Database,
    profile: ProfileFields,
    embedder: Embeds,
    vector: numpy.ndarray[Any, Any],
    *,
    filters: JobQuery | None = None,
    limit: int,
) -> list[RankedJob] | None:
    """The best ``limit`` jobs ``filters`` let through for a stored ``profile``, from the stored
    fits plus the few missing ones scored now; None when the profile is not stored as given or too
    many fits are missing. ``vector`` is the résumé's (``embedder``'s model)."""
    from jobscraper.store.fits import missing_fit_ids, top_fits

    version = fit_version(profile, embedder)
    person = person_from_profile(profile)
    with db.reader() as conn:
        pid = profile_id(conn, profile.name)
        if pid is None:
            return None
        missing = missing_fit_ids(conn, pid, version, filters=filters, limit=LIVE_LIMIT + 1)
        if len(missing) > LIVE_LIMIT:
            return None
        stored = top_fits(conn, pid, version, filters=filters, limit=limit)
        live = score_ids(conn, person, vector, embedder.model_id, missing)
        # the same key as rank_jobs: the score, then the closer meaning, then the lower id
        entries = [(_key(f.score, f.cosine, f.job_id), f.job_id, True) for f in stored]
        entries += [(_key(s.fit.score, s.cosine, int(s.job["id"])), int(s.job["id"]), False) for s in live]
        best = heapq.nlargest(limit, entries)
        shown = {
            int(s.job["id"]): s
            for s in score_ids(conn, person, vector, embedder.model_id, [i for _, i, kept in best if kept])
        }
    shown.update((int(s.job["id"]), s) for s in live)
    kept_fits = {f.job_id: f for f in stored}
    ranked: list[RankedJob] = []
    for _, job_id, kept in best:
        now = shown.get(job_id)
        if now is None:
            continue  # deleted between the two reads
        # a stored job keeps its stored score (its order); its reasons are worked out now
        score, sunk = (
            (kept_fits[job_id].score, kept_fits[job_id].sunk) if kept else (now.fit.score, now.fit.sunk)
        )
        job = now.job
        ranked.append(
            RankedJob(
                id=job_id, job_url=job["job_url"], title=job["title"], company=job["company"],
                location=job["location"], score=score, parts=now.fit.parts, reasons=now.fit.reasons,
                sunk=sunk, cosine=None if now.cosine is None else round(float(now.cosine), 4),
            )
        )  # fmt: skip
    return ranked


def _key(score: int, cosine: float | None, job_id: int) -> tuple[int, float, int]:
    return (score, -2.0 if cosine is None else cosine, -job_id)
