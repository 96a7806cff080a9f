"""`jobscraper status` without Ray: the database part, the API probe, the printed report, bad config.

What it says about a live cluster is tested in tests/integration/test_status_cmd.py.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from jobscraper.cli.status import gather_status, probe_api, ray_target
from jobscraper.cli.status_cmd import render_status
from jobscraper.cli.status_shapes import ACTOR_NAMES, SERVE_APP, ApiStatus, StatusReport
from jobscraper.config import ServeSettings, Settings
from jobscraper.store import Database, SyncEngine
from tests.cli_inprocess import Cli, assert_one_line_error


def _no_api(serve: ServeSettings, token: str | None) -> ApiStatus:
    return ApiStatus(url=f"http://{serve.host}:{serve.port}/healthz", ok=False, error="connection refused")


def _text(report: StatusReport) -> str:
    console = Console(record=True, width=140, color_system=None)
    console.print(render_status(report))
    return console.export_text()


@pytest.fixture
def no_ray_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAY_ADDRESS", raising=False)


def test_without_a_cluster_the_database_is_still_reported(
    db: Database, sync: SyncEngine, no_ray_address: None, make_posting: Any
) -> None:
    sync.upsert([make_posting() for _ in range(3)])
    run = sync.start_run("import", {"file": "jobs.csv"})
    sync.finish_run(run, "done", {"inserted": 3}, [])
    settings = Settings(database={"path": db.path})  # type: ignore[arg-type]

    report = gather_status(settings, db.path, find_local_ray=lambda: False, api_probe=_no_api)

    assert not report.ray.running and report.ray.error == "no Ray cluster running"
    assert not report.serve.deployed
    assert [(a.name, a.state) for a in report.actors] == [(n, "not running") for n in ACTOR_NAMES]
    assert report.database.jobs is not None and report.database.jobs.active == 3
    shown = _text(report)
    assert "no Ray cluster running" in shown
    assert "3 active, 0 archived" in shown
    assert "not answering (connection refused)" in shown
    assert "import" in shown and "inserted 3" in shown


def test_the_json_report_has_a_stable_shape(db: Database, no_ray_address: None) -> None:
    report = gather_status(Settings(), db.path, find_local_ray=lambda: False, api_probe=_no_api)

    data = json.loads(report.model_dump_json())

    assert list(data) == ["jobscraper_version", "checked_at", "ray", "serve", "actors", "api", "database"]
    assert data["ray"] == {
        "running": False, "address": None, "error": "no Ray cluster running", "version": None,
        "dashboard_url": None, "nodes": [], "resources": {},
    }  # fmt: skip
    assert data["serve"]["name"] == "jobscraper" and data["serve"]["deployed"] is False
    database = data["database"]
    assert set(database["jobs"]) == {"active", "archived", "favorites", "hidden", "pending_extraction"}
    assert {"path", "exists", "size_bytes", "wal_bytes", "schema_revision", "last_runs"} <= set(database)


def test_a_missing_database_is_said_and_not_created(tmp_path: Path, no_ray_address: None) -> None:
    missing = tmp_path / "data" / "jobs.db"

    report = gather_status(Settings(), missing, find_local_ray=lambda: False, api_probe=_no_api)

    assert not report.database.exists
    assert "no database file there" in _text(report)
    assert not missing.parent.exists()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("scheme", ["", "ray://"])
def test_an_address_where_nothing_listens_is_reported_at_once(db: Database, scheme: str) -> None:
    address = f"{scheme}127.0.0.1:{_closed_port()}"

    report = gather_status(Settings(), db.path, address=address, api_probe=_no_api)

    assert not report.ray.running and report.ray.address == address
    assert report.ray.error is not None and report.ray.error.startswith(f"cannot reach Ray at {address}: ")
    assert report.serve.error == report.ray.error
    assert {a.state for a in report.actors} == {"not running"}
    assert report.database.jobs is not None, "the database part is there all the same"


def test_which_cluster_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    configured = Settings(ray={"address": "ray://head:10001"})  # type: ignore[arg-type]
    assert ray_target(Settings(), None, lambda: False) is None, "nothing runs: Ray is left alone"
    assert ray_target(Settings(), None, lambda: True) == "auto", "a local Ray"
    assert ray_target(configured, None, lambda: True) == "ray://head:10001"
    assert ray_target(configured, "10.0.0.5:6379", lambda: True) == "10.0.0.5:6379"
    monkeypatch.setenv("RAY_ADDRESS", "10.0.0.9:6379")
    assert ray_target(configured, None, lambda: False) == "10.0.0.9:6379"


def test_the_names_are_the_actors_and_the_apps() -> None:
    os.environ.setdefault("RAY_AUTH_MODE", "token")
    from actors.coordinator import COORDINATOR_NAME
    from actors.writer import WRITER_NAME
    from serve.app import APP_NAME

    assert ACTOR_NAMES == (WRITER_NAME, COORDINATOR_NAME)
    assert SERVE_APP == APP_NAME


class _Health(BaseHTTPRequestHandler):
    """``/healthz`` answering ``status``; remembers the Authorization headers it got."""

    status = 200
    seen: list[str | None] = []  # noqa: RUF012

    def do_GET(self) -> None:
        _Health.seen.append(self.headers.get("Authorization"))
        body = json.dumps({"status": "ok", "version": "9.9.9"}).encode()
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[int]:
    _Health.seen.clear()
    _Health.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_the_api_probe_sends_the_token_and_reads_the_version(health_server: int) -> None:
    api = probe_api(ServeSettings(host="0.0.0.0", port=health_server), "s3cret")

    assert api.ok and api.version == "9.9.9" and api.status_code == 200
    assert api.url == f"http://127.0.0.1:{health_server}/healthz"
    assert _Health.seen == ["Bearer s3cret"]


def test_an_api_that_fails_or_is_not_there_is_reported_not_raised(health_server: int) -> None:
    _Health.status = 503
    failing = probe_api(ServeSettings(port=health_server), None)
    assert not failing.ok and failing.status_code == 503 and failing.error == "HTTP 503 Service Unavailable"
    assert _Health.seen == [None], "no token configured, none sent"

    absent = probe_api(ServeSettings(port=_closed_port()), None, timeout_s=2)
    assert not absent.ok and absent.status_code is None and absent.error


def test_a_broken_config_is_the_one_failure(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("serve:\n  port: eighty\n", encoding="utf-8")

    result = cli("status", "--config", "bad.yaml")

    assert_one_line_error(result, "serve.port")
