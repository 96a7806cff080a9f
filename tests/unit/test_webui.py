"""Running the Reflex UI as a child process: bun, waiting for it, stopping its whole group."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from jobscraper.errors import ConfigError
from jobscraper.webui import BUN_VERSION, answers, stop_process, wait_until_up


def test_the_pinned_bun_is_the_one_reflex_asks_for() -> None:
    from reflex_base.constants.installer import Bun

    assert BUN_VERSION == Bun.MIN_VERSION


def test_a_closed_port_does_not_answer() -> None:
    assert not answers("http://127.0.0.1:9/", timeout=0.5)


def test_a_ui_that_exits_while_starting_is_reported_with_its_log(tmp_path: Path) -> None:
    log = tmp_path / "ui.log"
    log.write_text("Error: port 3000 is already in use\n")
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    with pytest.raises(ConfigError, match=r"exit 3(?s:.)*already in use"):
        wait_until_up("http://127.0.0.1:9/", proc, log, timeout_s=30)


def test_stopping_ends_the_children_too(tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    script = (
        "import subprocess, sys, time, pathlib;"
        "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']);"
        f"pathlib.Path({str(pidfile)!r}).write_text(str(c.pid)); time.sleep(600)"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    deadline = time.monotonic() + 30
    while not pidfile.exists() or not pidfile.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    child = int(pidfile.read_text())
    stop_process(proc, grace_s=5)
    assert proc.returncode is not None
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and "Z" not in _state(child):
        assert time.monotonic() < deadline, "the UI's child process outlived it"
        time.sleep(0.1)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return "Z"
