"""The fit on the Api's job routes: ``GET /api/jobs`` (``sort=fit`` too), ``GET /api/jobs/{id}``
and ``GET /api/jobs/{id}/similar``.

A text query sorted by relevance is a hybrid search (words and meaning fused,
:func:`~jobscraper.matching.hybrid.hybrid_search`) when matching is available, whether or not a
profile exists; ``meaning=false`` (:class:`ListQuery`) keeps it to words, and so does a model that
cannot load.

Every listed job carries ``fit``, ``fit_reasons`` and ``fit_sunk`` for the *active* profile when
it has a résumé and matching is available (the model loads); otherwise ``fit`` is null and the
list is exactly what the search gives — a model that cannot load never breaks the job list (it is
logged, once per replica). ``sort=fit`` needs the profile: 409 without one (or without a résumé),
503 when the model cannot load.

Scoring a page is cheap: per replica, :class:`FitCache` keeps each profile's
:class:`~jobscraper.matching.job_fit.ProfileMeaning` (its résumé's vector and that vector's cosine
with every indexed job) keyed by the profile's name, its last change, its résumé's hash and the
model id, and builds it again only when one of those changes or the vectors are read again
(:class:`~serve.profile_match.MeaningLoader`, every ``INDEX_TTL_S``); then only the page's jobs
are scored. All of it is blocking work the backend runs in a thread.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from pydantic import Field

from jobscraper.config import Settings
from jobscraper.errors import Conflict
from jobscraper.matching.hybrid import hybrid_search
from jobscraper.matching.job_fit import ProfileMeaning, fit_jobs, fit_page, ranked_page, unscored_page
from jobscraper.matching.shapes import FitJob, FitPage, SimilarJob
from jobscraper.matching.similar import similar_jobs
from jobscraper.store import JobQuery, SearchPage, get_job, search_jobs
from jobscraper.store.blocklist_rows import is_job_blocked
from jobscraper.store.job_sources import sources_by_job
from jobscraper.store.profiles import active_profile, get_active_profile
from jobscraper.store.search import fts_query, search_with
from serve.profile_match import MatchingUnavailable, MeaningLoader

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from jobscraper.matching.profile import ProfileFields
    from jobscraper.matching.rank import Embeds, Similarities
    from jobscraper.store import Database

__all__ = ["NO_PROFILE_TO_SORT", "FitCache", "ListQuery", "listed_job", "listed_page", "similar"]

log = logging.getLogger(__name__)

NO_PROFILE_TO_SORT = (
    "sort=fit orders jobs by how well they fit the active profile, and there is none yet: make one "
    "with PUT /api/profile (your résumé's text in resume_text), the Profile page, or "
    "`jobscraper profile set --resume FILE`"
)
_KEPT = 4  # profiles kept per replica: people switch between a few


class ListQuery(JobQuery):
    """``GET /api/jobs``'s query: :class:`~jobscraper.store.JobQuery`, and whether the search box
    searches by meaning too."""

    meaning: bool = Field(
        True,
        description="a text query sorted by relevance also finds jobs by meaning (hybrid search) "
        "when matching is available; false: by its words only",
    )


class FitCache:
    """One replica's profiles ready to score (see the module): at most ``kept`` of them, the most
    recently used kept. ``meaning`` loads the model and the vectors."""

    def __init__(self, meaning: MeaningLoader, *, kept: int = _KEPT) -> None:
        self._meaning = meaning
        self._kept = kept
        self._profiles: OrderedDict[tuple[Any, ...], ProfileMeaning] = OrderedDict()
        self._lock = threading.Lock()
        self._warned = False

    @property
    def loader(self) -> MeaningLoader:
        return self._meaning

    def meaning(self, settings: Settings, db: Database, profile: ProfileFields) -> ProfileMeaning:
        """``profile`` ready to score (blocking); :class:`MatchingUnavailable` when the model or the
        vectors cannot be loaded."""
        embedder, index = self._meaning.sources(settings, db)
        digest = hashlib.sha256(profile.resume_text.encode("utf-8", "surrogatepass")).hexdigest()
        key = (profile.name, profile.updated_at, digest, embedder.model_id)
        with self._lock:
            found = self._profiles.get(key)
            if found is None:
                found = ProfileMeaning.build(profile, embedder, index)
            elif found.index is not index:  # the vectors were read again: rescan, no embedding
                found = found.with_index(index)
            self._profiles[key] = found
            self._profiles.move_to_end(key)
            while len(self._profiles) > self._kept:
                self._profiles.popitem(last=False)
            return found

    def optional(
        self, settings: Settings, db: Database, profile: ProfileFields | None
    ) -> ProfileMeaning | None:
        """:meth:`meaning` when the profile has a résumé and matching is available, else None."""
        if profile is None or not profile.resume_text.strip():
            return None
        try:
            return self.meaning(settings, db, profile)
        except MatchingUnavailable as exc:
            self._warn(exc)
            return None

    def search(
        self, settings: Settings, db: Database, query: JobQuery, *, meaning: bool = True
    ) -> SearchPage:
        """The search's page: by words and meaning for a text query sorted by relevance when
        ``meaning`` and matching is available, else by words (:func:`search_jobs`)."""
        sources = self.hybrid_sources(settings, db, query, meaning=meaning)
        return search_jobs(db, query) if sources is None else hybrid_search(db, query, *sources)

    def hybrid_sources(
        self, settings: Settings, db: Database, query: JobQuery, *, meaning: bool = True
    ) -> tuple[Embeds, Similarities] | None:
        """The model and the vectors :meth:`search` searches by meaning with; None when it searches
        by words only (no text sorted by relevance, ``meaning`` false, or matching unavailable)."""
        if not (meaning and query.sort == "relevance" and fts_query(query.q) is not None):
            return None
        try:
            return self._meaning.sources(settings, db)
        except MatchingUnavailable as exc:
            self._warn(exc)
            return None

    def _warn(self, exc: MatchingUnavailable) -> None:
        if not self._warned:
            log.warning("jobs are listed by their words and without their fit: %s", exc)
            self._warned = True


def listed_page(db: Database, settings: Settings, fits: FitCache, query: JobQuery) -> FitPage:
    """``GET /api/jobs``: the search's page with each job's fit, or the page ranked by fit.

    Without a résumé to score against (the usual case), the active profile, a page by words and its
    sources are read in one read transaction: each transaction costs about as much as a small
    query (issue 18). A search by meaning runs first, in its own (:func:`hybrid_search`), so that
    one request never holds two pooled connections at once."""
    meaning = query.meaning if isinstance(query, ListQuery) else True
    if isinstance(query, ListQuery):
        query = JobQuery.model_validate(query.model_dump(exclude={"meaning"}, exclude_unset=True))
    page: SearchPage | None = None
    if query.sort != "fit":
        sources = fits.hybrid_sources(settings, db, query, meaning=meaning)
        page = None if sources is None else hybrid_search(db, query, *sources)
    with db.reader() as conn:
        profile = active_profile(conn)
        if query.sort != "fit":
            page = search_with(conn, query) if page is None else page
            if profile is None or not profile.resume_text.strip():  # nothing to score: done here
                return _sourced(conn, unscored_page(page))
    if page is None:  # sort=fit
        if profile is None:
            raise Conflict(NO_PROFILE_TO_SORT)
        if not profile.resume_text.strip():
            raise Conflict(
                f"sort=fit: profile {profile.name!r} has no résumé to rank jobs against: send its "
                "text in resume_text with PUT /api/profile"
            )
        listed = ranked_page(db, query, fits.meaning(settings, db, profile))
    else:
        scoring = fits.optional(settings, db, profile)
        listed = unscored_page(page) if scoring is None else fit_page(db, page, scoring)
    with db.reader() as conn:
        return _sourced(conn, listed)


def _sourced(conn: Connection, page: FitPage) -> FitPage:
    """``page`` with every job's sources (each board it was seen on), read in one query."""
    found = sources_by_job(conn, (job.id for job in page.items))
    for job in page.items:
        job.sources = found.get(job.id, [])
    return page


def listed_job(db: Database, settings: Settings, fits: FitCache, job_id: int) -> FitJob:
    """``GET /api/jobs/{id}``: the job with its sources and its fit (null without a usable profile)."""
    job = get_job(db, job_id)
    meaning = fits.optional(settings, db, get_active_profile(db))
    found = FitJob.model_validate(job.model_dump()) if meaning is None else fit_jobs(db, [job], meaning)[0]
    with db.reader() as conn:  # a blocked job is still readable by its id, marked as such
        found.blocked = is_job_blocked(conn, job_id)
    return found


def similar(db: Database, settings: Settings, fits: FitCache, job_id: int, limit: int) -> list[SimilarJob]:
    """``GET /api/jobs/{id}/similar``: the visible jobs closest in meaning to it, best first."""
    embedder, index = fits.loader.sources(settings, db)
    return similar_jobs(db, job_id, embedder.model_id, index, limit=limit)
