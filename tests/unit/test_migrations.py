"""Schema migrations: the database is created or upgraded on first use, by Alembic."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.script import ScriptDirectory

from jobscraper.store import open_database
from jobscraper.store.db import SCHEMA_REVISION, _alembic_config


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
        "DROP TABLE company",
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
