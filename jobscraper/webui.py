"""Running the Reflex web UI (``ui/``) as a child process: its JavaScript runtime, start, wait, stop.

Reflex builds its frontend with ``bun`` (at least :data:`BUN_VERSION`). Reflex's own installer
downloads a script from GitHub, which machines with only the package registries cannot reach, so
:func:`ensure_bun` takes bun from the npm registry instead (``npm install bun@…`` into
``.tools/bun`` of the checkout), once, and reuses a suitable bun on ``PATH`` when there is one.
"""

from __future__ import annotations

import os
import shutil
import signal
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
    "answers",
    "ensure_bun",
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
    """True when something answers HTTP at ``url`` (any status)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def start_reflex(
    host: str, port: int, env: dict[str, str], log: Path, bun: Path, ui_dir: Path = UI_DIR
) -> subprocess.Popen[bytes]:
    """``reflex run --env prod --single-port`` in ``ui_dir``, in its own process group, logging to ``log``.

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
    }
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        return subprocess.Popen(
            [
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
                "--loglevel",
                "warning",
            ],
            cwd=ui_dir,
            env=full,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float = 900) -> None:
    """Return once ``url`` answers; raise (with the log's tail) if the process ends or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if answers(url):
            return
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
            raise ConfigError(f"the web UI stopped (exit {process.returncode}); the end of {log}:\n{tail}")
        time.sleep(0.5)
    raise ConfigError(f"the web UI did not answer at {url} within {timeout_s:.0f} s; see {log}")


def stop_process(process: subprocess.Popen[bytes], grace_s: float = 10.0) -> None:
    """SIGTERM the process group (Reflex, its server and bun), SIGKILL what is left after ``grace_s``."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace_s)
    except ProcessLookupError:
        pass
