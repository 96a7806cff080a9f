"""The fast paths of ranking by fit give the full paths' answers: a ``sort=fit`` page read from the
stored fits (an indexed walk, the total from ``job_count`` or a capped count) is the page ranked
live by scoring every job, and its total is the one the job list reports for the same filters."""

from __future__ import annotations

import pytest

from jobscraper.matching.fit_store import fill_fits
from jobscraper.matching.job_fit import ProfileMeaning, page_total, ranked_page
from jobscraper.matching.rank import rank_jobs
from jobscraper.matching.vectors import VectorIndex
from jobscraper.store import Database, JobQuery, search_jobs
from jobscraper.store.profiles import get_profile
from jobscraper.store.writer_client import WriterClient
from tests.unit.matching.fakes import HashingEmbedder
from tests.unit.matching.test_fit_store import world

__all__ = ["world"]

FILTERS = [
    JobQuery(sort="fit"),
    JobQuery(sort="fit", remote=True),
    JobQuery(sort="fit", q="engineer"),
    JobQuery(sort="fit", q="python", location="Portugal"),
    JobQuery(sort="fit", min_salary=44_000),
    JobQuery(sort="fit", archived="include", include_hidden=True),
    JobQuery(sort="fit", q="zzz"),
]


def _listed_total(db: Database, query: JobQuery) -> tuple[int, bool]:
    page = search_jobs(db, query.model_copy(update={"sort": "posted"}))
    return page.total, page.total_capped


@pytest.mark.parametrize("large", [False, True], ids=["exact", "common-word"])
def test_a_page_by_fit_is_the_live_page_with_the_lists_total(
    db: Database,
    world: tuple[WriterClient, HashingEmbedder],
    monkeypatch: pytest.MonkeyPatch,
    large: bool,
) -> None:
    from jobscraper.store import fits, search

    if large:  # every text query is a common word: the walk, and a total capped at 7
        monkeypatch.setattr(fits, "LARGE_MATCH", 0)
        monkeypatch.setattr(search, "LARGE_MATCH", 0)
        monkeypatch.setattr(search, "COUNT_CAP", 7)
    writer, embedder = world
    profile = get_profile(db, "ana")
    meaning = ProfileMeaning.build(profile, embedder, VectorIndex.load(db, embedder.model_id))
    live = {
        (i, page): ranked_page(
            db, query.model_copy(update={"page": page, "per_page": 8}), meaning, stored=False
        )
        for i, query in enumerate(FILTERS)
        for page in (1, 2, 4)
    }
    fill_fits(db, writer, profile, embedder)
    for (i, page), full in live.items():
        query = FILTERS[i].model_copy(update={"page": page, "per_page": 8})
        fast = ranked_page(db, query, meaning)
        assert [(j.id, j.fit, j.fit_sunk) for j in fast.items] == [
            (j.id, j.fit, j.fit_sunk) for j in full.items
        ]
        assert (fast.total, fast.total_capped) == (full.total, full.total_capped) == _listed_total(db, query)
        with db.reader() as conn:
            assert page_total(conn, query) == _listed_total(db, query), query
    for query in FILTERS:  # match's top 50: read from the index, the same as scoring every job
        fast_top = rank_jobs(db, profile, embedder=embedder, filters=query, limit=50)
        full_top = rank_jobs(db, profile, embedder=embedder, filters=query, limit=50, stored=False)
        assert [(r.id, r.score, r.cosine) for r in fast_top] == [(r.id, r.score, r.cosine) for r in full_top]
    if large:
        assert live[(2, 1)].total_capped and live[(2, 1)].total == 7


def test_the_count_of_jobs_without_a_vector_is_the_live_one(
    db: Database, world: tuple[WriterClient, HashingEmbedder]
) -> None:
    """Read from the stored fits when none was made without a vector; counted otherwise."""
    from jobscraper.matching.reindex import embed_missing

    writer, embedder = world
    profile = get_profile(db, "ana")
    filters = [JobQuery(), JobQuery(q="engineer"), JobQuery(remote=True), JobQuery(archived="include")]

    def counts(stored: bool) -> list[int]:
        told: list[int] = []
        for query in filters:
            rank_jobs(
                db, profile, embedder=embedder, filters=query, limit=10, on_missing=told.append, stored=stored
            )
        return told

    fill_fits(db, writer, profile, embedder)
    assert counts(True) == counts(False) and counts(False)[0] == 3  # the world's three jobs without one
    assert embed_missing(db, writer, embedder) == 3
    fill_fits(db, writer, profile, embedder)
    assert counts(True) == counts(False) == [0, 0, 0, 0]
