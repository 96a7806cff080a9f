"""Hybrid search (words + meaning, reciprocal rank fusion) on a real job database.

With the bundled model on a small hand-made set: a paraphrase that shares none of the query's
words is found, a keyword collision is not, the filters and user state are honoured, paging and
totals hold together, jobs without a vector still come through their words, and an empty index is
the text search exactly. With the fake embedder: the fusion's arithmetic. On PostgreSQL (its
tsvector text search, ranked by ts_rank_cd) where a server is installed: the same pages as on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import update

from jobscraper.matching import hybrid as hybrid_module
from jobscraper.matching.embed import Embedder, load_embedder
from jobscraper.matching.hybrid import MEANING_THRESHOLD, RRF_K, fuse, hybrid_search
from jobscraper.matching.reindex import embed_missing
from jobscraper.matching.vectors import VectorIndex
from jobscraper.store import (
    Database,
    JobQuery,
    SearchPage,
    SyncEngine,
    UserUpdate,
    open_database,
    search_jobs,
)
from jobscraper.store.tables import JOB
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from tests.unit.matching.fakes import FakeIndex, HashingEmbedder

PARAPHRASE = "Server-side engineer (Django)"
POSTINGS: list[dict[str, Any]] = [
    {
        "title": "Backend Engineer (Python)",
        "skills": ["Python", "FastAPI"],
        "description": "Python backend services with FastAPI for our Berlin team.",
    },
    {  # neither "python" nor "backend": found by meaning only (the words search needs every word)
        "title": PARAPHRASE,
        "skills": None,
        "description": "Django developer for our Berlin office: server-side APIs.",
    },
    {  # the same, in Munich: found by meaning, left out by a location filter
        "title": "Server-side engineer (Django), Munich",
        "skills": None,
        "description": "Django developer for our Munich office, next to Berlin's: server-side APIs.",
        "location": "Munich, Germany",
    },
    {  # "python" and "berlin", but a zoo job: a keyword collision, far in meaning
        "title": "Reptile Keeper",
        "skills": ["Animal care"],
        "description": "Care for snakes, including a royal python, at the Berlin zoo.",
    },
    {
        "title": "ICU Nurse",
        "skills": ["Critical care"],
        "description": "Critical care nursing on a busy ward.",
    },
    {
        "title": "Account Executive",
        "skills": ["Sales"],
        "description": "Sell our developer platform to companies in Berlin.",
    },
    {
        "title": "Frontend Developer (React)",
        "skills": ["React", "TypeScript"],
        "description": "Build our web shop in React. Some Python backend work now and then.",
        "location": "Munich, Germany",
    },
]
QUERY = "python backend Berlin"


@pytest.fixture(scope="module")
def model() -> Embedder:
    from jobscraper.config import MatchingSettings

    return load_embedder(MatchingSettings())


def _fill(db: Database, make_posting: Callable[..., dict[str, Any]], model: Embedder) -> dict[str, int]:
    SyncEngine(db).upsert([make_posting(**posting) for posting in POSTINGS])
    embed_missing(db, WriterClient(InProcessTransport(Writer(db))), model)
    with db.reader() as conn:
        return {row.title: row.id for row in conn.execute(JOB.select())}


@pytest.fixture
def jobs(db: Database, make_posting: Callable[..., dict[str, Any]], model: Embedder) -> dict[str, int]:
    return _fill(db, make_posting, model)


def _titles(page: SearchPage) -> list[str]:
    return [job.title for job in page.items]


def test_a_paraphrase_is_found_by_meaning_and_a_keyword_collision_is_not(
    db: Database, jobs: dict[str, int], model: Embedder
) -> None:
    index = VectorIndex.load(db, model.model_id)
    assert _titles(search_jobs(db, JobQuery(q=QUERY))) == ["Backend Engineer (Python)"]
    page = hybrid_search(db, JobQuery(q=QUERY), model, index)
    assert _titles(page) == ["Backend Engineer (Python)", PARAPHRASE, "Server-side engineer (Django), Munich"]
    assert page.total == 3 and not page.total_capped
    cosines = index.similarity(model.embed([QUERY])[0])
    assert cosines[jobs[PARAPHRASE]] >= MEANING_THRESHOLD > cosines[jobs["Reptile Keeper"]]


def test_filters_and_user_state_are_honoured(db: Database, jobs: dict[str, int], model: Embedder) -> None:
    index = VectorIndex.load(db, model.model_id)
    wide = hybrid_search(db, JobQuery(q=QUERY), model, index)
    berlin = hybrid_search(db, JobQuery(q=QUERY, location="Berlin"), model, index)
    assert _titles(berlin) == ["Backend Engineer (Python)", PARAPHRASE]
    assert berlin.total == wide.total - 1
    munich = hybrid_search(db, JobQuery(q=QUERY, location="munich"), model, index)
    assert _titles(munich) == ["Server-side engineer (Django), Munich"] and munich.total == 1
    sync = SyncEngine(db)
    sync.update_user_fields(jobs[PARAPHRASE], UserUpdate(hidden=True))
    with db.writer() as conn:
        conn.execute(
            update(JOB)
            .where(JOB.c.title == "Backend Engineer (Python)")
            .values(archived_at=datetime.now(UTC))
        )
    page = hybrid_search(db, JobQuery(q=QUERY, location="Berlin"), model, index)
    assert page.items == [] and page.total == 0
    shown = hybrid_search(
        db, JobQuery(q=QUERY, location="Berlin", include_hidden=True, archived="include"), model, index
    )
    assert _titles(shown) == ["Backend Engineer (Python)", PARAPHRASE]
    only = hybrid_search(db, JobQuery(q=QUERY, include_hidden=True, archived="only"), model, index)
    assert _titles(only) == ["Backend Engineer (Python)"]


@pytest.mark.parametrize("depth", [1, 2, 1000])
@pytest.mark.parametrize("query", ["python backend", "engineer", "critical care", QUERY])
def test_pages_partition_the_matches_and_agree_on_the_total(
    db: Database,
    jobs: dict[str, int],
    model: Embedder,
    query: str,
    depth: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        hybrid_module, "FUSE_DEPTH", depth
    )  # the words' matches past it follow the fused list
    index = VectorIndex.load(db, model.model_id)
    whole = hybrid_search(db, JobQuery(q=query, per_page=50), model, index)
    assert whole.total == len(whole.items) > 0
    paged: list[int] = []
    for number in range(1, whole.total + 2):
        page = hybrid_search(db, JobQuery(q=query, per_page=1, page=number), model, index)
        assert page.total == whole.total
        paged += [job.id for job in page.items]
    assert paged == [job.id for job in whole.items]  # the last page, past the end, is empty
    words = {job.id for job in search_jobs(db, JobQuery(q=query, per_page=50)).items}
    assert words <= set(paged)  # every words match is a match


def test_more_close_jobs_than_the_window_cap_the_total(
    db: Database, jobs: dict[str, int], model: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = VectorIndex.load(db, model.model_id)
    assert not hybrid_search(db, JobQuery(q=QUERY), model, index).total_capped
    monkeypatch.setattr(hybrid_module, "MEANING_WINDOW", 1)  # the closest job passes the threshold
    page = hybrid_search(db, JobQuery(q=QUERY), model, index)
    assert page.total_capped and _titles(page)[0] == "Backend Engineer (Python)"


def test_a_job_without_a_vector_comes_through_its_words(
    db: Database, jobs: dict[str, int], model: Embedder, make_posting: Callable[..., dict[str, Any]]
) -> None:
    index = VectorIndex.load(db, model.model_id)
    SyncEngine(db).upsert(
        [
            make_posting(title="Python backend developer", skills=None, description="Berlin office."),
            make_posting(title="Server-side Django developer", skills=None, description="Web APIs."),
        ]
    )  # added after the index was read: neither has a vector in it
    page = hybrid_search(db, JobQuery(q=QUERY), model, index)
    assert "Python backend developer" in _titles(page)
    assert "Server-side Django developer" not in _titles(page)
    assert page.total == 4


def test_an_empty_index_is_the_text_search(db: Database, jobs: dict[str, int], model: Embedder) -> None:
    empty = VectorIndex.load(db, "no-such-model@0")
    assert len(empty) == 0
    for q in (
        JobQuery(q=QUERY),
        JobQuery(q="python", per_page=1, page=2),
        JobQuery(q="care", location="Berlin"),
        JobQuery(q="nothing-matches-this"),
    ):
        ours, words = hybrid_search(db, q, model, empty), search_jobs(db, q)
        assert [j.id for j in ours.items] == [j.id for j in words.items]
        assert (ours.total, ours.total_capped) == (words.total, words.total_capped)


def test_other_sorts_and_no_words_are_the_text_search(
    db: Database, jobs: dict[str, int], model: Embedder
) -> None:
    index = VectorIndex.load(db, model.model_id)
    for q in (JobQuery(q=QUERY, sort="title"), JobQuery(), JobQuery(q="  ?! "), JobQuery(location="Berlin")):
        assert hybrid_search(db, q, model, index) == search_jobs(db, q)


def test_fuse_adds_reciprocal_ranks() -> None:
    # 10: 1/61; 20: 1/62; 30: 1/63 + 1/61; 40: 1/62 (a tie with 20: the higher id first)
    assert fuse([[10, 20, 30], [30, 40]]) == [30, 10, 40, 20]
    assert fuse([[3, 1, 2]]) == [3, 1, 2]  # one list keeps its order
    assert fuse([[], []]) == []
    assert RRF_K == 60


def test_the_fused_order_with_a_fake_embedder(
    db: Database, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]
) -> None:
    sync.upsert(
        [
            make_posting(title="Kotlin kotlin kotlin", skills=None, description="kotlin android kotlin"),
            make_posting(title="Android engineer", skills=None, description="kotlin for android apps"),
            make_posting(title="Gardener", skills=None, description="plants, soil and an android phone"),
        ]
    )
    embedder = HashingEmbedder()
    index = FakeIndex(db, embedder)
    words = [job.id for job in search_jobs(db, JobQuery(q="android")).items]
    meaning = [job_id for job_id, _ in index.search(embedder.embed(["android"])[0])]
    assert len(words) == 3 and words != meaning  # the two rankings disagree
    page = hybrid_search(db, JobQuery(q="android"), embedder, index)
    expected = fuse([words, [job_id for job_id in meaning if job_id in words]])
    assert [job.id for job in page.items] == expected and page.total == 3


@pytest.fixture
def pg_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A new database on the integration tests' PostgreSQL server (skipped where none is installed)."""
    database = open_database(request.getfixturevalue("pg_url"))
    yield database
    database.dispose()


def test_hybrid_search_on_postgresql(
    pg_db: Database, db: Database, make_posting: Callable[..., dict[str, Any]], model: Embedder
) -> None:
    _fill(pg_db, make_posting, model)
    _fill(db, make_posting, model)
    index = VectorIndex.load(pg_db, model.model_id)
    page = hybrid_search(pg_db, JobQuery(q=QUERY), model, index)
    assert _titles(page) == ["Backend Engineer (Python)", PARAPHRASE, "Server-side engineer (Django), Munich"]
    assert page.total == 3
    on_sqlite = VectorIndex.load(db, model.model_id)
    for q in (JobQuery(q="python"), JobQuery(q="django developer"), JobQuery(q="care", per_page=1, page=2)):
        ours, theirs = hybrid_search(pg_db, q, model, index), hybrid_search(db, q, model, on_sqlite)
        assert (_titles(ours), ours.total) == (_titles(theirs), theirs.total), q
    berlin = hybrid_search(pg_db, JobQuery(q=QUERY, location="Berlin", per_page=1, page=2), model, index)
    whole = hybrid_search(pg_db, JobQuery(q=QUERY, location="Berlin"), model, index)
    assert berlin.total == whole.total and [j.id for j in berlin.items] == [whole.items[1].id]
