"""Running the Reflex web UI (``ui/``) as a child process: its JavaScript runtime, start, wait, stop.

Reflex builds its frontend with ``bun`` (at least :data:`BUN_VERSION`). Reflex's own installer
downloads a script from GitHub, which machines with only the package registries cannot reach, so
:func:`ensure_bun` takes bun from the npm registry instead (``npm install bun@…`` into
``.tools/bun`` of the checkout), once, and reuses a suitable bun on ``PATH`` when there is one.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from jobscraper.errors import ConfigError

__all__ = [
    "BUN_VERSION",
    "ROOT",
    "UI_DIR",
    "UI_GRACE_S",
    "answers",
    "ensure_bun",
    "guarded_command",
    "guardian",
    "port_held",
    "reflex_command",
    "start_reflex",
    "stop_process",
    "wait_until_up",
]

BUN_VERSION = "1.4.4"  # Reflex 0.10's minimum (reflex_base.constants.Bun.MIN_VERSION)
ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
_LOCAL_BUN = ROOT / ".tools" / "bun" / "node_modules" / ".bin" / "bun"


def _version(bun: Path) -> tuple[int, ...] | None:
    try:
        out = subprocess.run([str(bun), "--version"], capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return tuple(int(p) for p in out.stdout.strip().split("-")[0].split("."))
    except ValueError:
        return None


def _suitable(bun: Path) -> bool:
    found = _version(bun)
    return found is not None and found >= tuple(int(p) for p in BUN_VERSION.split("."))


def ensure_bun(say: Callable[[str], None] = print) -> Path:
    """A bun executable Reflex accepts: ``.tools/bun``, then ``PATH``; else installed with npm."""
    on_path = shutil.which("bun")
    for candidate in (_LOCAL_BUN, Path(on_path) if on_path else None):
        if candidate is not None and candidate.exists() and _suitable(candidate):
            return candidate
    npm = shutil.which("npm")
    if npm is None:
        raise ConfigError(
            f"the web UI needs bun >= {BUN_VERSION} (Reflex builds the pages with it) and there is none, "
            f"nor npm to install it: install Node.js/npm, or bun from https://bun.sh, and try again"
        )
    say(f"installing bun {BUN_VERSION} from the npm registry into {_LOCAL_BUN.parents[2]} (once) …")
    result = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(_LOCAL_BUN.parents[2]),
            "--no-save",
            "--no-audit",
            "--no-fund",
            f"bun@{BUN_VERSION}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0 or not _suitable(_LOCAL_BUN):
        raise ConfigError(
            f"npm could not install bun {BUN_VERSION}: {(result.stderr or result.stdout)[-800:]}"
        )
    return _LOCAL_BUN


def answers(url: str, timeout: float = 1.0) -> bool:
    """True when something answers HTTP at ``url`` (any status).

    A program that answers in another protocol (one of Ray's gRPC servers) is not HTTP: False."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        return False


def port_held(host: str, port: int) -> bool:
    """Whether another program listens on ``host``:``port``, so that a server cannot bind it there.

    A bind test with ``SO_REUSEADDR`` (a port in TIME_WAIT is free); only "address in use" counts,
    so a host this machine cannot bind is left to the server to report."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def start_reflex(
    host: str, port: int, env: dict[str, str], log: Path, bun: Path, ui_dir: Path = UI_DIR
) -> subprocess.Popen[bytes]:
    """``reflex run --env prod --single-port`` in ``ui_dir``, bound to ``host``, logging to ``log``.

    It runs under :func:`guardian` (in its own process group, as the group's leader), so the whole
    UI goes when this process does, even when this process is SIGKILLed or dies with its Ray.
    ``env`` is added to this process's environment (the UI reads the jobscraper config through it).
    """
    if not (ui_dir / "rxconfig.py").exists():
        raise ConfigError(f"{ui_dir}: the web UI is not there (it ships with the source checkout)")
    full = {
        **os.environ,
        **env,
        "PATH": f"{bun.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "JOBSCRAPER_UI__PORT": str(port),
        "JOBSCRAPER_UI__HOST": host,
    }
    reflex = reflex_command(host, port)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        return subprocess.Popen(
            guarded_command(reflex),
            cwd=ui_dir,
            env=full,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def reflex_command(host: str, port: int) -> list[str]:
    """``reflex run`` in production mode, frontend and backend on ``port``, bound to ``host`` only.

    Without ``--backend-host`` Reflex binds every interface (0.0.0.0), whatever ``ui.host`` says.
    """
    return [
        sys.executable,
        "-m",
        "reflex",
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(port),
        "--backend-port",
        str(port),
        "--backend-host",
        host,
        "--loglevel",
        "warning",
    ]


def guarded_command(command: list[str], parent: int | None = None) -> list[str]:
    """``command`` run under :func:`guardian`, watching ``parent`` (default: this process)."""
    watched = os.getpid() if parent is None else parent
    return [sys.executable, "-m", "jobscraper.webui", "--parent", str(watched), "--", *command]


def wait_until_up(
    url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    timeout_s: float = 900,
    *,
    tick: Callable[[], None] | None = None,
    tick_every_s: float = 30.0,
) -> None:
    """Return once ``url`` answers; raise (with the log's tail) if the process ends or time runs out.

    ``tick`` is called every ``tick_every_s`` while it waits (a first build takes minutes: the
    console says it is still at it)."""
    deadline = time.monotonic() + timeout_s
    next_tick = time.monotonic() + tick_every_s
    while time.monotonic() < deadline:
        if answers(url):
            return
        if tick is not None and time.monotonic() >= next_tick:
            tick()
            next_tick += tick_every_s
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
            raise ConfigError(f"the web UI stopped (exit {process.returncode}); the end of {log}:\n{tail}")
        time.sleep(0.5)
    raise ConfigError(f"the web UI did not answer at {url} within {timeout_s:.0f} s; see {log}")


def stop_process(process: subprocess.Popen[bytes], grace_s: float = 5.0) -> None:
    """SIGTERM the process group (Reflex, its server and bun), SIGKILL what is left after ``grace_s``.

    The group is waited for as a whole: a server still finishing its requests after the group's
    leader has gone is killed too, so nothing keeps the port.
    """
    if process.poll() is None:
        _signal_group(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace_s)
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    _signal_group(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.wait(timeout=grace_s)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    # the group is empty already (PermissionError: macOS says so for a group of zombies)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs. A zombie does not count: ``jobscraper ui`` is the
    child subreaper of what it starts (:func:`~jobscraper.cli.local_ray.adopt_orphans`), so a UI
    server whose parent went first becomes its child, and its zombie stays in the group until
    reaped — which kept every stop waiting ``grace_s`` (5 s) in one of four runs."""
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    import psutil

    for proc in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(proc.pid) == pgid and proc.status() != psutil.STATUS_ZOMBIE:
                return True
        except (OSError, psutil.Error):
            continue
    _reap(pgid)
    return False


def _reap(pgid: int) -> None:
    """Collect this process's zombie children of the group (orphans it adopted as subreaper)."""
    import psutil

    for child in psutil.Process().children():
        with contextlib.suppress(OSError, psutil.Error):
            if child.status() == psutil.STATUS_ZOMBIE and os.getpgid(child.pid) == pgid:
                os.waitpid(child.pid, os.WNOHANG)


# how long the UI server gets to end on SIGTERM before it is killed: it holds nothing worth a wait
# (the web UI keeps its data behind the API), and granian's worker sometimes used all of 4 s
UI_GRACE_S = 1.5


def guardian(parent: int, command: list[str], grace_s: float = UI_GRACE_S, tick_s: float = 0.25) -> int:
    """Run ``command`` while ``parent`` lives; then end this whole process group.

    ``jobscraper ui`` starts the UI as ``python -m jobscraper.webui --parent <its pid> -- reflex …``
    in a new process group. When the parent goes (Ctrl-C, SIGKILL, its Ray taking it down) the UI
    would be orphaned and keep its port; the guardian notices within ``tick_s`` (the parent's pid
    is no longer this process's parent), SIGTERMs the group, and SIGKILLs what is left after
    ``grace_s``. A SIGTERM/SIGINT/SIGHUP to the guardian does the same. Returns the command's exit
    status (or 128 + the signal that ended the guardian's watch).
    """
    stopping: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        stopping.append(signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    child = subprocess.Popen(command)
    while child.poll() is None and not stopping and os.getppid() == parent:
        time.sleep(tick_s)
    if child.poll() is not None and not stopping and os.getppid() == parent:
        _end_group(grace_s)  # what the command left behind goes with it
        return child.returncode
    _end_group(grace_s)
    return 128 + (stopping[0] if stopping else signal.SIGHUP)


def _end_group(grace_s: float) -> None:
    """SIGTERM every other process in this group, then SIGKILL the ones left after ``grace_s``."""
    import psutil

    me = os.getpid()
    group = os.getpgid(me)

    def others() -> list[psutil.Process]:
        found = []
        for proc in psutil.process_iter(["pid"]):
            try:
                if proc.pid != me and os.getpgid(proc.pid) == group and proc.status() != "zombie":
                    found.append(proc)
            except (ProcessLookupError, psutil.Error):
                continue
        return found

    for sig in (signal.SIGTERM, signal.SIGKILL):
        for proc in others():
            try:
                proc.send_signal(sig)
            except psutil.Error:
                continue
        deadline = time.monotonic() + grace_s
        while others() and time.monotonic() < deadline:
            time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    """``python -m jobscraper.webui --parent PID -- COMMAND…``: :func:`guardian` from the command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 4 or args[0] != "--parent" or not args[1].isdigit() or args[2] != "--":
        print("usage: python -m jobscraper.webui --parent PID -- COMMAND [ARG…]", file=sys.stderr)
        return 2
    return guardian(int(args[1]), args[3:])


if __name__ == "__main__":
    raise SystemExit(main())
