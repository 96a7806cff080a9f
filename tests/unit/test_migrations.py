"""Schema migrations: the database is created or upgraded on first use, by Alembic."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from jobscraper.store import open_database
from jobscraper.store.db import SCHEMA_REVISION, _alembic_config, _make_engine


def test_schema_revision_constant_is_alembics_head() -> None:
    assert ScriptDirectory.from_config(_alembic_config()).get_current_head() == SCHEMA_REVISION


def test_new_database_is_created_at_head_with_fts_and_wal(tmp_path: Path) -> None:
    db = open_database(tmp_path / "sub" / "jobs.db")
    db.dispose()
    conn = sqlite3.connect(tmp_path / "sub" / "jobs.db")
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_REVISION,)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"job", "job_source", "company", "scrape_run", "job_fts", "job_fts_au"} <= names
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()


def test_older_database_is_upgraded_on_open(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'base-marker'")
    conn.execute("DELETE FROM alembic_version")
    for statement in (
        "DROP TRIGGER job_fts_ai", "DROP TRIGGER job_fts_ad", "DROP TRIGGER job_fts_au",
        "DROP TABLE job_fts", "DROP TABLE job_source", "DROP TABLE job", "DROP TABLE scrape_run",
        "DROP TABLE company", "DROP TABLE saved_search", "DROP TABLE config_seed",
    ):  # fmt: skip
        conn.execute(statement)
    conn.commit()
    conn.close()
    open_database(path).dispose()  # an empty (pre-schema) file is migrated to head
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_REVISION,)
    finally:
        conn.close()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from jobscraper.errors import StoreError

    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match=r"notes\.db"):
        open_database(bogus)


def test_models_and_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import jobscraper.models  # noqa: F401

    db = open_database(tmp_path / "jobs.db")
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    finally:
        db.dispose()
    assert [d for d in diff if "job_fts" not in str(d)] == []


def _migrate(path: Path, revision: str, *, down: bool = False) -> None:
    """Move the file to ``revision`` on the write engine (foreign keys enforced, as in production)."""
    engine = _make_engine(path, 10_000, read_only=False)
    cfg = _alembic_config()
    try:
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)
            conn.commit()
    finally:
        engine.dispose()


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _db_at_0001_with_rows(path: Path) -> None:
    _migrate(path, "0001")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO company (id, name, normalized_name, url, ats, enabled, created_at) "
        "VALUES (1, 'Acme', 'acme', NULL, NULL, 1, '2025-01-01 00:00:00')"
    )
    conn.execute(
        "INSERT INTO job (id, dedup_key, content_hash, first_seen, last_seen, updated_at, job_url, title, "
        "company, company_id, favorite, notes, status, hidden) VALUES (1, 'acme|dev|berlin', 'h', "
        "'2025-01-01 00:00:00', '2025-01-01 00:00:00', '2025-01-01 00:00:00', 'https://x.example/1', "
        "'Dev', 'Acme', 1, 1, 'call back', 'applied', 0)"
    )
    conn.commit()
    conn.close()


def test_a_0001_database_with_rows_is_upgraded_keeping_them(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    _db_at_0001_with_rows(path)
    db = open_database(path)  # upgrades to head
    db.dispose()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_REVISION,)
        assert conn.execute(
            "SELECT name, url, render_js, updated_at, last_status FROM company"
        ).fetchall() == [("Acme", None, 0, None, None)]
        assert conn.execute("SELECT company_id, favorite, notes, status FROM job").fetchall() == [
            (1, 1, "call back", "applied")
        ]
        assert {"name", "term", "sites", "last_run_id", "last_error"} <= _columns(conn, "saved_search")
    finally:
        conn.close()


def test_0002_downgrades_to_0001_keeping_companies_and_jobs(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    _db_at_0001_with_rows(path)
    _migrate(path, "head")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE company SET url = 'https://acme.example/jobs', render_js = 1, last_found = 3")
    conn.execute(
        "INSERT INTO saved_search (name, term, sites, is_remote, results_wanted, country, enabled, "
        "created_at, updated_at) VALUES ('py', 'python', '[\"indeed\"]', 0, 50, 'usa', 1, "
        "'2025-01-01 00:00:00', '2025-01-01 00:00:00')"
    )
    conn.commit()
    conn.close()
    _migrate(path, "0001", down=True)  # a table copy of `company` would trip job.company_id here
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "saved_search" not in names and "config_seed" not in names
        assert _columns(conn, "company") == {
            "id", "name", "normalized_name", "url", "ats", "enabled", "created_at"
        }  # fmt: skip
        assert conn.execute("SELECT name, url FROM company").fetchall() == [
            ("Acme", "https://acme.example/jobs")
        ]
        assert conn.execute("SELECT company_id, notes FROM job").fetchall() == [(1, "call back")]
    finally:
        conn.close()
    _migrate(path, "head")  # and up again
    open_database(path).dispose()
