"""``GET /api/match``: the jobs that fit the active profile best, each with its fit and the reasons.

The ranking is :func:`jobscraper.matching.rank.rank_jobs`; the answer is the public job shape
(:class:`MatchedJob`: what ``GET /api/jobs`` lists) plus ``fit`` (0–100), ``fit_reasons`` and
``fit_sunk`` (a hard preference broken: the job is kept, low, with the reason first).

The embedding model is loaded once per Api replica, lazily on the first match (a replica that never
matches never loads it), and the job vectors are read again at most every :data:`INDEX_TTL_S`
seconds so jobs embedded since show up. Both, and the ranking itself, run in a thread: numpy work
must not stall the replica's event loop. :class:`MeaningLoader` holds the two production loaders
(imported by name, when first used); tests pass a fake embedder and index.

``rerank=true`` adds the optional LLM re-rank (:mod:`jobscraper.matching.rerank`): the top
``matching.rerank.top_k`` of the answer are rescored by the extraction service's ThroughputPool
through the ExtractionRouter (:class:`RerankLLM`), and each job is a :class:`RerankedMatch`:
``fit`` the blended score, ``fit_before_rerank``, ``llm_score``, ``llm_reason`` and ``rerank_error``
beside the fit's reasons. It is refused before any ranking — 409 while ``matching.rerank.enabled``
is false, 503 when no LLM service is deployed (the rules engine, no router) — and a job the LLM
answered badly or late keeps its fit (:func:`reranked_matches`).
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import Field
from sqlalchemy import select

from jobscraper.config import Settings
from jobscraper.config.matching import RerankSettings
from jobscraper.errors import Conflict, ExtractionError, ExtractionUnavailable, JobscraperError
from jobscraper.matching.rank import Embeds, RankedJob, Similarities, rank_jobs
from jobscraper.matching.rerank import GenerateJson, RerankOutcome, rerank
from jobscraper.matching.shapes import MatchedJob
from jobscraper.store import JobPublic, JobQuery
from jobscraper.store.tables import JOB

if TYPE_CHECKING:
    from jobscraper.matching.profile import ProfilePublic
    from jobscraper.store import Database

__all__ = [
    "INDEX_TTL_S",
    "MatchQuery",
    "MatchedJob",
    "MatchingUnavailable",
    "MeaningLoader",
    "RerankDisabled",
    "RerankLLM",
    "RerankUnavailable",
    "RerankedMatch",
    "matched_jobs",
    "reranked_matches",
]

INDEX_TTL_S = 60.0
"""How long a replica keeps the job vectors it read before reading them again."""
_JOB_COLUMNS = [JOB.c[name] for name in JobPublic.model_fields if name != "sources"]


class MatchQuery(JobQuery):
    """The filters of ``GET /api/jobs`` (its sort and page are not used: the order is the fit) and
    how many jobs to return."""

    limit: int = Field(50, ge=1, le=500, description="how many jobs, best fit first")
    rerank: bool = Field(
        False, description="rescore the best matches with the LLM (matching.rerank; needs an LLM engine)"
    )


class MatchingUnavailable(JobscraperError):
    """The embedding model or the job vectors could not be loaded (503, saying why)."""


def _load_embedder(settings: Settings) -> Embeds:
    embed: Any = importlib.import_module("jobscraper.matching.embed")
    config: Any = settings
    loaded: Embeds = embed.load_embedder(config.matching)
    return loaded


def _load_index(db: Database, embedder: Embeds) -> Similarities:
    vectors: Any = importlib.import_module("jobscraper.matching.vectors")
    loaded: Similarities = vectors.VectorIndex.load(db, embedder.model_id)
    return loaded


class MeaningLoader:
    """The embedder (once) and the job vectors (again after :data:`INDEX_TTL_S`) of one replica.

    ``load_embedder`` and ``load_index`` are the production defaults; ``clock`` is monotonic."""

    def __init__(
        self,
        *,
        load_embedder: Callable[[Settings], Embeds] = _load_embedder,
        load_index: Callable[[Database, Embeds], Similarities] = _load_index,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load_embedder = load_embedder
        self._load_index = load_index
        self._clock = clock
        self._embedder: Embeds | None = None
        self._index: tuple[float, Similarities] | None = None
        self._lock = threading.Lock()

    def sources(self, settings: Settings, db: Database) -> tuple[Embeds, Similarities]:
        """The embedder and the index, loaded when needed (blocking: call it in a thread)."""
        with self._lock:  # one load at a time: a burst of first requests loads once
            try:
                if self._embedder is None:
                    self._embedder = self._load_embedder(settings)
                now = self._clock()
                if self._index is None or now - self._index[0] > INDEX_TTL_S:
                    self._index = (now, self._load_index(db, self._embedder))
            except (JobscraperError, OSError, ImportError) as exc:
                raise MatchingUnavailable(f"matching is not available: {exc}") from exc
            return self._embedder, self._index[1]


def matched_jobs(
    db: Database, settings: Settings, meaning: MeaningLoader, profile: ProfilePublic, query: MatchQuery
) -> list[MatchedJob]:
    """The ranked jobs for ``profile`` in the public shape (blocking: run it in a thread)."""
    if not profile.resume_text.strip():
        raise Conflict(
            f"profile {profile.name!r} has no résumé to match jobs against: "
            "send its text in resume_text with PUT /api/profile"
        )
    embedder, index = meaning.sources(settings, db)
    filters = JobQuery.model_validate(query.model_dump(exclude={"limit", "rerank"}))
    ranked: list[RankedJob] = rank_jobs(
        db, profile, limit=query.limit, embedder=embedder, filters=filters, index=index
    )
    with db.reader() as conn:
        rows = {
            row.id: row
            for row in conn.execute(select(*_JOB_COLUMNS).where(JOB.c.id.in_([r.id for r in ranked])))
        }
    return [
        MatchedJob.model_validate(
            {**rows[r.id]._mapping, "fit": r.score, "fit_reasons": r.reasons, "fit_sunk": r.sunk}
        )
        for r in ranked
        if r.id in rows
    ]


class RerankedMatch(MatchedJob):
    """A matched job after ``rerank=true``: ``fit`` is the blend of the fit and the LLM's score."""

    fit_before_rerank: int | None = Field(
        None, description="the fit before the LLM re-rank (null: none asked)"
    )
    llm_score: int | None = Field(None, description="the LLM's overall score, 0-100 (null: not rescored)")
    llm_reason: str | None = Field(None, description="the LLM's one-line reason")
    rerank_error: str | None = Field(None, description="why the LLM's answer was not used (the fit was kept)")


class RerankDisabled(Conflict):
    """``rerank=true`` while ``matching.rerank.enabled`` is false (409)."""


class RerankUnavailable(MatchingUnavailable):
    """``rerank=true`` with no LLM service to ask (503, saying why)."""


def _find_router() -> Any:
    """The ExtractionRouter of this Serve application (the Api's replica runs inside Ray)."""
    import ray
    from ray import serve
    from ray.serve.exceptions import RayServeException

    from serve.app import APP_NAME

    if not ray.is_initialized():
        raise RerankUnavailable("no LLM service is deployed: the Api does not run in Ray Serve")
    try:
        return serve.get_deployment_handle("ExtractionRouter", app_name=APP_NAME)
    except (RayServeException, KeyError, ValueError) as exc:
        raise RerankUnavailable(f"no LLM service is deployed: {exc}") from exc


class RerankLLM:
    """How ``GET /api/match?rerank=true`` asks the LLM: the ExtractionRouter's ``generate_json``.

    ``router`` is the router's handle (tests pass an in-process stand-in with the same ``.remote``
    call); without one it is looked up in this Serve application when first needed (``find_router``)."""

    def __init__(self, router: Any = None, *, find_router: Callable[[], Any] = _find_router) -> None:
        self._router = router
        self._find_router = find_router

    def generate_for(self, settings: Settings) -> GenerateJson:
        """The LLM call for a re-rank; :class:`RerankDisabled` or :class:`RerankUnavailable` saying
        why there is none (checked before any ranking is done)."""
        if not settings.matching.rerank.enabled:
            raise RerankDisabled(
                "the LLM re-rank is off: set matching.rerank.enabled: true (it needs an LLM extraction"
                " engine, vllm or outlines), or ask without rerank=true"
            )
        if settings.extraction.engine == "rules":
            raise RerankUnavailable(
                "no LLM service is deployed: extraction.engine is 'rules' (no model); the re-rank needs"
                " vllm or outlines"
            )
        if self._router is None:
            self._router = self._find_router()
        router = self._router

        async def generate(
            prompts: list[str], schema: dict[str, Any], max_tokens: int
        ) -> list[str | ExtractionError]:
            answered: list[str | ExtractionError] = await router.generate_json.remote(
                prompts, schema, max_tokens
            )
            return answered

        return generate


async def reranked_matches(
    found: list[MatchedJob], profile: ProfilePublic, settings: RerankSettings, generate: GenerateJson
) -> tuple[list[RerankedMatch], RerankOutcome]:
    """``found`` (best first) with its top ``settings.top_k`` rescored by the LLM; the outcome counts
    what was asked, answered and failed. :class:`RerankUnavailable` when the LLM cannot be reached."""
    ranked = [
        RankedJob(
            id=m.id,
            job_url=m.job_url,
            title=m.title,
            company=m.company,
            location=m.location,
            score=m.fit,
            reasons=m.fit_reasons,
            sunk=m.fit_sunk,
        )
        for m in found
    ]
    try:
        outcome = await rerank(profile, ranked, {m.id: m.model_dump() for m in found}, generate, settings)
    except ExtractionUnavailable as exc:
        raise RerankUnavailable(f"the LLM re-rank is not available: {exc}") from exc
    by_id = {m.id: m for m in found}
    jobs = [
        RerankedMatch.model_validate(
            {
                **by_id[job.id].model_dump(),
                "fit": job.score,
                "fit_before_rerank": job.fit_score,
                "llm_score": job.llm_score,
                "llm_reason": job.llm_reason,
                "rerank_error": job.rerank_error,
            }
        )
        for job in outcome.jobs
    ]
    return jobs, outcome
