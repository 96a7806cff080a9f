"""``jobscraper reindex`` with the real model: every imported job embedded once, a rerun embeds none,
a changed job is embedded again, a bad model folder is one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import update

from jobscraper.store import open_database
from jobscraper.store.tables import JOB
from jobscraper.store.vectors import VECTOR
from tests.cli_inprocess import assert_one_line_error

V1 = Path(__file__).resolve().parents[2] / "fixtures" / "jobspy_v1.csv"


def _counts(db: Path) -> tuple[int, int]:
    database = open_database(db)
    try:
        with database.reader() as conn:
            jobs = len(conn.execute(JOB.select()).all())
            vectors = len(conn.execute(VECTOR.select()).all())
    finally:
        database.dispose()
    return jobs, vectors


def test_reindex_embeds_every_imported_job_once(cli: Any, tmp_path: Path) -> None:
    db = tmp_path / "jobs.db"
    assert cli("import", V1, "--db", db).code == 0
    jobs, vectors = _counts(db)
    assert jobs > 0 and vectors == 0
    first = cli("reindex", "--db", db, "--batch-size", "4")
    assert first.code == 0, first.err
    assert f"embedded {jobs} job(s) with use-m3@" in first.out and "jobs/s" in first.out
    assert _counts(db) == (jobs, jobs)
    again = cli("reindex", "--db", db)
    assert again.code == 0 and again.out.startswith("embedded 0 job(s)")
    database = open_database(db)
    try:
        with database.writer() as conn:  # one job's content changes
            conn.execute(update(JOB).where(JOB.c.id == 1).values(content_hash="changed"))
    finally:
        database.dispose()
    assert cli("reindex", "--db", db).out.startswith("embedded 1 job(s)")


def test_a_model_folder_without_the_model_is_one_line(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "jobscraper.yaml").write_text(f"matching:\n  model_path: {tmp_path / 'empty'}\n")
    (tmp_path / "empty").mkdir()
    result = cli("reindex", "--db", tmp_path / "jobs.db", "--config", tmp_path / "jobscraper.yaml")
    assert_one_line_error(result, "weights.npz")
