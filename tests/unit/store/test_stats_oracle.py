"""job_stats's faster counts (``job_count`` totals, days from ``ix_job_first_seen``, grouped
salaries, joined skill arrays, sources read in index order) equal a plain one-pass count in Python
over every job's row, on SQLite and PostgreSQL, with and without a blocklist rule, on jobs that
vary in everything the page counts: first seen in and before the window, currencies (and none),
salaries that repeat, hidden, favourite, archived and blocked jobs, statuses and applied dates,
extraction states, and skill arrays with two spellings of one skill, blank names, non-strings,
nested arrays and values that are not arrays at all."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, select, update

from jobscraper.extraction.schema import SCHEMA_VERSION
from jobscraper.models import JobStatus
from jobscraper.store import Database, SyncEngine
from jobscraper.store import stats_skills as skills_module
from jobscraper.store.blocklist import not_blocked
from jobscraper.store.blocklist_rows import add_block
from jobscraper.store.stats import job_stats
from jobscraper.store.stats_salary import SalaryStats, _salary
from jobscraper.store.tables import JOB, SOURCE

SKILLS: list[Any] = [
    ["Python", "python ", "SQL"],  # two spellings of one skill in one job: once for python
    ["python", "Go", "go", "GO"],
    ["  ", "", "Rust", "rust", "Rust"],  # blank names count nowhere; a repeat once
    ["Python", 1, True, None, "Kubernetes"],
    [["nested"], "Go", {"k": 1}],  # unhashable items: only the strings count
    "python",  # a JSON string, not an array: nothing
    {"skills": ["Go"]},
    ["Python", "strasse"],  # (no two spellings tie: a tie within one job has no first)
    ["Straße", "STRASSE", "strasse"],  # casefold, not lower(): one skill
    ["SQL", "Kubernetes ", " kubernetes", "Rust"],
    [],
]
CURRENCIES = ["USD", "EUR", None, "USD", "GBP", "EUR", "USD", None]
STATUSES = [s.value for s in JobStatus]
NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Database:
    found: Database = request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")
    return found


def _fill(db: Database, make_posting: Any, jobs: int = 48) -> None:
    """``jobs`` jobs whose every counted field varies with their index."""
    postings = [make_posting(company=f"Firm {i % 7}") for i in range(jobs)]
    SyncEngine(db).upsert(postings)
    SyncEngine(db).upsert([{**p, "site": "indeed", "job_url": p["job_url"] + "?x=1"} for p in postings[::3]])
    with db.writer() as conn:
        ids = list(conn.execute(select(JOB.c.id).order_by(JOB.c.id)).scalars())
        for i, job_id in enumerate(ids):
            pay = None if i % 5 == 4 else 40_000.0 + 5_000.0 * (i % 6) + (0.5 if i % 11 == 0 else 0.0)
            conn.execute(
                update(JOB)
                .where(JOB.c.id == job_id)
                .values(
                    skills=SKILLS[i % len(SKILLS)],
                    currency=CURRENCIES[i % len(CURRENCIES)],
                    salary_annual_max=pay if i % 3 else None,
                    salary_annual_min=pay if i % 3 != 1 else 1_000_000.0,  # an outlier now and then
                    archived_at=NOW if i % 9 == 8 else None,
                    hidden=i % 4 == 1,
                    favorite=i % 6 == 2,
                    status=STATUSES[i % len(STATUSES)],
                    applied_at=NOW if i % 5 in (1, 2) else None,
                    extraction_version=SCHEMA_VERSION if i % 3 else None,
                    extracted_at=NOW - timedelta(days=i % 2) if i % 3 else None,
                    updated_at=NOW - timedelta(hours=12),
                    first_seen=NOW - timedelta(days=i % 40, hours=13 * (i % 3)),  # some before the window
                    extracted={"seniority": "senior"} if i % 3 == 2 else None,
                )
            )


def _oracle(conn: Connection) -> dict[str, Any]:
    """Everything job_stats counts (but the days), from one read of every job's row."""
    unblocked = not_blocked(JOB).label("unblocked")
    rows = conn.execute(select(JOB, unblocked).order_by(JOB.c.id)).mappings().all()
    active = [r for r in rows if r["archived_at"] is None and r["unblocked"]]
    ids = {r["id"] for r in active}
    applied = {"applied", "interviewing", "offer"}
    totals = {
        "jobs": len(active),
        "archived": sum(1 for r in rows if r["archived_at"] is not None and r["unblocked"]),
        "favorites": sum(1 for r in active if r["favorite"]),
        "hidden": sum(1 for r in active if r["hidden"]),
        "extracted": sum(1 for r in active if r["extracted"] is not None),
        "pending_extraction": sum(
            1
            for r in rows
            if r["archived_at"] is None
            and (
                r["extraction_version"] != SCHEMA_VERSION
                or r["extracted_at"] is None
                or r["extracted_at"] < r["updated_at"]
            )
        ),
        "applied": sum(1 for r in active if r["applied_at"] is not None or r["status"] in applied),
    }
    sites: defaultdict[str, set[int]] = defaultdict(set)
    for site, job_id in conn.execute(select(SOURCE.c.site, SOURCE.c.job_id)):
        if job_id in ids:
            sites[site].add(job_id)
    pay: defaultdict[str | None, list[float]] = defaultdict(list)
    for r in active:
        if (
            value := r["salary_annual_max"] if r["salary_annual_max"] is not None else r["salary_annual_min"]
        ) is not None:
            pay[r["currency"]].append(float(value))
    charts = [_salary(c, sorted(v), list(range(1, len(v) + 1))) for c, v in pay.items()]
    window = [NOW.date() - timedelta(days=29 - i) for i in range(30)]
    return {
        "per_day": [(d, sum(1 for r in active if r["first_seen"].date() == d)) for d in window],
        "totals": totals,
        "by_status": {s: sum(1 for r in active if r["status"] == s) for s in STATUSES},
        "by_source": {s: len(j) for s, j in sorted(sites.items(), key=lambda kv: (-len(kv[1]), kv[0]))},
        "salaries": sorted(charts, key=lambda s: (s.currency is None, -s.count, s.currency or "")),
        "top_skills": _skills(active),
    }


def _skills(active: list[Any]) -> list[tuple[str, int]]:
    per_skill: Counter[str] = Counter()
    per_spelling: Counter[str] = Counter()
    first: dict[str, int] = {}
    for r in active:
        values = r["skills"]
        names = (
            {s.strip() for s in values if isinstance(s, str)} - {""} if isinstance(values, list) else set()
        )
        per_spelling.update(names)
        per_skill.update({n.casefold() for n in names})
        for n in names:
            first.setdefault(n, r["id"])
    best = sorted(per_skill.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    shown = {}
    for key, _ in best:
        options = [n for n in per_spelling if n.casefold() == key]
        shown[key] = min(options, key=lambda n: (-per_spelling[n], first[n]))
    return [(shown[key], n) for key, n in best]


@pytest.mark.parametrize("chunk", [40, skills_module._CHUNK], ids=["tiny-chunks", "chunks"])
@pytest.mark.parametrize("blocked", [False, True], ids=["no-blocklist", "blocklist"])
def test_the_stats_equal_a_plain_count_of_every_job(
    database: Database, make_posting: Any, monkeypatch: pytest.MonkeyPatch, chunk: int, blocked: bool
) -> None:
    monkeypatch.setattr(skills_module, "_CHUNK", chunk)  # a job per chunk or all in one
    _fill(database, make_posting)
    if blocked:
        add_block(database, "Firm 3", "name", NOW)
    with database.reader() as conn:
        want = _oracle(conn)
    got = job_stats(database, today=NOW.date())
    assert got.totals == want["totals"]
    assert [(d.day, d.new) for d in got.per_day] == want["per_day"] and sum(n for _, n in want["per_day"])
    assert got.by_status == want["by_status"]
    assert got.by_source == want["by_source"]
    assert got.salaries == want["salaries"] and len(got.salaries) == 4
    assert got.salary == (
        got.salaries[0] if got.salaries else SalaryStats(currency=None, count=0, median=None, buckets=[])
    )
    assert [(s.skill, s.count) for s in got.top_skills] == want["top_skills"]
    assert len(want["top_skills"]) >= 5


def test_an_array_string_too_long_for_the_database_is_counted_job_by_job(
    db: Database, make_posting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db, make_posting)
    monkeypatch.setattr(skills_module, "_joined", lambda *_: None)  # as when "string or blob too big"
    with db.reader() as conn:
        want = _oracle(conn)["top_skills"]
    assert [(s.skill, s.count) for s in job_stats(db).top_skills] == want
