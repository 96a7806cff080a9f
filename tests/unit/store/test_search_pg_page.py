"""The job search on PostgreSQL with its limits (:mod:`jobscraper.store.search_pg_page`): the total
capped at ``COUNT_CAP`` ("1,000+"), only the ``PG_RANK_WINDOW`` newest matches ranked, pages sorted
by a column (unknown values last) read in index order — each page the same as the exact answer.

The limits are made small here so a few dozen jobs exercise them; the oracle is the same search
with the limits out of reach (one exact pass) or the order written out in Python.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from jobscraper.models import JobStatus
from jobscraper.store import Database, JobQuery, SyncEngine, UserUpdate, search_jobs, search_pg_page
from jobscraper.store import search as search_module
from jobscraper.store.search import search_with
from jobscraper.store.search_ranked import ranked_ids
from tests.postings import posting_dict

N = 60


@pytest.fixture
def many(pg_db: Database) -> Database:
    rng = random.Random(11)
    postings = []
    for n in range(1, N + 1):
        salary = rng.choice([None, 40_000, 55_000, 70_000, 90_000])
        posted = date(2026, 11, 1) - timedelta(days=rng.randint(0, 20))
        postings.append(
            posting_dict(
                n,
                site=rng.choice(["linkedin", "indeed"]),
                title=rng.choice(["Python Developer", "Data Engineer", "Go Engineer"]),
                description="python " * rng.randint(1, 5) + "and more",
                min_amount=salary,
                max_amount=None,
                interval="yearly" if salary else None,
                date_posted=posted.isoformat() if rng.random() > 0.2 else None,
                is_remote=rng.random() < 0.3,
                skills=None,
            )
        )
    sync = SyncEngine(pg_db)
    for start in range(0, N, 10):  # ids follow insertion order
        sync.upsert(postings[start : start + 10])
    for job_id in range(1, N + 1, 5):
        sync.update_user_fields(job_id, UserUpdate(status=JobStatus.INTERESTED))
    return pg_db


def _exact(db: Database, monkeypatch: pytest.MonkeyPatch, **query: Any) -> tuple[list[int], int]:
    """Every match of ``query`` in order, and the total, with no limit in reach."""
    with monkeypatch.context() as m:
        m.setattr(search_module, "COUNT_CAP", 10_000)
        m.setattr(search_pg_page, "PG_RANK_WINDOW", 10_000)
        page = search_jobs(db, JobQuery(**query, per_page=500))
    assert not page.total_capped
    return [job.id for job in page.items], page.total


QUERIES: list[dict[str, Any]] = [
    {"q": "python", "sort": "posted"},
    {"q": "python", "sort": "posted", "descending": False},
    {"q": "python", "sort": "salary"},
    {"q": "python", "sort": "salary", "descending": False},
    {"q": "pyth", "sort": "posted", "remote": False},
    {"q": "python", "sort": "title"},
    {"q": "python", "sort": "salary", "source": "indeed"},
    {"q": "python", "sort": "posted", "status": "interested"},
    {"sort": "posted"},
    {"sort": "salary", "location": "berlin"},
    {},
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: ",".join(f"{k}={v}" for k, v in q.items()) or "all")
def test_capped_pages_are_the_exact_order_and_the_total_says_at_least(
    many: Database, monkeypatch: pytest.MonkeyPatch, query: dict[str, Any]
) -> None:
    ids, total = _exact(many, monkeypatch, **query)
    assert total == len(ids) > 0
    cap = 7
    monkeypatch.setattr(search_module, "COUNT_CAP", cap)
    monkeypatch.setattr(search_pg_page, "SORT_SPAN", 12)  # a page is first looked for among 12 jobs
    pages = [search_jobs(many, JobQuery(**query, per_page=6, page=n)) for n in range(1, 13)]
    assert [j.id for p in pages for j in p.items] == ids, "pages in the exact order, none lost"
    for page in pages:
        if "q" not in query:  # a list without words keeps its exact total
            assert (page.total, page.total_capped) == (total, False)
        elif total > cap:
            assert (page.total, page.total_capped) == (cap, True)
        else:
            assert (page.total, page.total_capped) == (total, False)


def test_a_common_word_counts_up_to_the_cap(many: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_module, "COUNT_CAP", 15)
    page = search_jobs(many, JobQuery(q="python"))
    assert (page.total, page.total_capped) == (15, True)
    rare = search_jobs(many, JobQuery(q="python", status=JobStatus.INTERESTED))
    assert (rare.total, rare.total_capped) == (N // 5, False)


def test_only_the_newest_matches_are_ranked_and_older_ones_follow_newest_first(
    pg_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the old jobs hold the word in their title (strong), the new ones in their description (weak)
    old = [posting_dict(n, title="Kotlin Developer", description="Android.", skills=None) for n in (1, 2, 3)]
    new = [
        posting_dict(n, title=f"Gardener {n}", description=f"A kotlin team {'x ' * n}.", skills=None)
        for n in range(4, 11)
    ]
    sync = SyncEngine(pg_db)
    sync.upsert(old)
    sync.upsert(new)
    ranked, total = _exact(pg_db, monkeypatch, q="kotlin")
    assert total == 10 and set(ranked[:3]) == {1, 2, 3}, "with every match ranked, the titles lead"
    monkeypatch.setattr(search_pg_page, "PG_RANK_WINDOW", 5)
    page = search_jobs(pg_db, JobQuery(q="kotlin", per_page=20))
    window = [i for i in ranked if i >= 6]  # the 5 newest, in their rank order
    assert [j.id for j in page.items] == [*window, 5, 4, 3, 2, 1]
    assert (page.total, page.total_capped) == (10, False)
    second = search_jobs(pg_db, JobQuery(q="kotlin", per_page=4, page=2))
    assert [j.id for j in second.items] == [*window, 5, 4, 3, 2, 1][4:8]


def test_the_newest_matches_are_found_beyond_the_first_span(
    many: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids, total = _exact(many, monkeypatch, q="python", sort="posted", source="indeed")
    monkeypatch.setattr(search_pg_page, "MIN_SPAN", 3)
    monkeypatch.setattr(search_pg_page, "FIRST_SPAN", 1)
    monkeypatch.setattr(search_pg_page, "PG_RANK_WINDOW", 4)
    monkeypatch.setattr(search_module, "COUNT_CAP", 5)
    got = [j.id for n in range(1, 12) for j in search_jobs(many, _q(n, source="indeed")).items]
    assert sorted(got) == sorted(ids) and len(got) == len(set(got)) == total
    newest = sorted(ids, reverse=True)
    assert got[4:] == newest[4:], "past the ranked window: newest first"
    assert sorted(got[:4]) == sorted(newest[:4]), "the window: the 4 newest"


def _q(page: int, **query: Any) -> JobQuery:
    return JobQuery(q="python", per_page=5, page=page, **query)


def test_no_text_holds_a_nul_so_a_nul_filter_matches_nothing(many: Database) -> None:
    page = search_jobs(many, JobQuery(q="python", location="Ber\x00lin"))
    assert (page.total, page.items) == (0, [])


def test_the_hybrid_searchs_words_are_the_search_order_and_total(
    many: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_pg_page, "PG_RANK_WINDOW", 8)
    monkeypatch.setattr(search_module, "COUNT_CAP", 20)
    for query in ({"q": "python"}, {"q": "engineer", "remote": False}, {"q": "go", "source": "indeed"}):
        page = search_jobs(many, JobQuery(**query, per_page=30))
        with many.reader() as conn:
            got = ranked_ids(conn, JobQuery(**query), 30)
        assert got.ids == [j.id for j in page.items], query
        assert (got.total, got.capped) == (page.total, page.total_capped), query


def test_a_blocked_companys_matches_are_left_out(many: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from jobscraper.store.writer import Writer

    Writer(many).add_block("Company 3 GmbH")
    monkeypatch.setattr(search_module, "COUNT_CAP", 7)
    for sort in ("relevance", "posted", "title"):
        ids = [j.id for n in range(1, 14) for j in search_jobs(many, _q(n, sort=sort)).items]
        assert 3 not in ids and len(ids) == len(set(ids)) == N - 1, sort


def _passing(db: Database, monkeypatch: pytest.MonkeyPatch, **query: Any) -> list[int]:
    """Every match of ``query``, newest first."""
    ids, _ = _exact(db, monkeypatch, **query, sort="posted")
    return sorted(ids, reverse=True)


def test_the_newest_are_looked_for_in_growing_ranges_then_among_all_older_ids(
    many: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    passing = _passing(many, monkeypatch, q="python", status="interested")  # one job in five
    assert len(passing) == N // 5
    monkeypatch.setattr(search_pg_page, "MIN_SPAN", 5)
    monkeypatch.setattr(search_pg_page, "FIRST_SPAN", 1)
    monkeypatch.setattr(search_pg_page, "GROWTH", 2)
    monkeypatch.setattr(search_pg_page, "WIDE", 4)
    q = JobQuery(q="python", status=JobStatus.INTERESTED)
    with many.reader() as conn:  # 5 ids (56-60), then 10 (46-55): 3 pass; 20 (26-45) is a third of 60
        found, seen, low = search_pg_page._newest(conn, q, True, 3)
        assert (found, seen, low) == (passing[:3], 3, 46)
        found, seen, low = search_pg_page._newest(conn, q, True, 5)  # then every older id
        assert (found, seen, low) == (passing[:5], len(passing), None)


def test_a_range_over_much_of_the_table_is_not_a_bound(
    many: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    passing = _passing(many, monkeypatch, q="python")
    monkeypatch.setattr(search_pg_page, "MIN_SPAN", -(-N // search_pg_page.WIDE))  # 1/WIDE of the ids
    with many.reader() as conn:
        found, seen, low = search_pg_page._newest(conn, JobQuery(q="python"), True, 4)
    assert (found, seen, low) == (passing[:4], len(passing), None), "every match read, through the GIN index"


def test_the_planner_settings_are_off_within_the_block_and_put_back_after(pg_db: Database) -> None:
    # no parallel workers either: each maps the shared buffers it reads anew (search_pg_page._VALUES)
    names = ("enable_seqscan", "enable_indexscan", "jit", "max_parallel_workers_per_gather")

    def settings(conn: Any) -> list[str]:
        return [conn.exec_driver_sql(f"SELECT current_setting('{n}')").scalar_one() for n in names]

    SyncEngine(pg_db).upsert([posting_dict(n, title="Python Developer") for n in (1, 2)])
    with pg_db.reader() as conn:
        conn.exec_driver_sql(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'on', true)"
        )
        before = settings(conn)
        assert before[0] == "off" and before[2] == "on" and before[3] != "0"
        with search_pg_page._planner(conn):
            assert settings(conn) == ["off", "off", "off", "0"]
            with search_pg_page._planner(conn):  # a block within a block changes nothing
                pass
            assert settings(conn) == ["off", "off", "off", "0"]
        assert settings(conn) == before
        for sort in ("relevance", "posted"):  # and a search leaves them as they were
            assert search_with(conn, JobQuery(q="python", sort=sort)).total == 2
            assert settings(conn) == before


def test_the_fenced_subquery_is_built_once_per_shape_its_values_are_parameters(
    many: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    python, p_params = search_pg_page._matches(JobQuery(q="python"), True, ("id", "ge", 5))
    engineer_q = JobQuery(q="engineer", status=JobStatus.INTERESTED)  # a rare word's status: a row filter
    engineer, e_params = search_pg_page._matches(engineer_q, True, ("id", "ge", 40))
    assert python.get_final_froms()[0] is engineer.get_final_froms()[0], "one subquery for the shape"
    expected = [i for i in _passing(many, monkeypatch, q="engineer", status="interested") if i >= 40]
    assert expected, "the shape's second values find jobs"
    with many.reader() as conn, search_pg_page._planner(conn):
        assert list(conn.execute(engineer, e_params).scalars()) == expected
        assert list(conn.execute(python, p_params).scalars()) == list(range(N, 4, -1))
