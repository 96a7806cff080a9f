"""Search: full text, filters, sort, pagination, and query strings that must never hurt."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from jobscraper.models import JobStatus
from jobscraper.store import (
    Database,
    JobQuery,
    SyncEngine,
    UserUpdate,
    fts_query,
    open_database,
    search_jobs,
)
from jobscraper.store.search import MAX_TOKENS

# title, company, location, site, remote, interval, min, max, posted, description, skills
ROWS = [
    (
        "Senior Python Developer",
        "Alpha",
        "Berlin, BE, Germany",
        "linkedin",
        False,
        "yearly",
        60000,
        80000,
        "2025-01-10",
        "Django and PostgreSQL.",
        ["Python", "Django"],
    ),
    (
        "C++ Engineer",
        "Beta",
        "Munich, BY, Germany",
        "indeed",
        True,
        "hourly",
        50,
        60,
        "2025-01-05",
        "Low latency trading systems.",
        ["C++", "Linux"],
    ),
    (
        "C# Developer",
        "Gamma",
        "Hamburg, Germany",
        "glassdoor",
        False,
        None,
        None,
        None,
        "2025-01-20",
        "Enterprise software on .NET.",
        ["C#", ".NET"],
    ),
    (
        "Data Scientist",
        "Delta",
        "Remote",
        "linkedin",
        True,
        "monthly",
        5000,
        6000,
        None,
        "Statistics, notebooks.",
        ["R", "SQL"],
    ),
    (
        "Frontend Developer",
        "Epsilon",
        "Köln, Germany",
        "indeed",
        False,
        "yearly",
        40000,
        50000,
        "2024-12-01",
        "React and TypeScript for Müller GmbH customers.",
        ["React", "TypeScript"],
    ),
    (
        "Go Developer",
        "Zeta",
        "Berlin (100% office)",
        "linkedin",
        False,
        "yearly",
        70000,
        None,
        "2025-01-15",
        "Microservices in Go.",
        ["Go"],
    ),
]
N = len(ROWS)


def _row_posting(i: int) -> dict:
    title, company, loc, site, remote, interval, lo, hi, posted, desc, skills = ROWS[i]
    return {
        "site": site,
        "job_url": f"https://{site}.example/jobs/{i}",
        "title": title,
        "company": company,
        "location": loc,
        "is_remote": remote,
        "interval": interval,
        "min_amount": lo,
        "max_amount": hi,
        "currency": "EUR",
        "date_posted": posted,
        "description": desc,
        "skills": skills,
    }


@pytest.fixture
def jobs(db: Database, sync: SyncEngine, clock) -> dict[str, int]:
    """The ROWS imported one per hour (so first_seen/last_seen order = ROWS order); title -> id."""
    for i in range(N):
        sync.upsert([_row_posting(i)])
        clock.advance(hours=1)
    with db.reader() as conn:
        return {r.title: r.id for r in conn.execute(text("SELECT id, title FROM job"))}


def titles(db: Database, **query) -> list[str]:
    return [j.title for j in search_jobs(db, JobQuery(per_page=500, **query)).items]


def tset(db: Database, **query) -> set[str]:
    return set(titles(db, **query))


def _total_rows(db: Database) -> int:
    with db.reader() as conn:
        return int(conn.execute(text("SELECT count(*) FROM job")).scalar_one())


# ------------------------------------------------------------------------ fts_query


@pytest.mark.parametrize("query", [None, "", "   ", '"', "*", "()", "-- ;", "___", "%"])
def test_fts_query_without_words_is_none(query):
    assert fts_query(query) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("python", '"python"*'),
        ("Python Developer", '"python" "developer"*'),
        ("c++", '"c++"*'),
        ("C#", '"c#"*'),
        ('"python" OR NEAR(java', '"python" "or" "near" "java"*'),
        ("title:python", '"title" "python"*'),
        ("'; DROP TABLE job; --", '"drop" "table" "job"*'),
        ("a\x00b", '"a" "b"*'),
        ("Müller", '"müller"*'),
    ],
)
def test_fts_query_quotes_every_token_and_prefixes_the_last(query, expected):
    assert fts_query(query) == expected


def test_fts_query_uses_at_most_max_tokens():
    words = [f"w{i}" for i in range(MAX_TOKENS + 10)]
    result = fts_query(" ".join(words))
    assert result is not None
    assert result.count('"') == 2 * MAX_TOKENS
    assert result.endswith(f'"w{MAX_TOKENS - 1}"*')


_SAFE = re.compile(r'^("[^"\s]+" )*"[^"\s]+"\*$')


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fts_query_output_is_always_a_plain_and_of_quoted_tokens(query):
    result = fts_query(query)
    assert result is None or _SAFE.match(result), result


# ------------------------------------------------------------------------- full text


def test_search_matches_title_company_description_and_skills(db, jobs):
    assert tset(db, q="python") == {"Senior Python Developer"}
    assert tset(db, q="epsilon") == {"Frontend Developer"}
    assert tset(db, q="latency") == {"C++ Engineer"}
    assert tset(db, q="django") == {"Senior Python Developer"}
    assert tset(db, q="typescript react") == {"Frontend Developer"}


def test_cpp_and_csharp_are_searchable_and_distinct(db, jobs):
    assert tset(db, q="c++") == {"C++ Engineer"}
    assert tset(db, q="C#") == {"C# Developer"}
    assert tset(db, q="c++ linux") == {"C++ Engineer"}


def test_prefix_search_on_the_last_token(db, jobs):
    assert tset(db, q="pyth") == {"Senior Python Developer"}
    assert tset(db, q="senior pyth") == {"Senior Python Developer"}
    assert tset(db, q="develop") == {
        "Senior Python Developer",
        "C# Developer",
        "Frontend Developer",
        "Go Developer",
    }


def test_all_words_must_match(db, jobs):
    assert tset(db, q="python react") == set()


def test_search_ignores_case_and_accents(db, jobs):
    assert tset(db, q="MULLER") == {"Frontend Developer"}
    assert tset(db, q="müller") == {"Frontend Developer"}


def test_relevance_ranks_stronger_matches_first(db, sync):
    sync.upsert(
        [
            {
                "job_url": "https://x.example/1",
                "title": "Office Manager",
                "company": "One",
                "description": "Organise the office. " * 30 + "Some kubernetes knowledge is a plus.",
            },
            {
                "job_url": "https://x.example/2",
                "title": "Kubernetes Engineer",
                "company": "Two",
                "description": "Kubernetes, Kubernetes operators and Kubernetes upgrades.",
                "skills": ["Kubernetes"],
            },
        ]
    )
    assert titles(db, q="kubernetes") == ["Kubernetes Engineer", "Office Manager"]


def test_search_index_follows_updates(db, sync, make_posting):
    p = make_posting(title="Haskell Developer", description="Functional.")
    sync.upsert([p])
    assert tset(db, q="haskell") == {"Haskell Developer"}
    sync.upsert([{**p, "description": "Now with OCaml."}])
    assert tset(db, q="ocaml") == {"Haskell Developer"}
    assert tset(db, q="functional") == set()


# ---------------------------------------------------------------------------- filters


def test_remote_filter(db, jobs):
    assert tset(db, remote=True) == {"C++ Engineer", "Data Scientist"}
    assert tset(db, remote=False) == set(jobs) - {"C++ Engineer", "Data Scientist"}


def test_min_salary_uses_the_annualised_salary(db, jobs):
    # hourly 50-60 -> 104k-124.8k; monthly 5000-6000 -> 60k-72k; yearly 60-80k; 40-50k; 70k (min only)
    assert tset(db, min_salary=100_000) == {"C++ Engineer"}
    assert tset(db, min_salary=70_000) == {
        "C++ Engineer",
        "Senior Python Developer",
        "Data Scientist",
        "Go Developer",
    }
    assert tset(db, min_salary=0) == set(jobs) - {"C# Developer"}, "no salary never matches a floor"


def test_location_filter_is_a_case_insensitive_substring(db, jobs):
    assert tset(db, location="berlin") == {"Senior Python Developer", "Go Developer"}
    assert tset(db, location="Germany") == {
        "Senior Python Developer",
        "C++ Engineer",
        "C# Developer",
        "Frontend Developer",
    }


def test_location_wildcards_are_literal(db, jobs):
    assert tset(db, location="%") == {"Go Developer"}
    assert tset(db, location="100%") == {"Go Developer"}
    assert tset(db, location="_") == set()
    assert tset(db, location="B_rlin") == set()
    assert tset(db, location="\\") == set()


def test_posted_since(db, jobs):
    assert tset(db, posted_since=date(2025, 1, 10)) == {
        "Senior Python Developer",
        "C# Developer",
        "Go Developer",
    }


def test_source_filter_matches_any_source_of_a_job(db, jobs, sync):
    assert tset(db, source="glassdoor") == {"C# Developer"}
    # the C# job also shows up on LinkedIn: it now matches linkedin too
    sync.upsert(
        [
            {
                "site": "linkedin",
                "job_url": "https://www.linkedin.com/jobs/view/77",
                "title": "C# Developer",
                "company": "Gamma",
                "location": "Hamburg",
            }
        ]
    )
    assert "C# Developer" in tset(db, source="linkedin")
    assert tset(db, source="glassdoor") == {"C# Developer"}
    assert tset(db, source="nowhere") == set()


def test_status_and_favorites_filters(db, jobs, sync):
    sync.update_user_fields(jobs["Go Developer"], UserUpdate(status=JobStatus.APPLIED))
    sync.update_user_fields(jobs["Data Scientist"], UserUpdate(favorite=True))
    assert tset(db, status=JobStatus.APPLIED) == {"Go Developer"}
    assert tset(db, status=JobStatus.NEW) == set(jobs) - {"Go Developer"}
    assert tset(db, favorites=True) == {"Data Scientist"}


def test_archived_exclude_include_only(db, jobs, sync, clock):
    clock.advance(days=31)
    sync.upsert([_row_posting(0)])  # only the Python job is seen again
    assert sync.archive_stale(timedelta(days=30)) == N - 1
    assert tset(db) == {"Senior Python Developer"}
    assert tset(db, archived="exclude") == {"Senior Python Developer"}
    assert tset(db, archived="only") == set(jobs) - {"Senior Python Developer"}
    assert tset(db, archived="include") == set(jobs)
    assert tset(db, archived="only", q="c++") == {"C++ Engineer"}


def test_hidden_jobs_only_with_include_hidden(db, jobs, sync):
    sync.update_user_fields(jobs["C# Developer"], UserUpdate(hidden=True))
    assert "C# Developer" not in tset(db)
    assert "C# Developer" not in tset(db, q="c#")
    assert tset(db, q="c#", include_hidden=True) == {"C# Developer"}
    assert tset(db, include_hidden=True) == set(jobs)


def test_filters_combine(db, jobs):
    assert tset(db, q="developer", location="berlin", min_salary=65_000) == {
        "Senior Python Developer",
        "Go Developer",
    }
    assert tset(db, q="developer", remote=True) == set()


# ---------------------------------------------------------------------- sort and pages


def test_sort_by_title(db, jobs):
    expected = sorted(jobs)
    assert titles(db, sort="title", descending=False) == expected
    assert titles(db, sort="title", descending=True) == expected[::-1]


def test_sort_by_company(db, jobs):
    by_company = [r[0] for r in sorted(ROWS, key=lambda r: r[1])]
    assert titles(db, sort="company", descending=False) == by_company


def test_sort_by_salary_puts_unknown_salary_last(db, jobs):
    desc = titles(db, sort="salary")
    assert desc == [
        "C++ Engineer",  # 124.8k
        "Senior Python Developer",  # 80k
        "Data Scientist",  # 72k
        "Go Developer",  # 70k (min only)
        "Frontend Developer",  # 50k
        "C# Developer",  # none
    ]
    asc = titles(db, sort="salary", descending=False)
    assert asc == [*desc[:-1][::-1], "C# Developer"]


def test_sort_by_posted_date_puts_undated_last(db, jobs):
    desc = titles(db, sort="posted")
    assert desc == [
        "C# Developer",
        "Go Developer",
        "Senior Python Developer",
        "C++ Engineer",
        "Frontend Developer",
        "Data Scientist",
    ]
    assert titles(db, sort="posted", descending=False)[-1] == "Data Scientist"


@pytest.mark.parametrize("key", ["first_seen", "last_seen"])
def test_sort_by_seen(db, jobs, key):
    in_order = [r[0] for r in ROWS]
    assert titles(db, sort=key, descending=False) == in_order
    assert titles(db, sort=key) == in_order[::-1]


def test_default_order_without_query_is_most_recently_seen_first(db, jobs):
    assert titles(db) == [r[0] for r in ROWS][::-1]


@pytest.mark.parametrize("per_page", [1, 2, 4, 5])
def test_pages_cover_every_job_exactly_once(db, jobs, per_page):
    seen: list[str] = []
    page_no = 1
    while True:
        page = search_jobs(db, JobQuery(sort="title", descending=False, page=page_no, per_page=per_page))
        assert page.total == N
        assert page.page == page_no
        assert len(page.items) <= per_page
        if not page.items:
            break
        seen += [j.title for j in page.items]
        page_no += 1
    assert seen == sorted(jobs)
    assert page_no - 1 == -(-N // per_page)


def test_page_past_the_end_is_empty_with_the_right_total(db, jobs):
    page = search_jobs(db, JobQuery(page=99, per_page=25))
    assert page.items == []
    assert page.total == N


def test_total_counts_matches_not_the_page(db, jobs):
    page = search_jobs(db, JobQuery(q="developer", per_page=1))
    assert page.total == 4
    assert len(page.items) == 1


# -------------------------------------------------------------------- hostile queries

_rng = random.Random(1234)
HOSTILE = [
    '"',
    '""',
    "*",
    "NEAR(",
    "NEAR(python java, 2)",
    "'; DROP TABLE job; --",
    '"; DROP TABLE job_fts; --',
    "title:python",
    "{title company}: python",
    "AND OR NOT",
    "python AND",
    "NOT",
    "(",
    ")",
    "^python",
    "+",
    "#",
    "-",
    "\\",
    "%",
    "_",
    "%%%",
    "\x00",
    "py\x00thon",
    "ünïcödé 日本語 🐍 עברית العربية",
    "c\u0301 \u200b \ufeff",
    "".join(chr(_rng.randint(1, 0xD7FF)) for _ in range(10_240)),
    "word " * 2_000,
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_strings_never_raise_and_never_drop_data(db, jobs, hostile):
    for query in (
        JobQuery(q=hostile),
        JobQuery(location=hostile),
        JobQuery(source=hostile),
        JobQuery(q=hostile, location=hostile, source=hostile, sort="salary"),
    ):
        page = search_jobs(db, query)
        assert page.total >= 0
    assert _total_rows(db) == N
    assert tset(db, archived="include", include_hidden=True) == set(jobs)
    assert tset(db, q="python") == {"Senior Python Developer"}, "the full-text index still works"


def test_hostile_query_words_are_just_words(db, jobs):
    # Operators and column filters are not interpreted: "NOT python" is two words to find.
    assert tset(db, q="NOT python") == set()
    assert tset(db, q="python OR react") == set()
    assert tset(db, q="title:python") == set()
    assert tset(db, q='"python"') == {"Senior Python Developer"}
    assert tset(db, q="python*") == {"Senior Python Developer"}


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("fuzz") / "jobs.db")
    SyncEngine(database).upsert(
        [
            {"job_url": "https://a.example/1", "title": "Python Developer", "company": "A"},
            {"job_url": "https://a.example/2", "title": "C# Developer", "company": "B", "skills": ["C#"]},
        ]
    )
    yield database
    database.dispose()


@settings(max_examples=150, deadline=None)
@given(query=st.text(max_size=80))
def test_any_text_query_is_safe(fuzz_db, query):
    search_jobs(fuzz_db, JobQuery(q=query))
    search_jobs(fuzz_db, JobQuery(q=query, location=query, source=query))
    assert _total_rows(fuzz_db) == 2
