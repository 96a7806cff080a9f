"""WriterActor on a real local Ray: naming, acknowledgement, idempotent re-sends, crash recovery,
and the CLI finding the cluster's writer instead of writing in-process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import ray
from sqlalchemy import func, select

from actors.writer import WRITER_NAME, find_writer, start_writer, writer_client
from jobscraper.store import UserUpdate, get_job, open_database
from jobscraper.store.tables import JOB, SOURCE

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def writer(local_ray: None, tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    db_path = tmp_path / "jobs.db"
    handle = start_writer(db_path)
    ray.get(handle.ping.remote())
    try:
        yield handle, db_path
    finally:
        ray.kill(handle, no_restart=True)
        deadline = time.monotonic() + 30
        while find_writer() is not None and time.monotonic() < deadline:
            time.sleep(0.2)


def _posting(i: int, version: int = 1) -> dict[str, Any]:
    return {
        "site": "linkedin",
        "job_url": f"https://www.linkedin.com/jobs/view/{i}",
        "title": f"Engineer {i}",
        "company": f"Company {i % 50}",
        "location": "Berlin, Germany",
        "description": f"Role {i}, revision {version}",
        "min_amount": 50_000 + i,
        "interval": "yearly",
        "currency": "EUR",
    }


def _table_counts(db_path: Path) -> tuple[int, int]:
    db = open_database(db_path)
    try:
        with db.reader() as conn:
            jobs = conn.execute(select(func.count()).select_from(JOB)).scalar_one()
            sources = conn.execute(select(func.count()).select_from(SOURCE)).scalar_one()
            return int(jobs), int(sources)
    finally:
        db.dispose()


def test_writer_is_named_detached_and_acknowledges_after_commit(writer: tuple[Any, Path]) -> None:
    handle, db_path = writer
    assert find_writer("jobscraper") is not None
    assert ray.get_actor(WRITER_NAME, namespace="jobscraper") is not None
    client = writer_client(handle)
    counts = client.upsert([_posting(i) for i in range(10)], "batch-1").result()
    assert counts.inserted == 10
    # acknowledged means committed: another connection sees the rows right away
    assert _table_counts(db_path) == (10, 10)
    # the same batch re-sent is harmless: same answer, no new rows
    assert client.upsert([_posting(i) for i in range(10)], "batch-1").result() == counts
    again = client.upsert([_posting(i) for i in range(10)], "other-id").result()
    assert again.unchanged == 10
    assert _table_counts(db_path) == (10, 10)


def test_writer_applies_user_edits_and_keeps_them_across_upserts(writer: tuple[Any, Path]) -> None:
    handle, db_path = writer
    client = writer_client(handle)
    client.upsert([_posting(1)]).result()
    client.update_user_fields(1, UserUpdate(favorite=True, notes="call back")).result()
    client.upsert([_posting(1, version=2)]).result()
    db = open_database(db_path)
    try:
        job = get_job(db, 1)
    finally:
        db.dispose()
    assert job.description == "Role 1, revision 2"
    assert job.favorite is True and job.notes == "call back"


def test_killed_writer_restarts_and_resent_batches_leave_exact_table(writer: tuple[Any, Path]) -> None:
    handle, db_path = writer
    client = writer_client(handle, attempts=200, timeout_s=60)
    batches = [[_posting(b * 100 + i) for i in range(100)] for b in range(30)]
    acked: list[int] = []
    failure: list[BaseException] = []

    def produce() -> None:
        try:
            for n, batch in enumerate(batches):
                client.upsert(batch, f"b{n}").result()
                acked.append(n)
        except BaseException as exc:  # surfaced below
            failure.append(exc)

    producer = threading.Thread(target=produce)
    producer.start()
    while len(acked) < 5 and producer.is_alive():
        time.sleep(0.01)
    ray.kill(handle, no_restart=False)  # crash mid-stream; Ray restarts the actor
    producer.join(timeout=180)
    assert not producer.is_alive()
    assert not failure, failure
    assert acked == list(range(30))
    assert _table_counts(db_path) == (3000, 3000)
    # and a full re-send of everything changes nothing
    total = sum((client.upsert(b).result().unchanged for b in batches), 0)
    assert total == 3000


def _import(file: Path, db_path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JOBSCRAPER_CONFIG"}
    env["RAY_AUTH_MODE"] = "token"
    return subprocess.run(
        [sys.executable, "-m", "jobscraper", "import", str(file), "--db", str(db_path)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_writes_through_the_running_cluster_writer(writer: tuple[Any, Path], tmp_path: Path) -> None:
    _handle, db_path = writer
    result = _import(FIXTURES / "jobspy_v1.csv", db_path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WriterActor" in result.stdout
    assert _table_counts(db_path)[0] > 0
    # a different database is not the cluster writer's: that import runs in-process
    result = _import(FIXTURES / "jobspy_v1.csv", tmp_path / "other.db", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "in-process" in result.stdout


def test_without_a_head_resource_the_writer_is_pinned_to_the_starting_node(local_ray: None) -> None:
    import ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    from actors.placement import db_node_options

    strategy = db_node_options()["scheduling_strategy"]
    assert isinstance(strategy, NodeAffinitySchedulingStrategy) and not strategy.soft
    assert strategy.node_id == ray.get_runtime_context().get_node_id()
