"""The idle footprint of the whole stack, and how long it takes to stop.

Starts ``jobscraper ui --demo`` (or ``jobscraper serve`` with ``--command serve``) as a user does — its
own free ports, a fresh database and working folder in a temp directory — and waits until it is idle:
the API's health answers, the API has been asked for its runs once (as the web UI's first page
does, which brings up the coordinator and its scraper pool) and no run is going. After
``--settle-s`` it reads every process of the stack: the command and everything that descends from
it (Ray's GCS, raylet, dashboard and agents, every actor and Serve replica, the Reflex server and its
bun/node children). It prints the proportional set size (PSS: shared pages split between the
processes that map them, so the figures add up) per process, grouped by role, the process count and
the total.

Then it sends SIGTERM to the command (what ``kill PID``, systemd or a container runtime sends) and
measures the time until every one of those processes is gone; whatever is still there after
``--stop-timeout-s`` is listed as left behind and killed by process id. It also says whether the
SQLite database was closed cleanly (no ``-wal`` file left next to it).

The baseline is measured in the same run with ``--baseline-tree DIR``: a checkout of the commit
before (``git worktree add --detach DIR <commit>``, with ``ui/.web`` copied in to save the first
build) started the same way, first. Without it, a JSON file of an earlier run (``--save`` /
``--baseline``) or the figures the issue measured (31 processes, 2.5 GB PSS, 58 s to stop). The last
line is the ratio ours / baseline for PSS.

Run it under the heavy-run lock on a shared machine::

    flock /tmp/js-heavy.lock uv run --frozen python bench/footprint.py
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ports import free_port  # noqa: E402

ISSUE_BASELINE = {"label": "issue 18 (before)", "processes": 31, "pss_mb": 2500.0, "stop_s": 58.0}
_RAY_CORE = ("gcs_server", "raylet")


@dataclass
class Figures:
    label: str
    processes: int = 0
    pss_mb: float = 0.0
    stop_s: float | None = None
    left_behind: list[str] = field(default_factory=list)
    gone_after: dict[str, float] = field(default_factory=dict)  # "pid role" -> seconds after SIGTERM
    wal_left: bool = False
    roles: dict[str, list[float]] = field(default_factory=dict)
    listing: list[str] = field(default_factory=list)


def role(proc: psutil.Process) -> str:
    """What the process is, from its command line (Ray sets an actor's title to ``ray::Class``)."""
    try:
        cmd = proc.cmdline()
        name = proc.name()
    except psutil.Error:
        return "?"
    line = " ".join(cmd)
    if name in _RAY_CORE:
        return f"ray {name}"
    if line.startswith("ray::"):
        title = cmd[0].removeprefix("ray::").split(".")[0].split(" ")[0]
        if title.startswith("ServeReplica:"):
            return "serve replica " + title.split(":")[-1]
        return f"actor {title}"
    for marker, label in (
        ("ray-dashboard-", "ray dashboard module"),
        ("multiprocessing.forkserver", "ray dashboard forkserver"),
        ("multiprocessing.resource_tracker", "ray dashboard resource tracker"),
        ("default_worker.py", "ray worker (uv run wrapper)" if name == "uv" else "ray worker (idle)"),
        ("dashboard/agent.py", "ray dashboard agent"),
        ("runtime_env/agent", "ray runtime-env agent"),
        ("dashboard/dashboard.py", "ray dashboard"),
        ("log_monitor.py", "ray log monitor"),
        ("autoscaler/_private/monitor.py", "ray monitor"),
        ("-m jobscraper ui", "jobscraper ui (driver)"),
        ("-m jobscraper serve", "jobscraper serve (driver)"),
        ("jobscraper.webui", "reflex guardian"),
        ("-m reflex", "reflex"),
        ("/bun", "ui bun"),
        ("/node", "ui node"),
    ):
        if marker in line:
            return label
    return f"other {name}"


def stack_processes(root: psutil.Process) -> list[psutil.Process]:
    """``root`` and its descendants, and anything else in its session (the UI's own process group)."""
    found = {root.pid: root}
    with contextlib.suppress(psutil.Error):
        for child in root.children(recursive=True):
            found[child.pid] = child
    sid = os.getsid(root.pid)
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error, OSError):
            if proc.pid not in found and os.getsid(proc.pid) == sid:
                found[proc.pid] = proc
    return list(found.values())


def alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def _wait_idle(api: str, proc: subprocess.Popen[str], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError("the command ended before it was idle")
        if time.monotonic() > deadline:
            raise RuntimeError("the stack did not become idle")
        try:
            _get(f"{api}/healthz")
            runs = _get(f"{api}/api/runs")
        except (OSError, ValueError):
            time.sleep(1)
            continue
        items = runs if isinstance(runs, list) else runs.get("runs", runs.get("items", []))
        if not any(isinstance(r, dict) and r.get("status") == "running" for r in items):
            return
        time.sleep(1)


def measure(
    command: str, label: str, settle_s: float, stop_timeout_s: float, tree: Path | None = None
) -> Figures:
    """Start the stack (from the checkout ``tree``, default this one), read it idle, stop it."""
    work = Path(tempfile.mkdtemp(prefix="footprint-"))
    api_port, ui_port, demo_port = free_port(), free_port(), free_port()
    db = work / "demo.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOBSCRAPER_", "RAY_ADDRESS"))}
    env.update(
        JOBSCRAPER_SERVE__PORT=str(api_port),
        JOBSCRAPER_UI__PORT=str(ui_port),
        JOBSCRAPER_DATABASE__PATH=str(db),
        JOBSCRAPER_RAY__DASHBOARD_PORT=str(free_port()),
        JOBSCRAPER_RAY__METRICS_EXPORT_PORT=str(free_port()),
        RAY_AUTH_MODE=os.environ.get("RAY_AUTH_MODE", "token"),
        PYTHONUNBUFFERED="1",
        COLUMNS="200",
    )
    if tree is not None:  # its packages (and its ui/) come first, for the command and every Ray worker
        env["PYTHONPATH"] = str(tree.resolve())
    if command == "ui":
        demo = ["--demo", "--db", str(db), "--demo-port", str(demo_port)]
        cmd = [sys.executable, "-m", "jobscraper", "ui", *demo]
        ready = re.compile(r"web UI: http://")
    else:
        cmd = [sys.executable, "-m", "jobscraper", "serve"]
        ready = re.compile(r"Ctrl-C stops it")
    proc = subprocess.Popen(
        cmd, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
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
    figures = Figures(label=label)
    procs: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 1200
        while not any(ready.search(line) for line in output):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"`{' '.join(cmd[2:])}` did not come up:\n" + "".join(output[-40:]))
            with contextlib.suppress(queue.Empty):
                lines.get(timeout=1)
        api = f"http://127.0.0.1:{api_port}"
        _wait_idle(api, proc, 600)
        time.sleep(settle_s)
        _wait_idle(api, proc, 600)
        procs = stack_processes(psutil.Process(proc.pid))
        roles: dict[str, list[float]] = defaultdict(list)
        for p in procs:
            with contextlib.suppress(psutil.Error):
                pss = p.memory_full_info().pss / 2**20
                roles[role(p)].append(pss)
                figures.listing.append(f"{p.pid:>7} {p.ppid():>7} {pss:7.1f}  {' '.join(p.cmdline())[:110]}")
        figures.roles = dict(roles)
        figures.processes = sum(len(v) for v in roles.values())
        figures.pss_mb = sum(sum(v) for v in roles.values())

        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        stop_deadline = began + stop_timeout_s
        names = {p.pid: f"{p.pid} {role(p)}" for p in procs}
        while time.monotonic() < stop_deadline:
            proc.poll()  # reaps the command itself once it exits
            living = [p for p in procs if alive(p)]
            for p in procs:
                if p not in living and names[p.pid] not in figures.gone_after:
                    figures.gone_after[names[p.pid]] = time.monotonic() - began
            if not living:
                figures.stop_s = time.monotonic() - began
                break
            time.sleep(0.1)
        figures.left_behind = [f"{p.pid} {role(p)}" for p in procs if alive(p)]
        time.sleep(0.5)  # the pump's last lines
        figures.listing += ["", "the command's last lines:", *(line.rstrip() for line in output[-8:])]
        figures.wal_left = Path(f"{db}-wal").exists()
    finally:
        leftovers = [*procs, *(stack_processes(psutil.Process(proc.pid)) if alive_pid(proc.pid) else [])]
        for p in leftovers:  # only what this script started, by process id
            if alive(p):
                with contextlib.suppress(psutil.Error):
                    p.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=30)
    return figures


def alive_pid(pid: int) -> bool:
    try:
        return alive(psutil.Process(pid))
    except psutil.Error:
        return False


def report(ours: Figures, baseline: dict[str, Any], listing: bool = False) -> None:
    if listing:
        print(f"\n{ours.label}: every process (pid, parent, PSS MB, command)")
        print("\n".join(ours.listing))
    print(f"\n{ours.label}: PSS per role (MB)")
    for name, values in sorted(ours.roles.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {name:<42} {len(values):>3} × {sum(values) / len(values):7.1f} = {sum(values):8.1f}")
    stop = f"{ours.stop_s:.1f} s" if ours.stop_s is not None else "did not stop"
    print(f"  {'total':<42} {ours.processes:>3} processes  {ours.pss_mb:8.1f} MB")
    print(f"  stop after SIGTERM: {stop}; left behind: {ours.left_behind or 'none'}")
    last = sorted(ours.gone_after.items(), key=lambda kv: -kv[1])[:4]
    if last:  # what the stop waited for
        print("  the last to go: " + ", ".join(f"{name} {took:.1f} s" for name, took in last))
    print(f"  database closed cleanly (no -wal left): {'no' if ours.wal_left else 'yes'}")
    print()
    print(f"{'':<24}{'processes':>10}{'PSS MB':>10}{'stop s':>10}")
    base_stop = baseline.get("stop_s")
    print(
        f"{'baseline: ' + str(baseline['label']):<24.24}{baseline['processes']:>10}"
        f"{baseline['pss_mb']:>10.0f}{base_stop if base_stop is not None else float('nan'):>10.1f}"
    )
    print(
        f"{'ours: ' + ours.label:<24.24}{ours.processes:>10}{ours.pss_mb:>10.0f}"
        f"{ours.stop_s if ours.stop_s is not None else float('nan'):>10.1f}"
    )
    if ours.stop_s is not None and base_stop:
        print(f"stop time ratio ours/baseline: {ours.stop_s / base_stop:.2f}")
    print(f"PSS ratio ours/baseline: {ours.pss_mb / baseline['pss_mb']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--command", choices=("ui", "serve"), default="ui")
    parser.add_argument("--label", default="this tree")
    parser.add_argument("--settle-s", type=float, default=15.0, help="idle time before reading memory")
    parser.add_argument("--stop-timeout-s", type=float, default=120.0)
    parser.add_argument("--save", type=Path, help="write these figures as JSON (a later run's baseline)")
    parser.add_argument("--baseline", type=Path, help="JSON figures of an earlier run (default: the issue's)")
    parser.add_argument("--baseline-tree", type=Path, help="a checkout to measure first, as the baseline")
    parser.add_argument("--list", action="store_true", help="print every process of the stack too")
    parser.add_argument(
        "--tree", type=Path, help="measure this checkout instead of the one holding this script"
    )
    args = parser.parse_args()
    baseline: dict[str, Any] = ISSUE_BASELINE
    if args.baseline:
        baseline = json.loads(args.baseline.read_text())
    if args.baseline_tree:
        before = measure(args.command, "before", args.settle_s, args.stop_timeout_s, args.baseline_tree)
        report(before, ISSUE_BASELINE, args.list)
        baseline = asdict(before)
    ours = measure(args.command, args.label, args.settle_s, args.stop_timeout_s, args.tree)
    if args.save:
        tmp = args.save.with_suffix(args.save.suffix + ".tmp")
        tmp.write_text(json.dumps(asdict(ours), indent=1))
        tmp.replace(args.save)
    report(ours, baseline, args.list)


if __name__ == "__main__":
    main()
