"""A batch scrape as an operator runs it: `ray start --head`, then `ray job submit --working-dir .
-- python -m jobscraper scrape …` — one auth mode (token) for the head, the submitting CLI and the
job's driver (DESIGN §3)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.store import JobQuery, open_database, search_jobs

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOBSCRAPER_", "RAY_ADDRESS"))}
    env["RAY_AUTH_MODE"] = "token"
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # the job's `python` is this environment's
    return env


@pytest.fixture
def head() -> Iterator[str]:
    port, dashboard = _free_port(), _free_port()
    start = [str(BIN / "ray"), "start", "--head", f"--port={port}", f"--dashboard-port={dashboard}"]
    subprocess.run(
        [*start, "--num-cpus=2", "--disable-usage-stats"],
        env=_env(),
        check=True,
        capture_output=True,
        timeout=180,
    )
    try:
        yield f"http://127.0.0.1:{dashboard}"
    finally:
        subprocess.run(
            [str(BIN / "ray"), "stop", "--force"], env=_env(), capture_output=True, timeout=120, check=False
        )


def test_ray_job_submit_runs_a_scrape_on_the_cluster(head: str, tmp_path: Path) -> None:
    db_path = tmp_path / "batch.db"
    with DemoBoard(DemoKnobs()) as board:
        company = next(c for c in board.company_configs() if c.ats == "html" and "umbrella" in c.url)
        submit = [
            str(BIN / "ray"), "job", "submit", "--address", head, "--working-dir", str(REPO), "--",
            "python", "-m", "jobscraper", "scrape", "--company", company.url, "--db", str(db_path),
        ]  # fmt: skip
        result = subprocess.run(
            submit, env=_env(), cwd=REPO, capture_output=True, text=True, timeout=300, check=False
        )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "succeeded" in result.stdout + result.stderr
    db = open_database(db_path)
    try:
        assert search_jobs(db, JobQuery(per_page=1)).total == len(board.company_jobs("umbrella-health"))
    finally:
        db.dispose()
