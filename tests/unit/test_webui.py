"""Running the Reflex UI as a child process: bun, waiting for it, stopping its whole group."""

from __future__ import annotations

import os
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


def _leader_and_child(script: str, pidfile: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``script`` as a new session's leader; its child's pid, once the script wrote it."""
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    deadline = time.monotonic() + 30
    while not pidfile.exists() or not pidfile.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return proc, int(pidfile.read_text())


def test_stopping_ends_the_children_too(tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    script = (
        "import subprocess, sys, time, pathlib;"
        "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']);"
        f"pathlib.Path({str(pidfile)!r}).write_text(str(c.pid)); time.sleep(600)"
    )
    proc, child = _leader_and_child(script, pidfile)
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


def test_the_ui_binds_the_configured_host_only() -> None:
    from jobscraper.webui import reflex_command

    command = reflex_command("127.0.0.1", 3001)
    assert command[command.index("--backend-host") + 1] == "127.0.0.1"


def _group_members(group: int) -> list[Path]:
    return [p for p in Path("/proc").iterdir() if p.name.isdigit() and _pgid(int(p.name)) == group]


def _wait_gone(pid: int, deadline_s: float = 15) -> None:
    deadline = time.monotonic() + deadline_s
    while Path(f"/proc/{pid}").exists() and "Z" not in _state(pid):
        assert time.monotonic() < deadline, f"process {pid} outlived the `jobscraper ui` that started it"
        time.sleep(0.1)


@pytest.mark.slow  # real processes: a grandchild that ignores SIGTERM outlives a grace period
def test_a_sigkilled_parent_takes_its_ui_and_the_uis_children_along(tmp_path: Path) -> None:
    """`jobscraper ui` SIGKILLed (or taken down by its Ray): the UI it started must not live on."""
    pidfile = tmp_path / "pids"
    server = (  # stands in for reflex: a child of its own (the server) that ignores SIGTERM
        "import signal, subprocess, sys, time, pathlib;"
        "c = subprocess.Popen([sys.executable, '-c', "
        "'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)']);"
        f"pathlib.Path({str(pidfile)!r}).write_text(f'{{c.pid}}'); time.sleep(600)"
    )
    parent_script = (  # stands in for `jobscraper ui`: starts the guarded UI, then waits
        "import subprocess, sys, time;"
        "from jobscraper.webui import guarded_command;"
        f"subprocess.Popen(guarded_command([sys.executable, '-c', {server!r}]), start_new_session=True);"
        "time.sleep(600)"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_script])
    try:
        deadline = time.monotonic() + 60
        while not pidfile.exists() or not pidfile.read_text():
            assert time.monotonic() < deadline, "the guarded command did not start"
            time.sleep(0.1)
        child = int(pidfile.read_text())
        group = os.getpgid(child)
        parent.kill()
        parent.wait(timeout=10)
        _wait_gone(child)
        deadline = time.monotonic() + 15  # the guardian ends the rest of the group after it
        while left := [m for m in _group_members(group) if "Z" not in _state(int(m.name))]:
            assert time.monotonic() < deadline, f"still running in the UI's group: {left}"
            time.sleep(0.1)
    finally:
        if parent.poll() is None:
            parent.kill()


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def test_stopping_waits_for_the_whole_group_not_just_its_leader(tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    script = (  # the leader exits on SIGTERM at once; its child (a server) ignores SIGTERM
        "import signal, subprocess, sys, time, pathlib;"
        "c = subprocess.Popen([sys.executable, '-c', "
        "'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)']);"
        f"pathlib.Path({str(pidfile)!r}).write_text(str(c.pid)); time.sleep(600)"
    )
    proc, child = _leader_and_child(script, pidfile)
    stop_process(proc, grace_s=2)
    _wait_gone(child, deadline_s=5)


class _Ended:
    returncode = 3

    def poll(self) -> int:
        return 3


class _Running:
    returncode = None

    def poll(self) -> None:
        return None


def test_watching_ends_when_the_ui_server_ends() -> None:
    from jobscraper.cli.ui_cmds import watch

    reason = watch(_Ended(), None, sleep=lambda _s: None)  # type: ignore[arg-type]
    assert "web UI server ended (exit 3)" in reason


def test_watching_ends_when_the_api_it_started_stops_answering() -> None:
    from jobscraper.cli.ui_cmds import watch

    answers = iter([True, True, False, True, False, False, False])
    checks: list[bool] = []

    def api_alive() -> bool:
        checks.append(True)
        return next(answers)

    reason = watch(_Running(), api_alive, gone_after=3, sleep=lambda _s: None)  # type: ignore[arg-type]
    assert "API stopped answering" in reason
    assert len(checks) == 7  # one miss between answers is forgiven; three in a row are not


def test_a_guardian_with_a_bad_command_line_says_how_to_call_it(capsys: pytest.CaptureFixture[str]) -> None:
    from jobscraper.webui import main

    assert main(["--parent", "x", "--", "true"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_a_group_of_zombies_is_not_alive_and_its_zombies_are_reaped() -> None:
    # `jobscraper ui` adopts orphans (child subreaper): a UI server whose parent ended first is then
    # its child, and its zombie kept stop_process waiting its whole grace time
    from jobscraper.webui import _group_alive

    proc = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    deadline = time.monotonic() + 10
    while "Z" not in _state(proc.pid):  # ended, not yet waited for: a zombie in its own group
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert not _group_alive(proc.pid)
    assert not Path(f"/proc/{proc.pid}").exists()  # reaped
