"""A batch scrape as an operator runs it: `ray start --head`, then `ray job submit --working-dir .
-- python -m jobscraper scrape …` — one auth mode (token) for the head, the submitting CLI and the
job's driver (DESIGN §3)."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.store import JobQuery, open_database, search_jobs
from tests.ports import free_port

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _env(temp_dir: str) -> dict[str, str]:
    """The head's, the submitting CLI's and (through the head) the job's environment: token auth with
    this test's own token, so it needs no ~/.ray/auth_token and leaves none behind."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("JOBSCRAPER_", "RAY_ADDRESS", "RAY_AUTH"))
    }
    env["RAY_AUTH_MODE"] = "token"
    env["RAY_AUTH_TOKEN_PATH"] = str(Path(temp_dir) / "auth_token")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # the job's `python` is this environment's
    return env


def _stop_own_head(temp_dir: str) -> None:
    """End this test's head and everything it started, and nothing else: `ray stop` would end every
    Ray on the machine. The head's own processes name its temp dir; workers are their children."""
    own = [p for p in psutil.process_iter(["cmdline"]) if temp_dir in " ".join(p.info["cmdline"] or [])]
    tree = {p.pid: p for p in own}
    for process in own:
        with contextlib.suppress(psutil.Error):
            tree.update({c.pid: c for c in process.children(recursive=True)})
    for process in tree.values():
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, alive = psutil.wait_procs(list(tree.values()), timeout=20)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()


def _submit(submit: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``ray job submit``, again while the head says it has no job agent yet: `ray start` returns
    before the head's dashboard agent has registered, and on a loaded machine a submit right after it
    is refused with "No available agent to submit job, please try again later" (what an operator
    does then is the same: submit again)."""
    deadline = time.monotonic() + 90
    while True:
        result = subprocess.run(
            submit, env=env, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
        )
        if "No available agent" not in result.stdout + result.stderr or time.monotonic() > deadline:
            return result
        time.sleep(2)


@pytest.fixture
def head() -> Iterator[tuple[str, str]]:
    port, dashboard = free_port(), free_port()
    temp_dir = tempfile.mkdtemp(prefix="rayjob-", dir="/tmp")  # short: Ray's socket paths must fit 107 bytes
    start = [str(BIN / "ray"), "start", "--head", f"--port={port}", f"--dashboard-port={dashboard}"]
    (Path(temp_dir) / "auth_token").write_text(secrets.token_hex(32))
    try:
        subprocess.run(
            [*start, "--num-cpus=2", "--disable-usage-stats", f"--temp-dir={temp_dir}"],
            env=_env(temp_dir),
            check=True,
            capture_output=True,
            timeout=180,
        )
        yield f"http://127.0.0.1:{dashboard}", temp_dir
    finally:
        _stop_own_head(temp_dir)
        shutil.rmtree(temp_dir, ignore_errors=True)


def test_ray_job_submit_runs_a_scrape_on_the_cluster(head: tuple[str, str], tmp_path: Path) -> None:
    address, temp_dir = head
    db_path = tmp_path / "batch.db"
    with DemoBoard(DemoKnobs()) as board:
        company = next(c for c in board.company_configs() if c.ats == "html" and "umbrella" in c.url)
        submit = [
            str(BIN / "ray"), "job", "submit", "--address", address, "--working-dir", str(REPO), "--",
            "python", "-m", "jobscraper", "scrape", "--company", company.url, "--db", str(db_path),
        ]  # fmt: skip
        result = _submit(submit, _env(temp_dir))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "succeeded" in result.stdout + result.stderr
    db = open_database(db_path)
    try:
        assert search_jobs(db, JobQuery(per_page=1)).total == len(board.company_jobs("umbrella-health"))
    finally:
        db.dispose()
