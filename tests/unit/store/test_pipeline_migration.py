"""Migration 0008 (the pipeline) on SQLite with jobs in place: the follow-up column and its index
appear, the status check accepts ``withdrawn`` while the table keeps its triggers (the check is
widened in place, not by copying the table), and going down turns a withdrawn job into a rejected
one with a note saying so, then refuses ``withdrawn`` again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from jobscraper.store import open_database
from tests.unit.store.test_liveness_migration import insert_job, job_columns, migrate


def triggers(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}


def test_upgrade_adds_follow_up_and_withdrawn_and_downgrade_keeps_the_jobs(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        migrate(engine, "0007")
        insert_job(engine)
        before = triggers(engine)
        assert {"job_fts_au", "job_fit_job_au"} <= before
        migrate(engine, "0008")
        assert "follow_up_at" in job_columns(engine)
        assert "ix_job_follow_up_at" in {i["name"] for i in inspect(engine).get_indexes("job")}
        assert triggers(engine) == before
        with engine.begin() as conn:
            conn.execute(text("UPDATE job SET status = 'withdrawn', follow_up_at = '2026-12-01'"))
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            row = conn.execute(text("SELECT status, follow_up_at, notes FROM job")).one()
        assert tuple(row) == ("withdrawn", "2026-12-01", "mine")
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE job SET status = 'ghosted'"))
        migrate(engine, "0007", down=True)
        assert "follow_up_at" not in job_columns(engine)
        assert triggers(engine) == before
        with engine.connect() as conn:
            status, notes = conn.execute(text("SELECT status, notes FROM job")).one()
        assert status == "rejected" and notes.startswith("mine\n") and "withdrawn" in notes
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("UPDATE job SET status = 'withdrawn'"))
    finally:
        engine.dispose()
    open_database(path).dispose()  # and opening it migrates it up again
    engine = create_engine(f"sqlite:///{path}")
    try:
        assert "follow_up_at" in job_columns(engine)
    finally:
        engine.dispose()
