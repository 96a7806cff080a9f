"""``jobscraper ui --demo`` as a user starts it, on free ports, for the browser tests and bench/ui.py.

The command runs in a child process group (its own Ray, Serve app, Reflex server and demo board);
leaving the context sends it Ctrl-C (SIGINT), which stops all of that, and kills what is left.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.ports import free_port  # below the ephemeral range: Ray cannot take the UI's port first

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM = "/usr/bin/chromium"


@dataclass
class UiStack:
    url: str
    api: str
    db: Path
    output: list[str]


@contextmanager
def ui_stack(
    workdir: Path, *, poll_interval_s: float = 0.5, timeout_s: float = 1200, database_url: str | None = None
) -> Iterator[UiStack]:
    """Start ``jobscraper ui --demo`` in ``workdir``; yield its URLs once it prints the UI's URL.
    ``database_url``: the stack's database is that one (``database.url``) instead of ``demo.db``."""
    api_port, ui_port, demo_port = free_port(), free_port(), free_port()
    db = workdir / "demo.db"
    env = {
        **os.environ,
        "JOBSCRAPER_SERVE__PORT": str(api_port),
        "JOBSCRAPER_UI__PORT": str(ui_port),
        "JOBSCRAPER_UI__POLL_INTERVAL_S": str(poll_interval_s),
        "JOBSCRAPER_RAY__DASHBOARD_PORT": str(free_port()),
        "RAY_AUTH_MODE": os.environ.get("RAY_AUTH_MODE", "token"),
        "PYTHONUNBUFFERED": "1",
        "COLUMNS": "200",
    }
    env.pop("JOBSCRAPER_CONFIG", None)
    cmd = [sys.executable, "-m", "jobscraper", "ui", "--demo", "--db", str(db), "--demo-port", str(demo_port)]
    if database_url is not None:
        env["JOBSCRAPER_DATABASE__URL"] = database_url
        cmd.remove("--db")
        cmd.remove(str(db))
    proc = subprocess.Popen(
        cmd, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    output: list[str] = []

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        deadline = time.monotonic() + timeout_s
        url = None
        while url is None:
            if time.monotonic() > deadline or proc.poll() is not None:
                time.sleep(1)  # the pump reads what the command printed last
                log = workdir / "ui.log"  # Ray's, Serve's and Reflex's output: why it went
                text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
                tail = text.splitlines()[-80:]
                raise RuntimeError(
                    "`jobscraper ui --demo` did not come up:\n"
                    + "".join(output[-60:])
                    + f"\n--- the end of {log}:\n"
                    + "\n".join(tail)
                )
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            found = re.search(r"web UI: (http://\S+)", line)
            url = found.group(1) if found else None
        yield UiStack(url=url, api=f"http://127.0.0.1:{api_port}", db=db, output=output)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
