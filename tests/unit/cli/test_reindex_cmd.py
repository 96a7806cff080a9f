"""``jobscraper reindex`` and ``import``'s embedding with the real model: every imported job embedded
once, a rerun embeds none, a changed job is embedded again, ``--prune`` deletes other models'
vectors, a bad model folder is one line for reindex and one warning for an import that still
stands."""

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
    assert cli("import", V1, "--db", db, "--no-embed").code == 0
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


def test_import_embeds_what_it_brought_in_and_reindex_prune_drops_other_models(
    cli: Any, tmp_path: Path
) -> None:
    db = tmp_path / "jobs.db"
    imported = cli("import", V1, "--db", db)
    assert imported.code == 0, imported.err
    jobs, vectors = _counts(db)
    assert jobs > 0 and vectors == jobs
    assert f"embedded {jobs} job(s) for matching" in imported.out
    database = open_database(db)
    try:
        with database.writer() as conn:  # as if two jobs had been embedded by a model no longer configured
            conn.execute(update(VECTOR).where(VECTOR.c.job_id.in_([1, 2])).values(model_id="old-model@0"))
    finally:
        database.dispose()
    result = cli("reindex", "--db", db, "--prune")
    assert result.code == 0, result.err
    assert result.out.startswith("embedded 2 job(s)") and "pruned 0 vector(s) of other models" in result.out
    database = open_database(db)
    try:
        with database.writer() as conn:  # an archived job keeps the old model's vector until pruned
            conn.execute(update(VECTOR).where(VECTOR.c.job_id == 1).values(model_id="old-model@0"))
            conn.execute(update(JOB).where(JOB.c.id == 1).values(archived_at=JOB.c.first_seen))
    finally:
        database.dispose()
    pruned = cli("reindex", "--db", db, "--prune")
    assert pruned.out.startswith("embedded 0 job(s)") and "pruned 1 vector(s) of other models" in pruned.out
    assert _counts(db) == (jobs, jobs - 1)


def test_an_import_whose_model_cannot_load_warns_once_and_stands(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "jobscraper.yaml").write_text(f"matching:\n  model_path: {tmp_path / 'empty'}\n")
    (tmp_path / "empty").mkdir()
    db = tmp_path / "jobs.db"
    result = cli("import", V1, "--db", db, "--config", tmp_path / "jobscraper.yaml")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "not embedded" in line]
    assert len(warnings) == 1 and "weights.npz" in warnings[0] and "jobscraper reindex" in warnings[0]
    jobs, vectors = _counts(db)
    assert jobs > 0 and vectors == 0
