"""Migration 0015: ``job_fts`` rebuilt with prefix indexes matches exactly the jobs it matched
before for every kind of prefix (indexed lengths and others, with the other words of a search), the
job triggers keep it current, and the downgrade restores the plain table with the same matches.
A prefix as long as a prefix index stays a prefix term (:mod:`jobscraper.store.search_terms`)."""

from __future__ import annotations

import importlib
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from test_liveness_migration import migrate

from jobscraper.store import search_terms
from jobscraper.store.search_terms import expanded

_0015 = importlib.import_module("jobscraper.store.migrations.versions.0015_fts_prefix_index")
TITLES = [
    "Go Developer", "Golang Engineer", "Google Ads", "Data Analyst", "Database Admin", "C++ Developer",
    "C# Developer", "Cloud Engineer", "Engineering Lead", "Senior Engineers wanted", "Café Barista",
]  # fmt: skip
MATCHES = [
    '"g"*', '"go"*', '"gol"*', '"goog"*', '"da"*', '"dat"*', '"data"*', '"c"*', '"c+"*', '"c++"*',
    '"cl"*', '"eng"*', '"engineer"*', '"developer" AND "go"*', '"senior" AND "en"*', '"ca"*', '"caf"*',
    '"zz"*', '"berlin"',
]  # fmt: skip


def _insert(engine: Engine, titles: list[str], first: int) -> None:
    with engine.begin() as conn:
        for n, title in enumerate(titles, first):
            conn.execute(
                text(
                    "INSERT INTO job (dedup_key, content_hash, job_url, title, description, location, "
                    "first_seen, last_seen, updated_at, favorite, notes, status, hidden) VALUES (:k, 'h', "
                    ":u, :t, 'Work on data and cloud', 'Berlin', '2026-01-01 00:00:00', "
                    "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 0, '', 'new', 0)"
                ),
                {"k": f"k{n}", "u": f"https://x.test/{n}", "t": title},
            )


def _matches(engine: Engine) -> dict[str, list[int]]:
    with engine.connect() as conn:
        return {
            m: list(
                conn.execute(
                    text("SELECT rowid FROM job_fts WHERE job_fts MATCH :m ORDER BY rowid"), {"m": m}
                ).scalars()
            )
            for m in MATCHES
        }


def _definition(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'job_fts'")).scalar_one())


def test_upgrade_keeps_every_match_and_downgrade_restores(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    try:
        migrate(engine, "0014")
        _insert(engine, TITLES, 1)
        before = _matches(engine)
        assert before['"go"*'] and before['"data"*'] and not before['"zz"*']
        migrate(engine, "0015")
        assert "prefix='2 3'" in _definition(engine)
        assert _matches(engine) == before
        _insert(engine, ["Go Data Engineer"], 100)  # the 0001 triggers feed the new table
        with engine.begin() as conn:
            conn.execute(text("UPDATE job SET title = 'Barista' WHERE id = 1"))
            conn.execute(text("DELETE FROM job WHERE id = 2"))
            new = conn.execute(text("SELECT id FROM job WHERE dedup_key = 'k100'")).scalar_one()
        after = _matches(engine)
        with engine.connect() as conn:  # the index agrees with its content table
            conn.execute(text("INSERT INTO job_fts(job_fts, rank) VALUES ('integrity-check', 1)"))
        migrate(engine, "0014", down=True)
        assert "prefix" not in _definition(engine)
        assert _matches(engine) == after
        assert new in after['"go"*'] and 1 not in after['"go"*'] and 2 not in after['"gol"*']
    finally:
        engine.dispose()


def test_prefixes_as_long_as_a_prefix_index_stay_prefix_terms(tmp_path: Path) -> None:
    assert {int(n) for n in _0015.PREFIX.split()} == search_terms.INDEXED_LENGTHS
    engine = create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    try:
        migrate(engine, "0015")
        _insert(engine, TITLES, 1)
        with engine.connect() as conn:
            assert expanded(conn, '("go"*)') == '("go"*)'
            assert expanded(conn, '("gol"*)') == '("gol"*)'
            assert expanded(conn, '("goog"*)') == '("google")'
            assert expanded(conn, '("g"*)') == '(("go" OR "golang" OR "google"))'
    finally:
        engine.dispose()
