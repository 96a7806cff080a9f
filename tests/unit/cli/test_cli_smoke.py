"""The command line as a separate process, the way a user starts it: the installed ``jobscraper``
script and ``python -m jobscraper``. Everything else runs in-process (tests/cli_inprocess.py);
these few keep the entry points, the exit code a shell sees and the stderr line honest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

SCRIPT = Path(sys.executable).parent / "jobscraper"


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("JOBSCRAPER_")}
    env.update(COLUMNS="200", PYTHONIOENCODING="utf-8", JOBSCRAPER_RAY__USE_CLUSTER_WRITER="false")
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False
    )


def test_the_installed_script_prints_the_version(tmp_path: Path) -> None:
    result = _run([str(SCRIPT), "--version"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"jobscraper {version('jobscraper')}\n"
    assert result.stderr == ""


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    result = _run([sys.executable, "-m", "jobscraper", "--help"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert "Usage: jobscraper" in result.stdout


def test_bad_input_is_exit_2_and_one_line_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("scraping:\n  max_concurrency: lots\n", encoding="utf-8")

    result = _run([str(SCRIPT), "config", "check", "--config", "bad.yaml"], tmp_path)

    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: bad.yaml"), lines[0]
    assert "scraping.max_concurrency" in lines[0]
