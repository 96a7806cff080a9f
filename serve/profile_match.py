"""``GET /api/match``: the jobs that fit the active profile best, each with its fit and the reasons.

The ranking is :func:`jobscraper.matching.rank.rank_jobs`; the answer is the public job shape
(:class:`MatchedJob`: what ``GET /api/jobs`` lists) plus ``fit`` (0–100), ``fit_reasons`` and
``fit_sunk`` (a hard preference broken: the job is kept, low, with the reason first).

The embedding model is loaded once per Api replica, lazily on the first match (a replica that never
matches never loads it), and the job vectors are read again at most every :data:`INDEX_TTL_S`
seconds so jobs embedded since show up. Both, and the ranking itself, run in a thread: numpy work
must not stall the replica's event loop. :class:`MeaningLoader` holds the two production loaders
(imported by name, when first used); tests pass a fake embedder and index.
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
from jobscraper.errors import Conflict, JobscraperError
from jobscraper.matching.rank import Embeds, RankedJob, Similarities, rank_jobs
from jobscraper.matching.shapes import MatchedJob
from jobscraper.store import JobPublic, JobQuery
from jobscraper.store.tables import JOB

if TYPE_CHECKING:
    from jobscraper.matching.profile import ProfilePublic
    from jobscraper.store import Database

__all__ = ["INDEX_TTL_S", "MatchQuery", "MatchedJob", "MatchingUnavailable", "MeaningLoader", "matched_jobs"]

INDEX_TTL_S = 60.0
"""How long a replica keeps the job vectors it read before reading them again."""
_JOB_COLUMNS = [JOB.c[name] for name in JobPublic.model_fields if name != "sources"]


class MatchQuery(JobQuery):
    """The filters of ``GET /api/jobs`` (its sort and page are not used: the order is the fit) and
    how many jobs to return."""

    limit: int = Field(50, ge=1, le=500, description="how many jobs, best fit first")


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
    filters = JobQuery.model_validate(query.model_dump(exclude={"limit"}))
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
