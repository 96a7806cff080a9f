"""Jobs as they are listed, with their fit for a profile: a page of search results scored, one job
scored, or a page ranked by fit (``GET /api/jobs``, ``GET /api/jobs/{id}``, ``jobs list``).

A listed page is scored job by job (:func:`~jobscraper.matching.score.fit`), only the page's jobs:
the costly parts are done once per profile and kept in a :class:`ProfileMeaning` — the résumé's
vector (embedded once) and its cosine with every indexed job (one scan of the index, looked up by
id). A caller that serves many requests (the Api's replica) keeps it while the profile, the model
and the index stay the same; a one-shot caller (the CLI) builds it once.

A page sorted by fit (:func:`ranked_page`) is :func:`~jobscraper.matching.rank.rank_jobs` asked
for the best ``page × per_page`` jobs, cut to the page; its total is the count of the jobs the
filters let through as the job list reports it (:func:`page_total`: exact, read from ``job_count``
when the filters allow; a common word's matches capped at ``COUNT_CAP``, "1,000+"). The order is
always best first: ``descending`` is not read (the worst fits first would mean scoring every job,
for a list no one reads).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy

from jobscraper.matching.rank import FIT_COLUMNS, Embeds, RankedJob, Similarities, rank_jobs
from jobscraper.matching.score import Fit, Person, fit, person_from_profile
from jobscraper.matching.shapes import FitJob, FitPage
from jobscraper.matching.vectors import VectorIndex
from jobscraper.store.search_shapes import JobPublic

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from jobscraper.matching.profile import ProfileFields
    from jobscraper.store import Database, JobQuery, SearchPage

__all__ = [
    "KnownResume",
    "ProfileMeaning",
    "ResumeCosines",
    "fit_jobs",
    "fit_page",
    "page_index",
    "page_total",
    "ranked_page",
    "stored_page",
    "unscored_page",
]

_CHUNK = 500


class KnownResume:
    """An embedder that already knows one text's vector (the résumé's), so ranking with it does not
    embed the résumé again; any other text goes to the model."""

    def __init__(self, embedder: Embeds, text: str, vector: numpy.ndarray[Any, Any]) -> None:
        self.model_id = embedder.model_id
        self.dim = embedder.dim
        # what of the résumé the model reads is part of a stored fit's version (fit_store)
        self.max_tokens: int | None = getattr(embedder, "max_tokens", None)
        self._inner = embedder
        self._text = text
        self._vector = numpy.asarray(vector, dtype=numpy.float32).reshape(1, -1)

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, Any]:
        if list(texts) == [self._text]:
            return self._vector.copy()
        return self._inner.embed(texts)


class ResumeCosines:
    """The résumé's cosine with every indexed job, looked up by job id (None: the job has no vector)."""

    def __init__(self, hits: Iterable[tuple[int, float]]) -> None:
        pairs = sorted(hits)
        self._ids = numpy.fromiter((job_id for job_id, _ in pairs), dtype=numpy.int64, count=len(pairs))
        self._cosines = numpy.fromiter((c for _, c in pairs), dtype=numpy.float64, count=len(pairs))

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, job_id: int) -> float | None:
        at = int(numpy.searchsorted(self._ids, job_id))
        if at < len(self._ids) and int(self._ids[at]) == job_id:
            return float(self._cosines[at])
        return None


@dataclass(frozen=True)
class ProfileMeaning:
    """A profile ready to score jobs: the person the score reads, an embedder that knows the
    résumé's vector, the index, and the résumé's cosine with each of the index's jobs."""

    profile: ProfileFields
    person: Person
    embedder: KnownResume
    index: Similarities
    cosines: ResumeCosines

    @classmethod
    def build(
        cls,
        profile: ProfileFields,
        embedder: Embeds,
        index: Similarities,
        vector: numpy.ndarray[Any, Any] | None = None,
    ) -> ProfileMeaning:
        """Embed the résumé (unless its ``vector`` is given) and scan the index once."""
        person = person_from_profile(profile)
        if vector is None:
            vector = numpy.asarray(embedder.embed([person.resume_text]), dtype=numpy.float32)[0]
        known = KnownResume(embedder, person.resume_text, vector)
        return cls(profile, person, known, index, ResumeCosines(index.search(vector)))

    def with_index(self, index: Similarities) -> ProfileMeaning:
        """The same profile against another index (the vectors read again): one more scan, no embedding."""
        vector = self.embedder.embed([self.person.resume_text])[0]
        cosines = ResumeCosines(index.search(vector))
        return ProfileMeaning(self.profile, self.person, self.embedder, index, cosines)

    @property
    def profile_name(self) -> str:
        return self.profile.name


def page_index(db: Database, ids: Sequence[int], model_id: str) -> VectorIndex:
    """The stored vectors of ``model_id`` of just these jobs, as an index: enough to score one page
    (the same cosines as the whole index gives them) without reading every vector."""
    from sqlalchemy import select

    from jobscraper.store.vectors import VECTOR

    found: list[tuple[int, bytes, float]] = []
    with db.reader() as conn:
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            statement = select(VECTOR.c.job_id, VECTOR.c.data, VECTOR.c.scale).where(
                VECTOR.c.model_id == model_id, VECTOR.c.job_id.in_(chunk)
            )
            found.extend((int(i), bytes(d), float(s)) for i, d, s in conn.execute(statement))
    found.sort()
    dim = len(found[0][1]) if found else 0
    matrix = numpy.frombuffer(b"".join(d for _, d, _ in found), dtype=numpy.int8).reshape(len(found), dim)
    return VectorIndex(
        numpy.asarray([i for i, _, _ in found], dtype=numpy.int64),
        matrix,
        numpy.asarray([s for _, _, s in found], dtype=numpy.float32),
    )


def _fit_rows(db: Database, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    from sqlalchemy import select

    from jobscraper.store.tables import JOB

    columns = [JOB.c[name] for name in FIT_COLUMNS]
    rows: dict[int, dict[str, Any]] = {}
    with db.reader() as conn:
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            for row in conn.execute(select(*columns).where(JOB.c.id.in_(chunk))).mappings():
                rows[int(row["id"])] = dict(row)
    return rows


def _with_fit(job: JobPublic, found: Fit | None) -> FitJob:
    fields = job.model_dump()
    if found is not None:
        fields.update(fit=found.score, fit_reasons=found.reasons, fit_sunk=found.sunk)
    return FitJob.model_validate(fields)


def fit_jobs(db: Database, jobs: Sequence[JobPublic], meaning: ProfileMeaning) -> list[FitJob]:
    """``jobs`` (in their order, sources kept) each with its fit for the profile."""
    rows = _fit_rows(db, [job.id for job in jobs])
    return [
        _with_fit(
            job, fit(rows[job.id], meaning.person, meaning.cosines.get(job.id)) if job.id in rows else None
        )
        for job in jobs
    ]


def unscored_page(page: SearchPage) -> FitPage:
    """``page`` in the listed shape, no job scored (no profile, no résumé, or no model).

    Each :class:`FitJob` is validated from the job's field values as pydantic holds them
    (``vars(job)``: its sources stay the validated objects they are) rather than from a dump: half
    the cost, about 0.3 ms less per page of 25 (issue 18), and the same values and fields set.
    ``dict(job)`` and ``model_construct`` would cost more than the dump (pure Python over 58
    fields)."""
    return FitPage(
        total=page.total,
        total_capped=page.total_capped,
        page=page.page,
        per_page=page.per_page,
        items=[FitJob.model_validate(vars(job)) for job in page.items],
    )


def fit_page(db: Database, page: SearchPage, meaning: ProfileMeaning) -> FitPage:
    """``page`` (its order, total and paging kept) with each job's fit for the profile."""
    return FitPage(
        total=page.total,
        total_capped=page.total_capped,
        page=page.page,
        per_page=page.per_page,
        items=fit_jobs(db, page.items, meaning),
        fit_profile=meaning.profile_name,
    )


def ranked_page(db: Database, query: JobQuery, meaning: ProfileMeaning, *, stored: bool = True) -> FitPage:
    """The page ``query`` asks for of the jobs its filters let through, best fit first (ties: the
    closer meaning, then the lower id — :func:`rank_jobs`'s order); the total is exact. From the
    stored fits when they are fresh (``stored``: see :func:`rank_jobs`)."""
    start = (query.page - 1) * query.per_page
    ranked = rank_jobs(
        db,
        meaning.profile,
        limit=start + query.per_page,
        embedder=meaning.embedder,
        filters=query,
        index=meaning.index,
        stored=stored,
    )
    return _listed(db, query, ranked[start:], meaning.profile_name)


def stored_page(db: Database, query: JobQuery, profile: ProfileFields, embedder: Embeds) -> FitPage | None:
    """:func:`ranked_page` from the stored fits alone, without a :class:`ProfileMeaning` (no scan
    of the index; the résumé embedded only if some job must be scored now); None when they
    cannot answer (see :func:`~jobscraper.matching.fit_query.stored_ranking`)."""
    from jobscraper.matching.fit_query import stored_ranking
    from jobscraper.matching.fit_store import resume_vector

    start = (query.page - 1) * query.per_page
    ranked = stored_ranking(
        db, profile, embedder, lambda: resume_vector(profile, embedder), filters=query,
        limit=start + query.per_page,
    )  # fmt: skip
    return None if ranked is None else _listed(db, query, ranked[start:], profile.name)


def page_total(conn: Connection, query: JobQuery) -> tuple[int, bool]:
    """How many jobs ``query``'s filters let through, and whether that is a cap: what the job list
    (:func:`~jobscraper.store.search_jobs`) reports for the same filters. Counting every job took
    70 ms of a 80 ms ``sort=fit`` page at 90k jobs; ``job_count`` answers the usual filters at
    once, and a text query matching more than ``LARGE_MATCH`` jobs is counted up to ``COUNT_CAP``
    + 1 only (55 -> 3 ms for "engineer")."""
    from sqlalchemy import func, select

    from jobscraper.store.fits import matches_more_than
    from jobscraper.store.search import COUNT_CAP, LARGE_MATCH, filtered_select, match_expression
    from jobscraper.store.search_list import blocklist_empty, counted_total
    from jobscraper.store.tables import JOB

    dialect = conn.dialect.name
    unblocked = blocklist_empty(conn)  # no rule: the blocklist's condition is left out
    match = match_expression(query) if dialect == "sqlite" else None
    if dialect == "sqlite" and match is None and unblocked:
        counted = counted_total(conn, query)
        if counted is not None:
            return counted, False
    if match is not None and matches_more_than(conn, match, LARGE_MATCH):
        some = filtered_select(query, [JOB.c.id], dialect, include_blocked=unblocked).limit(COUNT_CAP + 1)
        found = int(conn.execute(select(func.count()).select_from(some.subquery())).scalar_one())
        return (COUNT_CAP, True) if found > COUNT_CAP else (found, False)
    counting = filtered_select(query, [func.count()], dialect, include_blocked=unblocked)
    return int(conn.execute(counting).scalar_one()), False


def _listed(db: Database, query: JobQuery, chosen: list[RankedJob], profile_name: str) -> FitPage:
    from sqlalchemy import select

    from jobscraper.store.tables import JOB

    columns = [JOB.c[name] for name in JobPublic.model_fields if name != "sources"]
    with db.reader() as conn:
        total, capped = page_total(conn, query)
        rows = {
            row.id: row for row in conn.execute(select(*columns).where(JOB.c.id.in_([r.id for r in chosen])))
        }
    items = [
        FitJob.model_validate(
            {**rows[r.id]._mapping, "fit": r.score, "fit_reasons": r.reasons, "fit_sunk": r.sunk}
        )
        for r in chosen
        if r.id in rows
    ]
    return FitPage(
        total=total, total_capped=capped, page=query.page, per_page=query.per_page, items=items,
        fit_profile=profile_name,
    )  # fmt: skip
