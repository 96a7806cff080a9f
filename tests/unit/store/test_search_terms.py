"""A search's prefix words as ORs of the index's words (:mod:`jobscraper.store.search_terms`,
migration 0014): the expanded expression matches exactly the jobs the prefix term matches — for
words indexed before the last fold, after it, and by a change of a job's text —; what cannot be
expanded stays a prefix term; the migration fills the words of an existing index; and a page sorted
by a column is the same whether each job's match is probed or every match collected
(:mod:`jobscraper.store.search_walk`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text, update
from test_liveness_migration import insert_job, migrate
from test_search_large import many  # noqa: F401  (the fixture: 120 jobs, most matching "python")
from test_search_relevance import assert_capped_page, one_pass

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, search_terms, search_walk
from jobscraper.store import search as search_module
from jobscraper.store.search import match_expression
from jobscraper.store.search_terms import expanded
from jobscraper.store.tables import JOB

TITLES = [
    "Engineer", "Senior Engineers wanted", "Engineering Lead", "Over-engineered Systems Dev",
    "Café Barista", "C++ Developer", "C# Developer", "Go Developer", "Golang Engineer", "Google Ads",
    "Data Analyst", "Database Admin",
]  # fmt: skip
PREFIXES = ["engineer", "eng", "c++", "c#", "c", "go", "golan", "data", "caf", "café", "zebra", "x"]


def _matches(db: Database, match: str) -> set[int]:
    with db.reader() as conn:
        return set(
            conn.execute(text("SELECT rowid FROM job_fts WHERE job_fts MATCH :m"), {"m": match}).scalars()
        )


def _assert_same_matches(db: Database, queries: list[JobQuery]) -> None:
    for query in queries:
        match = match_expression(query)
        assert match is not None
        with db.reader() as conn:
            wider = expanded(conn, match)
        assert _matches(db, wider) == _matches(db, match), (query, wider)


def _queries() -> list[JobQuery]:
    found = [JobQuery(q=p) for p in PREFIXES]
    found += [JobQuery(q=f"developer {p}") for p in PREFIXES]
    found += [JobQuery(q="developer", location="ber"), JobQuery(q="eng", location="berlin mit")]
    return found


@pytest.fixture
def corpus(sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]) -> None:
    sync.upsert([make_posting(title=t, location="Berlin, Mitte") for t in TITLES])


def test_expanded_prefixes_match_what_the_prefix_terms_match(db: Database, corpus: None) -> None:
    with db.reader() as conn:
        wider = expanded(conn, match_expression(JobQuery(q="senior engineer")) or "")
        assert wider == '("senior" AND ("engineer" OR "engineered" OR "engineering" OR "engineers"))'
        assert expanded(conn, '("café"*)') == '("café"*)'  # the tokenizer folds é: left alone
        assert expanded(conn, '("zebra"*)') == '("zebra"*)'  # no word: nothing to merge anyway
    _assert_same_matches(db, _queries())


def test_words_are_found_before_and_after_a_fold_and_after_a_text_change(
    db: Database, corpus: None, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]
) -> None:
    with db.writer() as conn:  # the triggers' own fold, as the 2,000th addition makes it
        conn.execute(text("UPDATE job_fts_term_state SET pending = 2000"))
    with db.reader() as conn:
        assert conn.execute(text("SELECT count(*) FROM job_fts_recent_vocab")).scalar_one() == 0
        assert "golang" in conn.execute(text("SELECT term FROM job_fts_term")).scalars().all()
    sync.upsert([make_posting(title="Zebracorn Engineeress", location="Berlin")])  # after the fold
    with db.writer() as conn:  # a change of a job's text (not through a scrape)
        conn.execute(update(JOB).where(JOB.c.id == 1).values(description="zebrafish and golfing"))
    with db.reader() as conn:
        assert conn.execute(text("SELECT term FROM job_fts_term WHERE term = 'zebracorn'")).first() is None
    _assert_same_matches(db, [*_queries(), JobQuery(q="zebra"), JobQuery(q="gol"), JobQuery(q="engineere")])
    assert len(_matches(db, '"zebra"*')) == 2


def test_a_prefix_of_too_many_words_stays_a_prefix_term(
    db: Database, corpus: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_terms, "MAX_WORDS", 3)
    with db.reader() as conn:
        assert expanded(conn, '("eng"*)') == '("eng"*)'  # engineer, engineered, engineering, engineers
        assert expanded(conn, '("go"*)') == '(("go" OR "golang" OR "google"))'
    _assert_same_matches(db, _queries())


def test_the_migration_fills_the_words_of_an_existing_index(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    try:
        migrate(engine, "0013")
        insert_job(engine)  # title 'Dev'
        migrate(engine, "0014")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT term FROM job_fts_term")).scalars().all() == ["dev"]
        migrate(engine, "0013", down=True)
        with engine.connect() as conn:
            names = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
        assert not {n for n in names if n.startswith("job_fts_term") or n.startswith("job_fts_recent")}
    finally:
        engine.dispose()


SORTED = [
    JobQuery(q="eng", sort="posted"),
    JobQuery(q="engineer", sort="salary", per_page=4, page=2),
    JobQuery(q="python engineer", sort="last_seen", descending=False, per_page=7, page=3),
    JobQuery(q="engineer", sort="posted", status=JobStatus.APPLIED),
    JobQuery(q="develop", sort="first_seen", remote=False, per_page=5, page=3),
    JobQuery(q="engineer", sort="salary", descending=False, per_page=5),  # NULLs last: collected
]


@pytest.mark.parametrize("collect_us", [0.0, 1e9])  # always collect / always probe
@pytest.mark.parametrize("query", SORTED, ids=lambda q: f"{q.q}-{q.sort}-{q.descending}-{q.page}")
def test_probed_and_collected_pages_are_the_one_pass_order(
    many: Database,  # noqa: F811
    query: JobQuery,
    collect_us: float,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_module, "RANK_WINDOW", 7)
    ids, total = one_pass(many, query)
    monkeypatch.setattr(search_module, "LARGE_MATCH", 10)
    monkeypatch.setattr(search_module, "COUNT_CAP", 20)
    monkeypatch.setattr(search_walk, "COLLECT_US", collect_us)
    assert_capped_page(many, query, ids, total, 10, 20)
