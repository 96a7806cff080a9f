"""Migration 0007 (job liveness) on SQLite: a database at 0006 with jobs in it gains the columns with
every job open and unchecked, and going back down removes them with the jobs intact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import alembic.command
from sqlalchemy import Engine, create_engine, inspect, text

from jobscraper.store import open_database
from jobscraper.store.db import _alembic_config

LIVENESS_COLUMNS = {"closed_at", "closed_reason", "last_checked_at", "failed_checks"}


def migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Run Alembic to ``revision`` on ``engine`` the way open_database hands it a connection."""
    cfg: Any = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (alembic.command.downgrade if down else alembic.command.upgrade)(cfg, revision)


def job_columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("job")}


def insert_job(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO job (dedup_key, content_hash, job_url, title, first_seen, last_seen, "
                "updated_at, favorite, notes, status, hidden) VALUES ('k', 'h', 'https://x.test/1', "
                "'Dev', '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1, 'mine', "
                "'new', 0)"
            )
        )


def test_upgrade_from_0006_keeps_jobs_open_and_downgrade_removes_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        migrate(engine, "0006")
        assert not LIVENESS_COLUMNS & job_columns(engine)
        insert_job(engine)
        migrate(engine, "0007")
        assert job_columns(engine) >= LIVENESS_COLUMNS
        assert "ix_job_closed_at" in {i["name"] for i in inspect(engine).get_indexes("job")}
        with engine.connect() as conn:
            row = conn.execute(text("SELECT closed_at, failed_checks, notes FROM job")).one()
        assert tuple(row) == (None, 0, "mine")
        migrate(engine, "0006", down=True)
        assert not LIVENESS_COLUMNS & job_columns(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT notes FROM job")).scalar_one() == "mine"
    finally:
        engine.dispose()
    open_database(path).dispose()  # and opening it migrates it up again
    engine = create_engine(f"sqlite:///{path}")
    try:
        assert job_columns(engine) >= LIVENESS_COLUMNS
    finally:
        engine.dispose()
