"""Listed jobs with their fit and similar jobs, in the core (the Api's tests cover the routes): the
store refusing sort=fit, a page scored with the cosines the ranking uses, the résumé embedded once,
and "more like this" with the real model on a real SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import update

from jobscraper.errors import Conflict, InputError, NotFound
from jobscraper.matching.job_fit import KnownResume, ProfileMeaning, ResumeCosines, fit_page, ranked_page
from jobscraper.matching.profile import ProfileInput
from jobscraper.matching.rank import rank_jobs
from jobscraper.matching.reindex import embed_missing
from jobscraper.matching.similar import similar_jobs
from jobscraper.matching.vectors import VectorIndex
from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs
from jobscraper.store.profiles import get_active_profile, put_profile
from jobscraper.store.tables import JOB
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from tests.unit.matching.fakes import THREE_POSTINGS, HashingEmbedder

RESUME = "Senior backend engineer: eight years of Python, Django and PostgreSQL services. Lisbon."


@pytest.fixture
def ids(db: Database, sync: SyncEngine, make_posting: Any) -> dict[str, int]:
    sync.upsert([make_posting(**p) for p in THREE_POSTINGS])
    with db.reader() as conn:
        return {row.title: row.id for row in conn.execute(JOB.select())}


def _embed(db: Database, embedder: Any) -> VectorIndex:
    assert embed_missing(db, WriterClient(InProcessTransport(Writer(db))), embedder) > 0
    return VectorIndex.load(db, embedder.model_id)


def test_the_store_refuses_to_sort_by_fit_rather_than_order_by_something_else(
    db: Database, ids: dict[str, int]
) -> None:
    with pytest.raises(InputError, match="sort=fit"):
        search_jobs(db, JobQuery(sort="fit"))
    with pytest.raises(InputError, match="sort=fit"):
        search_jobs(db, JobQuery(q="python", sort="fit"))


def test_cosines_are_looked_up_by_id_and_none_for_a_job_without_a_vector() -> None:
    cosines = ResumeCosines([(9, 0.5), (2, -0.25), (40, 0.75)])
    assert (cosines.get(2), cosines.get(9), cosines.get(40)) == (-0.25, 0.5, 0.75)
    assert cosines.get(3) is None and cosines.get(1000) is None and len(cosines) == 3
    assert ResumeCosines([]).get(1) is None


def test_a_page_is_scored_as_the_ranking_scores_it_and_the_resume_embedded_once(
    db: Database, ids: dict[str, int]
) -> None:
    embedder = HashingEmbedder()
    index = _embed(db, embedder)
    put_profile(db, ProfileInput(name="ana", resume_text=RESUME, activate=True), now=datetime.now(UTC))
    profile = get_active_profile(db)
    assert profile is not None
    calls = embedder.calls
    meaning = ProfileMeaning.build(profile, embedder, index)
    page = fit_page(db, search_jobs(db, JobQuery(sort="title", descending=False)), meaning)
    ranked = {r.id: r for r in rank_jobs(db, profile, limit=None, embedder=meaning.embedder, index=index)}
    assert embedder.calls == calls + 1  # the ranking reused the résumé's vector
    assert page.fit_profile == "ana" and [j.title for j in page.items] == sorted(ids)
    for job in page.items:
        assert (job.fit, job.fit_reasons, job.fit_sunk) == (
            ranked[job.id].score,
            ranked[job.id].reasons,
            False,
        )
    best = ranked_page(db, JobQuery(sort="fit", per_page=1), meaning)
    assert best.total == 3 and [j.title for j in best.items] == ["Senior Backend Engineer (Python, Django)"]


def test_a_known_resume_embeds_any_other_text_with_the_model() -> None:
    model = HashingEmbedder()
    vector = model.embed(["python"])[0]
    known = KnownResume(model, "python", vector)
    assert (known.embed(["python"]) == vector).all() and model.calls == 1
    assert (known.embed(["nurse"]) == model.embed(["nurse"])).all()


def test_similar_jobs_with_the_real_model(
    db: Database, ids: dict[str, int], make_posting: Any, sync: SyncEngine
) -> None:
    from jobscraper.config import MatchingSettings
    from jobscraper.matching.embed import load_embedder

    sync.upsert(
        [
            make_posting(
                title="Backend-Entwickler (Python)",
                location="Berlin",
                description="Wir bauen Webdienste mit Django und PostgreSQL.",
                skills=["Python", "Django"],
            ),
            make_posting(
                title="Pflegefachkraft Intensivstation",
                location="Hamburg",
                description="Pflege von Patienten.",
            ),
        ]
    )
    model = load_embedder(MatchingSettings())
    index = _embed(db, model)
    with db.reader() as conn:
        found = {row.title: row.id for row in conn.execute(JOB.select())}
    backend = found["Senior Backend Engineer (Python, Django)"]
    near = similar_jobs(db, backend, model.model_id, index, limit=4)
    titles = [j.title for j in near]
    assert backend not in [j.id for j in near] and len(near) == 4
    # the German backend posting is closer in meaning than either nursing job
    assert titles.index("Backend-Entwickler (Python)") < min(
        titles.index("ICU Nurse"), titles.index("Pflegefachkraft Intensivstation")
    )
    sims = [j.similarity for j in near]
    assert sims == sorted(sims, reverse=True) and 0 < sims[0] <= 1.0

    with db.writer() as conn:  # archived jobs are left out
        conn.execute(
            update(JOB)
            .where(JOB.c.id == found["Backend-Entwickler (Python)"])
            .values(archived_at=datetime.now(UTC))
        )
    assert "Backend-Entwickler (Python)" not in [
        j.title for j in similar_jobs(db, backend, model.model_id, index)
    ]
    with pytest.raises(NotFound):
        similar_jobs(db, 10**9, model.model_id, index)
    with pytest.raises(Conflict, match="reindex"):
        similar_jobs(db, backend, "another-model", index)
