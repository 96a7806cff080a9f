"""The whole Ray side on PostgreSQL (``database.url``), as a team that moved off SQLite notices it:
``jobscraper demo`` scrapes into the server; the WriterActor, the coordinator's runs, the Api (its
reads and its writes) and ``jobscraper status`` all use it, a second run keeps what the user wrote,
and the server's password is never printed.

Two Ray starts in all: the CLI's own (a fresh process, as a user runs it), then one local Ray for the
in-process run + Api + status test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import ray
from cli_run import run_cli, total_row
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from actors.bootstrap import bootstrap_sync
from actors.runs import RunSpec
from jobscraper.cli.app import app
from jobscraper.cli.status import gather_status
from jobscraper.cli.status_shapes import ApiStatus
from jobscraper.config import ServeSettings, Settings
from jobscraper.demo import DemoBoard, DemoKnobs, remote_board
from jobscraper.store import open_reader
from jobscraper.store.db import SCHEMA_REVISION
from jobscraper.store.location import DatabaseLocation
from jobscraper.store.tables import JOB
from jobscraper.urlpolicy import UrlPolicy
from serve.backend import ApiBackend
from serve.http import create_api
from tests.pg_server import create_database
from tests.ports import free_port

SECRET = "s3cret-pw"


def _with_password(url: str) -> str:
    """The URL with a password in it (the test server trusts 127.0.0.1, so any password works)."""
    return url.replace("postgresql+psycopg://postgres@", f"postgresql+psycopg://postgres:{SECRET}@")


def _jobs(url: str) -> tuple[int, int]:
    """Active and archived jobs in the database at ``url``."""
    db = open_reader(url)
    try:
        with db.reader() as conn:
            active = conn.execute(select(func.count()).select_from(JOB).where(JOB.c.archived_at.is_(None)))
            archived = conn.execute(
                select(func.count()).select_from(JOB).where(JOB.c.archived_at.is_not(None))
            )
            return int(active.scalar_one()), int(archived.scalar_one())
    finally:
        db.dispose()


def test_jobscraper_demo_scrapes_into_postgresql_and_never_prints_the_password(
    pg_server: str, tmp_path: Path
) -> None:
    url = _with_password(create_database(pg_server))
    (tmp_path / "jobscraper.yaml").write_text(json.dumps({"database": {"url": url}}))
    done = run_cli(
        "demo", "--companies", "4", "--jobs", "4", "--port", str(free_port()),
        "--config", str(tmp_path / "jobscraper.yaml"), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr + done.stdout
    assert SECRET not in done.stdout + done.stderr
    shown = DatabaseLocation.of(url).shown
    assert shown in done.stdout.replace("\n", "")  # the summary's title names where the jobs went
    _found, new, updated, unchanged, _merged, _needs = total_row(done.stdout)
    assert new > 0 and updated == unchanged == 0
    assert _jobs(url) == (new, 0)
    assert not (tmp_path / "data" / "demo.db").exists(), "nothing went to the demo's SQLite file"


@pytest.fixture(scope="module")
def url(pg_server: str) -> str:
    return _with_password(create_database(pg_server))


@pytest.fixture(scope="module")
def board() -> Iterator[DemoBoard]:
    with DemoBoard(DemoKnobs(companies=5, jobs_per_company=6, latency_s=0.01)) as running:
        yield running


def _settings(url: str, board: DemoBoard) -> Settings:
    return Settings.model_validate(
        {
            "database": {"url": url},
            "scraping": {
                "per_domain_min_delay_s": 0,
                "max_concurrency": 4,
                "per_domain_concurrency": 4,
                "jobspy_base_url": board.base_url,
                "allow_private_urls": True,
            },
        }
    )


def _run(coordinator: Any, board: DemoBoard) -> Any:
    spec = RunSpec(searches=[board.search(), remote_board.demo_search()], companies=board.company_configs())
    run_id = ray.get(coordinator.start_run.remote(spec, "demo"))
    state = ray.get(coordinator.wait.remote(run_id, 240))
    assert state.status == "done", state
    for key, source in state.sources.items():
        assert source.status == "done", (key, source.errors)
    return state


def _no_api(_serve: ServeSettings, _token: str | None) -> ApiStatus:
    return ApiStatus(url="http://127.0.0.1:1/healthz", ok=False, error="not started by this test")


def test_runs_the_api_and_status_on_postgresql_keep_user_fields(
    local_ray: None, url: str, board: DemoBoard, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(url, board)
    started = bootstrap_sync(settings, seed=False, coordinator="private", pool_size=2)
    assert started.location.target == url and SECRET not in str(started.location)
    state = _run(started.coordinator, board)
    totals = state.totals()
    assert totals["inserted"] > 0 and totals["updated"] == totals["unchanged"] == 0
    assert _jobs(url) == (totals["inserted"], 0)  # every new job is one row on the server

    # the Api (the real backend: it finds the cluster's writer, checks it owns this database, and
    # reads the server) answers from PostgreSQL and writes through the WriterActor
    backend = ApiBackend(settings)
    api = create_api(backend, router=None, url_policy=UrlPolicy(allow_private=True))
    with TestClient(api, base_url="http://127.0.0.1:8000") as client:
        listed = client.get("/api/jobs", params={"per_page": 100, "meaning": "false"}).json()
        assert listed["total"] == totals["inserted"]
        title = listed["items"][0]["title"]
        word = max(title.split(), key=len)
        found = client.get("/api/jobs", params={"q": word, "meaning": "false"}).json()
        assert title in {item["title"] for item in found["items"]}
        job_id = listed["items"][-1]["id"]
        edited = client.patch(f"/api/jobs/{job_id}", json={"favorite": True, "notes": "call them"})
        assert edited.status_code == 200 and edited.json()["favorite"] is True

        board.knobs.version = 2  # a week later: some jobs changed, some gone, some new
        state2 = _run(started.coordinator, board)
        totals2 = state2.totals()
        assert totals2["updated"] > 0 and totals2["unchanged"] > 0 and totals2["inserted"] > 0
        active, archived = _jobs(url)
        assert active + archived == totals["inserted"] + totals2["inserted"]
        assert archived >= state2.archived > 0
        kept = client.get(f"/api/jobs/{job_id}").json()
        assert kept["favorite"] is True and kept["notes"] == "call them"

    # status: the server's database (no WAL file, its size from the server) and the writer's
    report = gather_status(settings, url, address="auto", api_probe=_no_api)
    database = report.database
    assert database.dialect == "postgresql" and database.path == DatabaseLocation.of(url).shown
    assert database.schema_revision == SCHEMA_REVISION and database.error is None
    assert database.jobs is not None and database.jobs.active == active and database.jobs.archived == archived
    assert database.size_bytes and database.size_bytes > 0 and database.wal_bytes is None
    writer = next(a for a in report.actors if a.name == "writer")
    assert writer.state == "alive" and database.path in writer.detail
    assert "not the database below" not in writer.detail
    assert SECRET not in report.model_dump_json()

    monkeypatch.setenv("JOBSCRAPER_DATABASE__URL", url)
    monkeypatch.setenv("COLUMNS", "200")
    shown = CliRunner().invoke(app, ["status"])
    assert shown.exit_code == 0, shown.output
    assert "postgresql" in shown.output and "postgres:***@" in shown.output and SECRET not in shown.output
