"""Ranking jobs for a person: every candidate job's fit (:mod:`jobscraper.matching.score`), best first.

The candidates are the jobs the filters (a :class:`~jobscraper.store.JobQuery`, as ``jobs list``
takes them) let through — hidden and archived jobs left out unless asked for. Each one's meaning is
its vector's cosine with the résumé's, read from the vector index in its order, so only the jobs
that can still reach the top are scored (:func:`rank_jobs`); a job without a vector yet has
its meaning *unknown* (left out of its score, with a reason that says to run ``jobscraper
reindex``) rather than embedded here on the fly: ``match`` embeds what is missing before it ranks,
so this only happens to jobs added in between, and an unknown part is neutral by design.

The embedder and the index come in as arguments (tests pass a deterministic fake); their
production defaults are the configured model and the job database's vectors
(:mod:`jobscraper.matching.embed`, :mod:`jobscraper.matching.vectors`). The person is a stored
profile or just a résumé's text (no hard preferences: what the bench ranks with).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy
from pydantic import BaseModel, Field

from jobscraper.errors import InputError
from jobscraper.matching.embed import load_embedder
from jobscraper.matching.profile import ProfileFields
from jobscraper.matching.score import Fit, Reason, fit, max_score, person_from_profile, person_from_resume
from jobscraper.matching.vectors import VectorIndex

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from jobscraper.store import Database, JobQuery

__all__ = ["FIT_COLUMNS", "Embeds", "RankedJob", "Similarities", "rank_jobs"]

FIT_COLUMNS = (
    "id", "job_url", "title", "company", "location", "is_remote", "remote_policy", "seniority",
    "visa_sponsorship", "job_level", "skills", "extracted", "salary_annual_min", "salary_annual_max",
    "currency", "description",
)  # fmt: skip
"""The job's columns the fit reads."""


class Embeds(Protocol):
    """What ranking needs of an embedder: its model's id and unit-length vectors for texts."""

    model_id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, Any]: ...


class Similarities(Protocol):
    """What ranking needs of a vector index: the indexed jobs by cosine with a query, best first
    (``k`` None: all of them). The query is one vector, or sentence vectors (m × dim) whose two
    closest to a job give its cosine (:class:`~jobscraper.matching.vectors.VectorIndex`)."""

    def search(self, query: numpy.ndarray[Any, Any], k: int | None = None) -> list[tuple[int, float]]: ...


class RankedJob(BaseModel):
    """One ranked job: who it is, its score and the reasons (the Api and ``match --json`` shape)."""

    id: int
    job_url: str
    title: str
    company: str | None = None
    location: str | None = None
    score: int = Field(ge=0, le=100)
    parts: dict[str, float] = Field(default_factory=dict)
    reasons: list[Reason] = Field(default_factory=list)
    sunk: bool = False
    cosine: float | None = Field(None, description="the résumé ↔ job cosine; null: no vector yet")


def rank_jobs(
    db: Database,
    who: ProfileFields | str,
    *,
    limit: int | None = 50,
    embedder: Embeds | None = None,
    filters: JobQuery | None = None,
    index: Similarities | None = None,
    on_missing: Callable[[int], None] | None = None,
    stored: bool = True,
) -> list[RankedJob]:
    """The candidate jobs for ``who`` (a profile, or a résumé's text), best fit first; at most
    ``limit`` (None: all). Ties go to the closer meaning, then the lower id. ``on_missing`` is told
    how many candidates have no vector yet.

    Exact, without scoring every job: the jobs are scored in the index's order (closest meaning
    first), and the walk stops once even a perfect fit on every other part at the next cosine
    (:func:`~jobscraper.matching.score.max_score`) could not enter the top ``limit``.

    A stored profile ranks from its stored fits when they are fresh (``stored``, the default;
    :mod:`jobscraper.matching.fit_query`): the same answer, read from an index. Only with the
    database's own vectors (``index`` None or a :class:`VectorIndex`): another index (a test's
    fake) means other cosines than the stored ones."""
    from jobscraper.store import JobQuery
    from jobscraper.store.search import filtered_select
    from jobscraper.store.tables import JOB

    text = who.resume_text if isinstance(who, ProfileFields) else who
    if not text.strip():
        raise InputError("the profile has no résumé text to match jobs against (profile set --resume FILE)")
    if embedder is None:
        embedder = _default_embedder()
    model = embedder
    # the stored fits hold the database's cosines: used when the index is the database's too
    from_db = index is None or isinstance(index, VectorIndex)
    if stored and from_db and limit is not None and isinstance(who, ProfileFields):
        from jobscraper.matching.fit_query import stored_ranking

        found = stored_ranking(
            db, who, model, lambda: _resume_vector(model, text), filters=filters or JobQuery(), limit=limit
        )
        if found is not None:
            if on_missing is not None:
                on_missing(_stored_without_vector(db, who, model, filters or JobQuery()))
            return found
    person = person_from_profile(who) if isinstance(who, ProfileFields) else person_from_resume(who)
    query = _resume_vector(model, text)
    if index is None:
        index = _default_index(db, embedder.model_id)
    best = _Best(limit)
    with db.reader() as conn:
        dialect = conn.dialect.name
        candidates = set(conn.execute(filtered_select(filters or JobQuery(), [JOB.c.id], dialect)).scalars())
        hits = index.search(query)  # every indexed job, best first
        missing = candidates.difference(job_id for job_id, _ in hits)
        if on_missing is not None:
            on_missing(len(missing))
        for job in _rows(conn, sorted(missing)):
            best.add(fit(job, person, None), None, job)
        order = [(job_id, cosine) for job_id, cosine in hits if job_id in candidates]
        for start in range(0, len(order), _CHUNK):
            chunk = dict(order[start : start + _CHUNK])
            lowest = best.lowest()
            if lowest is not None and max_score(order[start][1]) < lowest:
                break  # no job further down can reach the top `limit`
            for job in _rows(conn, list(chunk)):
                best.add(fit(job, person, chunk[job["id"]]), chunk[job["id"]], job)
    return [_ranked(f, cosine, job) for f, cosine, job in best.ordered()]


_CHUNK = 256


def _resume_vector(embedder: Embeds, text: str) -> numpy.ndarray[Any, Any]:
    # the whole résumé as one vector: on bench/match_data it ranks better (nDCG@10 0.84) than its
    # sentences' top-2 mean (embed_resume, 0.78) or both together (0.81)
    vectors: numpy.ndarray[Any, Any] = numpy.asarray(embedder.embed([text]), dtype=numpy.float32)
    return vectors[0]  # type: ignore[no-any-return]


def _count_without_vector(db: Database, filters: JobQuery, model_id: str) -> int:
    from sqlalchemy import exists, func

    from jobscraper.store.search import filtered_select
    from jobscraper.store.tables import JOB
    from jobscraper.store.vectors import VECTOR

    has = exists().where(VECTOR.c.job_id == JOB.c.id, VECTOR.c.model_id == model_id)
    with db.reader() as conn:
        statement = filtered_select(filters, [func.count()], conn.dialect.name).where(~has)
        return int(conn.execute(statement).scalar_one())


def _stored_without_vector(db: Database, profile: ProfileFields, embedder: Embeds, filters: JobQuery) -> int:
    """:func:`_count_without_vector` for a profile whose fits are stored: none, at once, when every
    job not archived has a fresh fit and none of those fits was made without a vector (the fits are
    forgotten when a vector comes or goes); else counted (100 ms at 90k jobs)."""
    from sqlalchemy import exists, select

    from jobscraper.matching.fit_store import fit_version, profile_id
    from jobscraper.store.fits import NO_COSINE, all_fresh
    from jobscraper.store.tables import FIT

    version = fit_version(profile, embedder)
    with db.reader() as conn:
        pid = profile_id(conn, profile.name)
        if pid is not None and filters.archived == "exclude" and all_fresh(conn, pid, version):
            without = exists().where(
                FIT.c.profile_id == pid, FIT.c.version == version, FIT.c.cosine <= NO_COSINE
            )
            if not conn.execute(select(without)).scalar():
                return 0
    return _count_without_vector(db, filters, embedder.model_id)


def _rows(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from jobscraper.store.tables import JOB

    columns = [JOB.c[name] for name in FIT_COLUMNS]
    found: list[dict[str, Any]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.extend(
            dict(row) for row in conn.execute(select(*columns).where(JOB.c.id.in_(chunk))).mappings()
        )
    return found


class _Best:
    """The best ``limit`` scored jobs so far (all of them when ``limit`` is None), in a min-heap on
    the ranking key, so the score a job must beat is at hand (ranking 100k jobs re-sorted every
    score at each chunk: a quarter of its time) and a job that falls out is let go."""

    def __init__(self, limit: int | None) -> None:
        self._limit = limit
        self._heap: list[tuple[tuple[int, float, int], Fit, float | None, dict[str, Any]]] = []

    def add(self, found: Fit, cosine: float | None, job: dict[str, Any]) -> None:
        # larger is better: the score, then the closer meaning, then the lower id
        entry = ((found.score, cosine if cosine is not None else -2.0, -job["id"]), found, cosine, job)
        if self._limit is None or len(self._heap) < self._limit:
            heapq.heappush(self._heap, entry)
        elif entry[0] > self._heap[0][0]:
            heapq.heapreplace(self._heap, entry)

    def lowest(self) -> int | None:
        """The lowest score among the best ``limit`` once there are that many (else None)."""
        if self._limit is None or len(self._heap) < self._limit:
            return None
        return self._heap[0][0][0]

    def ordered(self) -> list[tuple[Fit, float | None, dict[str, Any]]]:
        """Best first: the higher score, then the closer meaning, then the lower id."""
        return [
            (f, cosine, job) for _, f, cosine, job in sorted(self._heap, key=lambda e: e[0], reverse=True)
        ]


def _ranked(f: Fit, cosine: float | None, job: dict[str, Any]) -> RankedJob:
    return RankedJob(
        id=job["id"], job_url=job["job_url"], title=job["title"], company=job["company"],
        location=job["location"], score=f.score, parts=f.parts, reasons=f.reasons, sunk=f.sunk,
        cosine=None if cosine is None else round(float(cosine), 4),
    )  # fmt: skip


# The production defaults: the configured model and the job database's vectors of it (loaded only
# when no embedder or index is passed).
def _default_embedder() -> Embeds:
    from jobscraper.config import load_settings

    return load_embedder(load_settings(None).matching)


def _default_index(db: Database, model_id: str) -> Similarities:
    from jobscraper.matching.vectors import VectorIndex

    return VectorIndex.load(db, model_id)
