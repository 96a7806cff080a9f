"""Stored fits: computing each job's fit for a profile once and keeping it in the job database
(``job_fit``, :mod:`jobscraper.store.fits`), so ranking 100k jobs by fit reads an index instead of
scoring every job on every query.

A stored fit is only as good as what it was computed from. Besides the job (whose changes the
database's triggers watch), the score depends on the profile's content, the scorer's code and
constants, and the embedding model; :func:`fit_version` hashes all of them, and a row of another
version is never read. Bump :data:`SCORER_VERSION` when a change to the score's code is not seen
in its constants.

Fits are written by the writer, like vectors (:meth:`jobscraper.store.writer.Writer.fill_fits`
runs :func:`fill_in_writer`): it reads the jobs, scores them and stores the fits in one
transaction, so a job that changed meanwhile cannot get a fit of its old self. The caller sends the
résumé's vector (the writer holds no model) and the version it computed; a profile that changed in
between is reported ``stale`` and nothing is stored. :func:`fill_fits` walks every missing fit of a
profile through the writer with progress — what ``match``, ``reindex``, ``import``, ``profile set``
and a run's embedding pass call.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy
from pydantic import BaseModel, Field

from jobscraper.matching.profile import PreferenceFields, ProfileFields
from jobscraper.matching.rank import FIT_COLUMNS, Embeds, _resume_vector
from jobscraper.matching.score import (
    COSINE_HIGH,
    COSINE_LOW,
    NEUTRAL,
    SINK_CAP,
    WEIGHTS,
    Fit,
    Person,
    fit,
    person_from_profile,
)
from jobscraper.matching.vectors import VectorIndex

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from jobscraper.store import Database
    from jobscraper.store.fits import FitFill
    from jobscraper.store.writer_client import WriterClient

__all__ = [
    "FILL_BATCH",
    "SCORER_VERSION",
    "FitRequest",
    "ScoredJob",
    "fill_fits",
    "fill_in_writer",
    "fit_version",
    "pack",
    "profile_id",
    "resume_vector",
    "score_ids",
    "unpack",
]

# 2: the language part, the résumé's target levels, 'staff nurse' is no level;
# 3: title words credited where the résumé names its roles, refusals reach over commas;
# 4: "mid-market"/"mid-size" in a résumé's wish is no level
SCORER_VERSION = 4
"""Bumped when the fit's code changes in a way its constants (weights, cut-offs) do not show."""
FILL_BATCH = 500
"""Jobs one writer call scores and stores (~50 ms of the writer's time)."""
_CHUNK = 500


def fit_version(profile: ProfileFields, embedder: Embeds) -> str:
    """A digest of everything a fit depends on besides the job: the profile's preferences and
    résumé, the scorer (its version and constants), the model and what of the résumé it reads."""
    content = {
        "preferences": profile.model_dump(mode="json", include=set(PreferenceFields.model_fields)),
        "resume": profile.resume_text,
        "scorer": SCORER_VERSION,
        "weights": WEIGHTS,
        "constants": [SINK_CAP, COSINE_LOW, COSINE_HIGH, NEUTRAL],
        "model": embedder.model_id,
        "max_tokens": getattr(embedder, "max_tokens", None),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def resume_vector(profile: ProfileFields, embedder: Embeds) -> numpy.ndarray[Any, Any]:
    """The résumé as one vector, as :func:`~jobscraper.matching.rank.rank_jobs` embeds it."""
    return _resume_vector(embedder, profile.resume_text)


def pack(found: Fit) -> bytes:
    """A fit's parts and reasons as stored (``job_fit.detail``): compressed JSON, ~4x smaller."""
    return zlib.compress(found.model_dump_json(include={"parts", "reasons"}).encode("utf-8"), 1)


def unpack(detail: bytes, score: int, sunk: bool) -> Fit:
    """The fit back from its stored score, sunk flag and :func:`pack`'d detail."""
    return Fit.model_validate({**json.loads(zlib.decompress(detail)), "score": score, "sunk": sunk})


class FitRequest(BaseModel):
    """One writer call's worth of scoring: the profile (by name) at ``version``, the résumé's
    vector of ``model_id``, and which jobs — ``job_ids``, else the next ``limit`` missing ones
    after ``after_id``."""

    profile_name: str
    version: str
    model_id: str
    max_tokens: int | None = None
    vector: list[float]
    job_ids: list[int] | None = None
    after_id: int = 0
    limit: int = Field(FILL_BATCH, ge=1)


class ScoredJob(BaseModel):
    """A job scored now: its row (the fit's columns), its fit and its cosine (None: no vector)."""

    job: dict[str, Any]
    fit: Fit
    cosine: float | None


def profile_id(conn: Connection, name: str) -> int | None:
    """The stored profile's id by name (None: no such profile)."""
    from sqlalchemy import select

    from jobscraper.store.profiles import PROFILE

    found = conn.execute(select(PROFILE.c.id).where(PROFILE.c.name == name)).scalar()
    return None if found is None else int(found)


def score_ids(
    conn: Connection, person: Person, vector: numpy.ndarray[Any, Any], model_id: str, ids: Sequence[int]
) -> list[ScoredJob]:
    """These jobs' fits for ``person`` now, in id order (a job that no longer exists is left out)."""
    from sqlalchemy import select

    from jobscraper.store.tables import JOB
    from jobscraper.store.vectors import VECTOR

    scored: list[ScoredJob] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = sorted(ids[start : start + _CHUNK])
        rows = conn.execute(select(*(JOB.c[n] for n in FIT_COLUMNS)).where(JOB.c.id.in_(chunk))).mappings()
        jobs = sorted((dict(row) for row in rows), key=lambda job: int(job["id"]))
        stored = conn.execute(
            select(VECTOR.c.job_id, VECTOR.c.data, VECTOR.c.scale)
            .where(VECTOR.c.model_id == model_id, VECTOR.c.job_id.in_(chunk))
            .order_by(VECTOR.c.job_id)
        ).all()
        cosines: dict[int, float] = {}
        if stored:
            matrix = numpy.frombuffer(b"".join(bytes(r.data) for r in stored), dtype=numpy.int8)
            index = VectorIndex(
                numpy.asarray([r.job_id for r in stored], dtype=numpy.int64),
                matrix.reshape(len(stored), -1),
                numpy.asarray([r.scale for r in stored], dtype=numpy.float32),
            )
            cosines = index.similarity(vector)
        for job in jobs:
            cosine = cosines.get(int(job["id"]))
            scored.append(ScoredJob(job=job, fit=fit(job, person, cosine), cosine=cosine))
    return scored


def fill_in_writer(db: Database, request: FitRequest) -> FitFill:
    """Score and store the requested missing fits in one write transaction (the writer's side)."""
    from jobscraper.store.fits import FitFill, FitRow, missing_fit_ids, write_fits

    with db.writer() as conn:
        pid = profile_id(conn, request.profile_name)
        if pid is None:
            return FitFill(stored=0, last_id=request.after_id, done=True, stale=True)
        profile = _profile_in(conn, request.profile_name)
        now = _VersionOf(request.model_id, request.max_tokens)
        if fit_version(profile, now) != request.version:
            return FitFill(stored=0, last_id=request.after_id, done=True, stale=True)
        ids = missing_fit_ids(
            conn, pid, request.version, job_ids=request.job_ids,
            after_id=request.after_id, limit=request.limit if request.job_ids is None else None,
        )  # fmt: skip
        vector = numpy.asarray(request.vector, dtype=numpy.float32)
        scored = score_ids(conn, person_from_profile(profile), vector, request.model_id, ids)
        rows = [
            FitRow(
                job_id=s.job["id"], score=s.fit.score, cosine=s.cosine, sunk=s.fit.sunk, detail=pack(s.fit)
            )
            for s in scored
        ]
        stored = write_fits(conn, pid, request.version, rows)
    done = request.job_ids is not None or len(ids) < request.limit
    return FitFill(stored=stored, last_id=ids[-1] if ids else request.after_id, done=done)


class _VersionOf:
    """The model's side of :func:`fit_version` as the request names it (the writer has no model)."""

    def __init__(self, model_id: str, max_tokens: int | None) -> None:
        self.model_id = model_id
        self.max_tokens = max_tokens
        self.dim = 0

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, Any]:
        raise NotImplementedError("the writer embeds nothing")


def _profile_in(conn: Connection, name: str) -> ProfileFields:
    from sqlalchemy import select

    from jobscraper.matching.profile import ProfilePublic
    from jobscraper.store.profiles import PROFILE

    row = conn.execute(select(PROFILE).where(PROFILE.c.name == name)).one()
    return ProfilePublic.model_validate(dict(row._mapping))


Progress = Callable[[int, int], object]
"""Told (fits stored so far, fits missing at the start) after each writer call."""


def fill_fits(
    db: Database,
    writer: WriterClient,
    profile: ProfileFields,
    embedder: Embeds,
    progress: Progress | None = None,
    *,
    job_ids: Sequence[int] | None = None,
    batch_size: int = FILL_BATCH,
) -> int:
    """Store the profile's fit for every job that lacks a fresh one (archived jobs left out; or
    just ``job_ids``), through ``writer``; returns how many were stored. Stops early, storing
    nothing more, if the profile changes meanwhile (the next fill starts over for the new one)."""
    from jobscraper.store.fits import count_missing_fits

    if not profile.resume_text.strip():
        return 0
    version = fit_version(profile, embedder)
    with db.reader() as conn:
        pid = profile_id(conn, profile.name)
        if pid is None:
            return 0
        total = len(job_ids) if job_ids is not None else count_missing_fits(conn, pid, version)
    if progress is not None:
        progress(0, total)
    if total == 0:
        return 0
    base = FitRequest(
        profile_name=profile.name, version=version, model_id=embedder.model_id,
        max_tokens=getattr(embedder, "max_tokens", None),
        vector=[float(x) for x in resume_vector(profile, embedder)], limit=batch_size,
    )  # fmt: skip
    done = 0
    if job_ids is not None:
        for start in range(0, len(job_ids), batch_size):
            chunk = list(job_ids[start : start + batch_size])
            answer = writer.fill_fits(base.model_copy(update={"job_ids": chunk})).result()
            done += answer.stored
            if progress is not None:
                progress(done, total)
            if answer.stale:
                break
        return done
    after_id = 0
    while True:
        answer = writer.fill_fits(base.model_copy(update={"after_id": after_id})).result()
        done += answer.stored
        after_id = answer.last_id
        if progress is not None:
            progress(min(done, total), total)
        if answer.done or answer.stale:
            return done
