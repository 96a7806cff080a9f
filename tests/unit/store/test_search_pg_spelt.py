"""A PostgreSQL search's last word (a prefix) spelt out as the words it stands for (migration 0026,
:func:`jobscraper.store.search_pg.spelled_tsquery`): the same jobs, where the words' GIN index
would collect the prefix's keys into a bitmap of their own first."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, text

from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs, search_pg_page
from jobscraper.store import search_pg as search_pg_module
from jobscraper.store import search_pg_walk as walk
from jobscraper.store.search_pg import MAX_SPELLED, spelled_tsquery, tsquery_text
from tests.alembic_steps import migrate
from tests.postings import posting_dict

TITLES = [
    "Senior Python Developer",
    "Seniors Care Worker",
    "Pythonista Wanted",
    "Full-Stack Node.js Engineer",
    "Café Manager",
    "C++ Engineer",
    "Python Engineer",
    "Data Engineer",
]
_VECTOR_WORDS = text("SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM job_search")
_WORDS = text("SELECT word FROM job_search_word")


def test_the_last_word_is_spelt_out_as_plain_words_only() -> None:
    assert spelled_tsquery("java sen", ["senior", "seniors"]) == "'java' & ( 'senior' | 'seniors' )"
    assert spelled_tsquery("Pyth", ["python"]) == "'python'"
    assert spelled_tsquery("c++ dev", None) == "'cplusplus' & 'dev':*", "not one lexeme: a prefix"
    assert spelled_tsquery("dev", []) == "'dev':*", "no such word: the prefix matches nothing either"
    assert spelled_tsquery("dev", ["dev"] * (MAX_SPELLED + 1)) == "'dev':*", "too many to spell out"
    assert spelled_tsquery("sen", ["senior", "seniors", "senate"]) == "'sen':*"
    assert spelled_tsquery("no", ["node", "node.js"]) == "'no':*", "to_tsquery would split node.js"
    assert spelled_tsquery("caf", ["café"]) == "'caf':*"
    assert spelled_tsquery("  ", ["x"]) is None


@pytest.fixture
def jobs(pg_db: Database) -> Database:
    postings = [
        posting_dict(n, title=title, description=f"{title}. Join us.", skills=None)
        for n, title in enumerate(TITLES, start=1)
    ]
    SyncEngine(pg_db).upsert(postings)
    return pg_db


def _words(db: Database) -> set[str]:
    with db.reader() as conn:
        return set(conn.execute(_WORDS).scalars())


def _vector_words(db: Database) -> set[str]:
    with db.reader() as conn:
        return set(conn.execute(_VECTOR_WORDS).scalars())


def test_the_words_table_holds_every_word_of_the_vectors(jobs: Database) -> None:
    assert _words(jobs) == _vector_words(jobs) >= {"senior", "seniors", "pythonista", "cplusplus"}
    with jobs.engine.begin() as conn:  # an edit of the words adds the new ones
        conn.execute(text("UPDATE job SET description = 'Quokkas keeper' WHERE id = 1"))
        conn.execute(text("UPDATE job SET last_seen = last_seen WHERE id > 2"))  # no word changes
    assert {"quokkas", "keeper"} <= _words(jobs)
    assert _words(jobs) >= _vector_words(jobs)
    SyncEngine(jobs).upsert([posting_dict(20, title="Zymurgist", skills=None)])
    assert "zymurgist" in _words(jobs) and _words(jobs) >= _vector_words(jobs)


QUERIES: list[dict[str, Any]] = [
    {"q": "sen"},
    {"q": "senior"},
    {"q": "pyth", "sort": "posted"},
    {"q": "engineer pyth"},
    {"q": "node", "sort": "title"},
    {"q": "caf"},
    {"q": "c++"},
    {"q": "cplus"},
    {"q": "e", "sort": "posted"},
    {"q": "zzz"},
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: ",".join(f"{k}={v}" for k, v in q.items()))
def test_a_search_spelt_out_finds_what_its_prefix_finds(
    jobs: Database, monkeypatch: pytest.MonkeyPatch, query: dict[str, Any]
) -> None:
    monkeypatch.setattr(walk, "GIN_MATCH_US", 0.0)  # never the walk: the GIN plans
    spelt = search_jobs(jobs, JobQuery(**query))
    monkeypatch.setattr(search_pg_page, "spelled_tsquery", lambda q, words: tsquery_text(q))
    assert search_jobs(jobs, JobQuery(**query)) == spelt


def _matched_with(db: Database, query: JobQuery) -> set[str]:
    """The ``tsq`` values of the statements a search ran."""
    seen: set[str] = set()

    def record(conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        if isinstance(params, dict) and "tsq" in params:
            seen.add(params["tsq"])

    event.listen(db.read_engine, "before_cursor_execute", record)
    try:
        search_jobs(db, query)
    finally:
        event.remove(db.read_engine, "before_cursor_execute", record)
    return seen


def test_the_gin_plans_match_the_words_spelt_out(jobs: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk, "GIN_MATCH_US", 0.0)
    for sort in ("relevance", "posted"):
        query = JobQuery(q="python sen", sort=sort)
        assert "'python' & ( 'senior' | 'seniors' )" in _matched_with(jobs, query)
        assert [j.title for j in search_jobs(jobs, query).items] == ["Senior Python Developer"]
    monkeypatch.setattr(search_pg_module, "MAX_SPELLED", 1)  # two words: left a prefix
    assert _matched_with(jobs, JobQuery(q="python sen")) == {"'python' & 'sen':*"}


def test_0026_goes_down_and_up_filling_the_words(jobs: Database) -> None:
    migrate(jobs, "0025", down=True)
    with jobs.reader() as conn:
        assert conn.execute(text("SELECT to_regclass('job_search_word')")).scalar() is None
    migrate(jobs, "0026")
    assert _words(jobs) == _vector_words(jobs)
    assert [j.title for j in search_jobs(jobs, JobQuery(q="pythoni")).items] == ["Pythonista Wanted"]
