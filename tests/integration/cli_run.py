"""Running the real ``jobscraper`` CLI in a subprocess, and reading its summary table."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m jobscraper ARGS`` in ``cwd``, with no JOBSCRAPER_* overrides from this shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBSCRAPER_")}
    env.update(COLUMNS="200", RAY_AUTH_MODE="token")
    return subprocess.run(
        [sys.executable, "-m", "jobscraper", *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def total_row(stdout: str) -> list[int]:
    """The numbers of the summary table's ``total`` row."""
    line = next(line for line in stdout.splitlines() if "total" in line and "│" in line)
    return [int(n) for n in re.findall(r"\d+", line)]
