"""`jobscraper status` against a live local Ray with the WriterActor running."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import ray
from cli_run import run_cli

from actors.writer import find_writer, start_writer
from jobscraper.cli.status import gather_status
from jobscraper.cli.status_shapes import ApiStatus
from jobscraper.config import ServeSettings, Settings
from jobscraper.store import SyncEngine, UserUpdate, open_database


def _posting(i: int) -> dict[str, Any]:
    return {
        "site": "linkedin",
        "job_url": f"https://www.linkedin.com/jobs/view/{i}",
        "title": f"Engineer {i}",
        "company": f"Company {i}",
        "location": "Berlin, Germany",
    }


@pytest.fixture
def writer(local_ray: None, tmp_path: Path) -> Iterator[Path]:
    """A job database with 12 jobs (2 favourites) and the cluster's writer on it."""
    db_path = tmp_path / "jobs.db"
    db = open_database(db_path)
    sync = SyncEngine(db)
    sync.upsert([_posting(i) for i in range(12)])
    run = sync.start_run("import", {"file": "jobs.csv"})
    sync.finish_run(run, "done", {"inserted": 12}, [])
    db.dispose()
    handle = start_writer(db_path)
    ray.get(handle.ping.remote())
    for job_id in (1, 2):
        ray.get(handle.update_user_fields.remote(job_id, UserUpdate(favorite=True)))
    try:
        yield db_path
    finally:
        ray.kill(handle, no_restart=True)
        deadline = time.monotonic() + 30
        while find_writer() is not None and time.monotonic() < deadline:
            time.sleep(0.2)


def test_status_json_reports_ray_the_writer_and_the_database(writer: Path, tmp_path: Path) -> None:
    address = ray.get_runtime_context().gcs_address

    result = run_cli("status", "--json", "--address", address, "--db", str(writer), cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ray"]["running"] is True and report["ray"]["address"] == address
    assert report["ray"]["resources"]["CPU"]["total"] == 4
    (node,) = report["ray"]["nodes"]
    assert node["alive"] and node["head"]
    actors = {a["name"]: a for a in report["actors"]}
    assert actors["writer"]["state"] == "alive"
    assert str(writer.resolve()) in actors["writer"]["detail"]
    assert actors["coordinator"]["state"] == "not running"
    assert report["serve"]["deployed"] is False and report["serve"]["error"] is None
    database = report["database"]
    assert database["jobs"]["active"] == 12 and database["jobs"]["favorites"] == 2
    assert [(r["kind"], r["status"]) for r in database["last_runs"]] == [("import", "done")]

    shown = run_cli("status", "--address", address, "--db", str(writer), cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "not deployed" in shown.stdout
    assert any("writer" in line and "alive" in line for line in shown.stdout.splitlines())


def test_a_connected_driver_stays_connected(writer: Path) -> None:
    def no_api(serve: ServeSettings, _token: str | None) -> ApiStatus:
        return ApiStatus(url=f"http://{serve.host}:{serve.port}/healthz", ok=False, error="not asked")

    report = gather_status(Settings(), writer, address="auto", api_probe=no_api)

    assert report.ray.running
    assert [a.state for a in report.actors] == ["alive", "not running"]
    assert ray.is_initialized(), "status left the test's own connection alone"
