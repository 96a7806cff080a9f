"""What the web UI exposes (issue 13, items 4, 5 and 14): the running Reflex UI, probed from outside.

- its event socket (``/_event``) takes a WebSocket only from the UI's own origin and Host, so no
  other web page (nor a DNS-rebinding one) can drive it with the API token it holds;
- everything it starts listens on loopback only (``ui.host`` is 127.0.0.1);
- when the `jobscraper ui` that started it is SIGKILLed, nothing of it stays behind on its port.

The UI runs alone (its API is not started: these tests talk to the UI's own server only), under a
stand-in parent that starts it the way `jobscraper ui` does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from uistack import free_port

from jobscraper.webui import UI_DIR, answers, ensure_bun

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_PARENT = """
import sys, time
from pathlib import Path
from jobscraper.webui import start_reflex
port, log, bun, ui_dir = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
ui = start_reflex("127.0.0.1", port, {"JOBSCRAPER_UI__API_URL": sys.argv[5]}, log, bun, ui_dir=ui_dir)
print(ui.pid, flush=True)
time.sleep(3600)
"""


@dataclass
class RunningUi:
    port: int
    parent: subprocess.Popen[str]
    group: int  # the UI's process group (its guardian leads it)
    log: Path


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningUi]:
    port = free_port()
    log = tmp_path_factory.mktemp("ui-exposure") / "ui.log"
    env = {k: v for k, v in os.environ.items() if k != "JOBSCRAPER_CONFIG"}
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, str(port), str(log), str(ensure_bun()), str(UI_DIR),
         f"http://127.0.0.1:{free_port()}"],
        env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert parent.stdout is not None
    group = int(parent.stdout.readline())
    try:
        deadline = time.monotonic() + 900
        while not answers(f"http://127.0.0.1:{port}/"):
            if time.monotonic() > deadline or parent.poll() is not None or not _alive(group):
                tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
                pytest.fail(f"the UI did not come up:\n{tail}")
            time.sleep(1)
        yield RunningUi(port, parent, group, log)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(timeout=10)
        deadline = time.monotonic() + 30
        while _alive(group) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(group):
            os.killpg(group, 9)


def _alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except OSError:
        return False
    return True


def _handshake(port: int, host: str, origin: str | None) -> int:
    """The HTTP status the UI answers a raw WebSocket upgrade on its event socket with."""
    lines = [
        "GET /_event/?EIO=4&transport=websocket HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", port), timeout=15) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status = conn.makefile("rb").readline().decode("latin-1")
    return int(status.split()[1])


def _get(port: int, host: str) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=15) as conn:
        conn.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        status = conn.makefile("rb").readline().decode("latin-1")
    return int(status.split()[1])


def test_the_event_socket_takes_the_uis_own_origin(ui: RunningUi) -> None:
    own = f"127.0.0.1:{ui.port}"
    assert _handshake(ui.port, own, f"http://{own}") == 101
    assert _handshake(ui.port, f"localhost:{ui.port}", f"http://localhost:{ui.port}") == 101


@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("127.0.0.1:{port}", "http://evil.example"),
        ("127.0.0.1:{port}", "null"),
        ("127.0.0.1:{port}", None),
        ("evil.example:{port}", "http://evil.example:{port}"),  # DNS rebinding: the page's own name
        ("evil.example", "http://127.0.0.1:{port}"),
    ],
)
def test_the_event_socket_refuses_other_origins_and_hosts(
    ui: RunningUi, host: str, origin: str | None
) -> None:
    status = _handshake(ui.port, host.format(port=ui.port), origin.format(port=ui.port) if origin else None)
    assert status == 403


def test_pages_are_served_to_the_uis_own_host_only(ui: RunningUi) -> None:
    assert _get(ui.port, f"127.0.0.1:{ui.port}") == 200
    assert _get(ui.port, f"rebound.example:{ui.port}") == 403


def test_everything_the_ui_starts_listens_on_loopback_only(ui: RunningUi) -> None:
    listening: list[tuple[int, str, int]] = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(proc.pid) != ui.group:
                continue
            for conn in proc.net_connections(kind="inet"):
                if conn.status == psutil.CONN_LISTEN:
                    listening.append((proc.pid, conn.laddr.ip, conn.laddr.port))
        except (OSError, psutil.Error):
            continue
    assert any(port == ui.port for _, _, port in listening), listening
    beyond = [entry for entry in listening if entry[1] not in ("127.0.0.1", "::1")]
    assert beyond == [], f"the UI listens beyond loopback: {beyond}"


def test_a_sigkilled_parent_leaves_no_ui_behind(ui: RunningUi) -> None:
    """Runs last: `jobscraper ui` SIGKILLed (or taken down with its Ray) takes its UI along."""
    ui.parent.kill()
    ui.parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while _alive(ui.group):
        assert time.monotonic() < deadline, "the UI outlived the process that started it by 10 s"
        time.sleep(0.2)
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", ui.port))  # the port is free again
