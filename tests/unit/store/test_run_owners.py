"""Runs whose process died do not stay "running" for ever (issue 13, item 13).

Each run records the process that runs it; when the WriterActor (or the coordinator) starts, every
running run whose process is gone is ended as ``interrupted`` with when and why. A run whose
process still runs, or that runs on another host, is left alone.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from actors.writer import _Writer
from jobscraper.store import SyncEngine, open_database
from jobscraper.store.runs import OWNER_KEY, process_owner
from jobscraper.store.tables import RUN


def _dead_owner() -> dict[str, Any]:
    """The owner record of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    owner = process_owner(child.pid)
    child.communicate(b"")
    return owner


def _runs(db_path: Path) -> dict[int, Any]:
    db = open_database(db_path)
    try:
        with db.reader() as conn:
            return {row.id: row for row in conn.execute(select(RUN))}
    finally:
        db.dispose()


def test_runs_of_dead_processes_are_interrupted_when_the_writer_starts(tmp_path: Path) -> None:
    db_path = tmp_path / "jobs.db"
    db = open_database(db_path)
    engine = SyncEngine(db)
    dead = engine.start_run("scrape", {"companies": []}, _dead_owner())
    live = engine.start_run("scrape", {}, process_owner())
    elsewhere = engine.start_run("scrape", {}, {"host": "another-host", "pid": 1, "started": 0.0})
    finished = engine.start_run("import", {}, _dead_owner())
    engine.finish_run(finished, "done", {"rows": 1}, [])
    with db.writer() as conn:  # a run recorded before runs had owners: no live process holds it
        row = {"kind": "scrape", "status": "running", "started_at": engine._clock(), "params": {}}
        result = conn.execute(RUN.insert().values(**row, counts={}, errors=[]))
        legacy = int(result.inserted_primary_key[0])  # type: ignore[index]
    db.dispose()

    _Writer(str(db_path))  # what a new cluster's writer does when it starts

    runs = _runs(db_path)
    for run_id in (dead, legacy):
        assert runs[run_id].status == "interrupted"
        assert runs[run_id].finished_at is not None
        assert any("interrupted" in e for e in runs[run_id].errors)
    assert runs[live].status == "running" and runs[elsewhere].status == "running"
    assert runs[finished].status == "done" and runs[finished].errors == []
    assert runs[dead].params[OWNER_KEY]["pid"] != runs[live].params[OWNER_KEY]["pid"]


def test_an_unheld_run_can_be_ended_and_a_finished_one_keeps_its_outcome(tmp_path: Path) -> None:
    db = open_database(tmp_path / "jobs.db")
    try:
        engine = SyncEngine(db)
        orphan = engine.start_run("scrape", {})
        done = engine.start_run("scrape", {})
        engine.finish_run(done, "done", {}, [])
        assert engine.end_unheld_run(orphan, "cancelled", "cancelled by the user") is True
        assert engine.end_unheld_run(done, "cancelled", "cancelled by the user") is False
    finally:
        db.dispose()
    runs = _runs(tmp_path / "jobs.db")
    assert runs[orphan].status == "cancelled" and runs[orphan].errors == ["cancelled by the user"]
    assert runs[orphan].finished_at is not None
    assert runs[done].status == "done"
