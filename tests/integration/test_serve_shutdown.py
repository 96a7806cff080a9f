"""Ctrl-C on ``jobscraper serve`` stops everything it started within seconds, even when its Ray is
already gone (it once hung for minutes in ``serve.shutdown``), and leaves no process behind; SIGTERM
(``kill PID``, systemd) on a live stack does the same, its writer ending as an actor (issue 18: it
took ~60 s, Ray's own handler draining the node first). The stop's time is in bench/footprint.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.ports import free_port

pytestmark = pytest.mark.slow

STOP_WITHIN_S = 10.0
SLACK_S = 5.0  # a loaded 2-core machine: Python's own exit and the signal's delivery take their time


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except OSError:
        return False


def _read(folder: Path) -> bytes:
    return (folder / "serve.log").read_bytes()


def _ctrl_c_on() -> None:
    """Ctrl-C reaches the command even when these tests run as a background job (a shell starts
    those with SIGINT ignored, which Python and its children then keep)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _title(proc: psutil.Process) -> str:
    """The process's title (Ray names an actor's process ``ray::<class>``), or "" once it is gone."""
    try:
        return proc.cmdline()[0] if proc.cmdline() else ""
    except psutil.Error:
        return ""


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _env(tmp_path: Path, port: int, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOBSCRAPER_", "RAY_ADDRESS"))}
    env.update(
        RAY_AUTH_MODE="token",
        JOBSCRAPER_DATABASE__PATH=str(tmp_path / "jobs.db"),
        JOBSCRAPER_SERVE__PORT=str(port),
        JOBSCRAPER_RAY__DASHBOARD_PORT=str(free_port()),
        JOBSCRAPER_RAY__METRICS_EXPORT_PORT=str(free_port()),
        JOBSCRAPER_RAY__HOST_MONITOR_INTERVAL_S="0",
        JOBSCRAPER_SCHEDULER__ENABLED="false",
    )
    env.update(more)
    return env


def _wait_up(serve: subprocess.Popen[bytes], port: int, folder: Path) -> None:
    deadline = time.monotonic() + 240
    while not (_up(f"http://127.0.0.1:{port}/healthz") and b"Ctrl-C stops it" in _read(folder)):
        assert serve.poll() is None, _read(folder)[-3000:].decode(errors="replace")
        assert time.monotonic() < deadline, "jobscraper serve did not come up"
        time.sleep(0.5)


def test_ctrl_c_after_ray_died_stops_serve_and_everything_it_started(tmp_path: Path) -> None:
    port = free_port()
    env = _env(tmp_path, port)
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "jobscraper", "serve"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        preexec_fn=_ctrl_c_on,  # noqa: PLW1509 (runs before exec, no lock of this process needed)
    )  # fmt: skip
    parent = psutil.Process(serve.pid)
    started: list[psutil.Process] = []
    try:
        _wait_up(serve, port, tmp_path)
        started = parent.children(recursive=True)
        ray_core = [p for p in started if p.name() in ("gcs_server", "raylet")]
        assert ray_core, [p.name() for p in started]
        for proc in ray_core:  # Ray dies under the command
            proc.kill()
        psutil.wait_procs(ray_core, timeout=10)

        began = time.monotonic()
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=STOP_WITHIN_S + SLACK_S + 30)
        took = time.monotonic() - began
        assert took <= STOP_WITHIN_S + SLACK_S, f"Ctrl-C took {took:.1f} s"
        _, left = psutil.wait_procs(started, timeout=10)
        assert not [p for p in left if _alive(p)], [(p.pid, p.name()) for p in left if _alive(p)]
    finally:
        leftovers = [parent, *parent.children(recursive=True)] if _alive(parent) else []
        for proc in [*leftovers, *started]:  # only what this test started, by process id
            if _alive(proc):
                proc.kill()
        serve.wait(timeout=30)
        log.close()


def test_sigterm_stops_serve_its_actors_and_its_ray_and_leaves_no_process(tmp_path: Path) -> None:
    port = free_port()
    env = _env(tmp_path, port, JOBSCRAPER_SCHEDULER__ENABLED="true")  # writer, coordinator + scheduler
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "jobscraper", "serve"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    parent = psutil.Process(serve.pid)
    started: list[psutil.Process] = []
    try:
        _wait_up(serve, port, tmp_path)
        deadline = time.monotonic() + 120
        while True:  # the writer and the coordinator (the scheduler runs in it) have their processes
            started = parent.children(recursive=True)
            titles = " ".join(_title(p) for p in started)
            if all(f"ray::_{name}" in titles for name in ("Writer", "Coordinator")):
                break
            assert time.monotonic() < deadline, titles
            time.sleep(0.5)

        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
        _, left = psutil.wait_procs(started, timeout=30)  # generous: no timing here (see the bench)
        assert not [p for p in left if _alive(p)], [(p.pid, p.cmdline()[:2]) for p in left if _alive(p)]
        assert b"Traceback" not in _read(tmp_path)
    finally:
        leftovers = [parent, *parent.children(recursive=True)] if _alive(parent) else []
        for proc in [*leftovers, *started]:  # only what this test started, by process id
            if _alive(proc):
                proc.kill()
        serve.wait(timeout=30)
        log.close()
