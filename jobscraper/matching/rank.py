"""Ranking jobs for a person: every candidate job's fit (:mod:`jobscraper.matching.score`), best first.

The candidates are the jobs the filters (a :class:`~jobscraper.store.JobQuery`, as ``jobs list``
takes them) let through — hidden and archived jobs left out unless asked for. Each one's meaning is
its vector's cosine with the résumé's, read from the vector index; a job without a vector yet has
its meaning *unknown* (left out of its score, with a reason that says to run ``jobscraper
reindex``) rather than embedded here on the fly: ``match`` embeds what is missing before it ranks,
so this only happens to jobs added in between, and an unknown part is neutral by design.

The embedder and the index come in as arguments (tests pass a deterministic fake); their
production defaults are the configured model and the job database's vectors
(:mod:`jobscraper.matching.embed`, :mod:`jobscraper.matching.vectors`). The person is a stored
profile or just a résumé's text (no hard preferences: what the bench ranks with).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy
from pydantic import BaseModel, Field

from jobscraper.errors import InputError
from jobscraper.matching.profile import ProfileFields
from jobscraper.matching.score import Fit, Reason, fit, person_from_profile, person_from_resume

if TYPE_CHECKING:
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
    """What ranking needs of a vector index: every indexed job's cosine with a query vector."""

    def similarity(self, query: numpy.ndarray[Any, Any]) -> dict[int, float]: ...


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
) -> list[RankedJob]:
    """The candidate jobs for ``who`` (a profile, or a résumé's text), best fit first; at most
    ``limit`` (None: all). Ties go to the closer meaning, then the lower id."""
    from jobscraper.store import JobQuery
    from jobscraper.store.search import filtered_select
    from jobscraper.store.tables import JOB

    person = person_from_profile(who) if isinstance(who, ProfileFields) else person_from_resume(who)
    if not person.resume_text.strip():
        raise InputError("the profile has no résumé text to match jobs against (profile set --resume FILE)")
    if embedder is None:
        embedder = _default_embedder()
    if index is None:
        index = _default_index(db, embedder.model_id)
    query = numpy.asarray(embedder.embed([person.resume_text]), dtype=numpy.float32)[0]
    cosines = index.similarity(query)
    ranked: list[tuple[Fit, float | None, dict[str, Any]]] = []
    with db.reader() as conn:
        stmt = filtered_select(
            filters or JobQuery(), [JOB.c[name] for name in FIT_COLUMNS], conn.dialect.name
        )
        for row in conn.execute(stmt).mappings():
            job = dict(row)
            cosine = cosines.get(job["id"])
            ranked.append((fit(job, person, cosine), cosine, job))
    ranked.sort(key=lambda item: (-item[0].score, -(item[1] if item[1] is not None else -2.0), item[2]["id"]))
    return [_ranked(f, cosine, job) for f, cosine, job in ranked[:limit]]


def _ranked(f: Fit, cosine: float | None, job: dict[str, Any]) -> RankedJob:
    return RankedJob(
        id=job["id"], job_url=job["job_url"], title=job["title"], company=job["company"],
        location=job["location"], score=f.score, parts=f.parts, reasons=f.reasons, sunk=f.sunk,
        cosine=None if cosine is None else round(float(cosine), 4),
    )  # fmt: skip


# The production defaults live in the embeddings' modules, imported only when no embedder or
# index is passed (they load a model): by name, so this module imports without them.
def _default_embedder() -> Embeds:
    from jobscraper.config import load_settings

    embed: Any = importlib.import_module("jobscraper.matching.embed")
    settings: Any = load_settings(None)
    loaded: Embeds = embed.load_embedder(settings.matching)
    return loaded


def _default_index(db: Database, model_id: str) -> Similarities:
    vectors: Any = importlib.import_module("jobscraper.matching.vectors")
    loaded: Similarities = vectors.VectorIndex.load(db, model_id)
    return loaded
