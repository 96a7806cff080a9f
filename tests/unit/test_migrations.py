"""Schema migrations: the database is created or upgraded on first use, by Alembic."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, Text
from sqlmodel import SQLModel

import jobscraper.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from jobscraper.store import open_database
from jobscraper.store.db import SCHEMA_REVISION, _alembic_config
from tests.alembic_steps import migrate


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
        "DROP TABLE company", "DROP TABLE saved_search", "DROP TABLE config_seed", "DROP TABLE profile",
        "DROP TABLE job_fit_gap", "DROP TABLE job_fit", "DROP TABLE job_vector", "DROP TABLE blocked_company",
        "DROP TABLE alert_sent", "DROP TABLE alert_channel", "DROP TABLE job_count",
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


def _schema_diff(path: Path, metadata: MetaData) -> list[Any]:
    """What Alembic's autogenerate would write to turn the migrated database into ``metadata``."""
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            opts = {
                "compare_type": True,
                "compare_server_default": True,
                "include_name": _not_full_text_search,
            }
            diff = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
    finally:
        db.dispose()
    return [d for d in diff if not _same_default_but_quoted(d)]


def _not_full_text_search(name: str | None, type_: str, _parent: object) -> bool:
    # the FTS5 table `job_fts`, its shadow tables (job_fts_data, _idx, …) and triggers are made by
    # migration 0001 in raw SQL: SQLAlchemy has no model for a virtual table; `job_facet` (0015)
    # is SQLite's alone, kept by triggers for the search (jobscraper.store.search_facet_table)
    return not (type_ == "table" and name is not None and (name.startswith("job_fts") or name == "job_facet"))


def _same_default_but_quoted(change: Any) -> bool:
    # SQLite reflects a string default as SQL text in parentheses and quotes (job.notes: "('')")
    # while the model holds the bare value (""): the same default, reported as a change. Only that
    # is dropped. (A callable compare_server_default cannot be used instead: Alembic 1.17 fails on
    # the generated column salary_annual when given one.)
    if not (isinstance(change, list) and len(change) == 1 and change[0][0] == "modify_default"):
        return False
    *_, reflected, modelled = change[0]
    return (
        reflected is not None
        and modelled is not None
        and str(getattr(reflected.arg, "text", reflected.arg)).strip("()").strip("'") == str(modelled.arg)
    )


def test_models_and_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    """Autogenerate finds nothing to do: tables, columns, types, nullability, server defaults,
    indexes, unique constraints and foreign keys of the models are the migrated database's.
    Autogenerate does not compare check constraints (test_vocabulary checks ck_job_status's text)
    nor a generated column's expression."""
    assert _schema_diff(tmp_path / "jobs.db", SQLModel.metadata) == []


def test_the_schema_comparison_sees_a_column_the_migrations_lack(tmp_path: Path) -> None:
    changed = MetaData()
    for table in SQLModel.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["job"].append_column(Column("salary_note", Text()))
    changed.tables["company"].c.name.type = Integer()
    diff = _schema_diff(tmp_path / "jobs.db", changed)
    (added,) = [d for d in diff if isinstance(d, tuple)]
    assert added[0] == "add_column" and added[2] == "job" and added[3].name == "salary_note"
    (modified,) = [d for d in diff if isinstance(d, list)]
    assert modified[0][0] == "modify_type" and modified[0][2:4] == ("company", "name")


def test_an_existing_database_says_it_is_being_upgraded_and_a_new_one_does_not(
    tmp_path: Path, caplog: Any
) -> None:
    """A migration of a large database takes minutes (0020 at a million jobs: ~2 min), which
    without a word would look like a hang at start; creating a new database says nothing."""
    path = tmp_path / "jobs.db"
    with caplog.at_level("WARNING", logger="jobscraper.store.db"):
        db = open_database(path)
    assert not caplog.records, "a new database is created silently"
    migrate(db, "0020", down=True)
    db.dispose()
    with caplog.at_level("WARNING", logger="jobscraper.store.db"):
        open_database(path).dispose()
    [record] = caplog.records
    assert f"{path} from schema 0020 to {SCHEMA_REVISION}" in record.getMessage()
    assert "can take minutes" in record.getMessage()
