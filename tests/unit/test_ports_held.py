"""Ports: a program that is not HTTP on a port, a port another program holds, and the tests' own
free ports, which Ray cannot take while it starts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jobscraper.webui import answers, port_held
from tests.ports import EPHEMERAL, RAY_WORKER_PORTS, free_port


@contextmanager
def _listener(reply: bytes = b"") -> Iterator[int]:
    """A loopback server that answers every connection with ``reply`` (not HTTP) and closes it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(4096)
                conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        server.close()
        thread.join(timeout=5)


def test_a_program_that_answers_in_another_protocol_is_not_a_web_server() -> None:
    # what one of Ray's gRPC servers did on the UI's port; it raised BadStatusLine before
    with _listener(b"SSH-2.0-OpenSSH_9.6\r\n") as port:
        assert answers(f"http://127.0.0.1:{port}/", timeout=2) is False


def test_a_port_another_program_listens_on_is_held_and_a_free_one_is_not() -> None:
    with _listener() as port:
        assert port_held("127.0.0.1", port)
        assert port_held("0.0.0.0", port)  # every interface includes loopback
    assert not port_held("127.0.0.1", free_port())


def test_a_host_this_machine_cannot_bind_is_left_to_the_server_to_report() -> None:
    assert not port_held("192.0.2.254", free_port())  # TEST-NET: not this machine's address


def test_the_tests_ports_are_neither_ephemeral_nor_ray_worker_ports_and_never_repeat() -> None:
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == len(ports)
    room = EPHEMERAL.start - RAY_WORKER_PORTS.stop >= 1000  # else free_port takes the kernel's
    for port in ports:
        assert port not in RAY_WORKER_PORTS or not room
        assert port not in EPHEMERAL or not room
        assert not port_held("0.0.0.0", port)


def _jobscraper(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JOBSCRAPER_")}
    return subprocess.run(
        [sys.executable, "-m", "jobscraper", *args],
        cwd=tmp_path,
        env={**environ, "JOBSCRAPER_DATABASE__PATH": str(tmp_path / "jobs.db"), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ui_with_its_port_held_by_another_program_says_so_in_one_line_before_ray(tmp_path: Path) -> None:
    with _listener(b"not http\r\n") as port:
        api = str(free_port())
        done = _jobscraper(tmp_path, "ui", JOBSCRAPER_UI__PORT=str(port), JOBSCRAPER_SERVE__PORT=api)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"error: ui.port {port}: another program listens on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr and "Starting Ray" not in done.stdout


def test_serve_with_its_port_held_by_another_program_says_so_in_one_line_before_ray(tmp_path: Path) -> None:
    with _listener() as port:
        done = _jobscraper(tmp_path, "serve", JOBSCRAPER_SERVE__PORT=str(port))
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"error: serve.port {port}: another program listens on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr
