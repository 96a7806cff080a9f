"""Who used the CPU during ``bench/ui.py``'s staleness runs, and who waited for a core: every
process on the machine by role (``footprint.role``), Chromium by process type, a renderer's main
thread alone, from psutil and /proc.

Separate from the staleness runs that take these figures (``bench/_ui_staleness.py``): this part
reads the machine, not the page, and knows nothing of Playwright or the UI.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import psutil
from footprint import role  # a process's role from its command line


def _cpu_now() -> dict[int, tuple[str, int, float, float]]:
    """Every process on the machine: (role, niceness, CPU seconds so far, seconds its threads
    waited for a core so far — the latter for this bench's processes only); a process that is not
    this bench's (its stack, its browser) is marked "outside:" — the machine is shared. Chromium is
    the "page" one (the browser the bench drives) or the "crawler" one (the stack's). A Chromium
    renderer's main thread (the page's JavaScript, style, layout) is also counted alone, under the
    negative pid: its CPU next to the page's long tasks says whether a long task worked or waited."""
    children = psutil.Process().children()
    ours = {child.pid for child in psutil.Process().children(recursive=True)}
    stack = {p.pid for c in children if "jobscraper" in " ".join(c.cmdline()) for p in c.children(True)}
    out = {}
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            name = role(proc) + _chromium_type(proc)
            if "chromium" in name:  # the stack's browser renders career pages; the other is the page's
                name = name.replace(
                    "other chromium", "crawler chromium" if proc.pid in stack else "page chromium"
                )
            name = name if proc.pid in ours else f"outside: {name}"
            waited = _run_delay(proc.pid, [t.id for t in proc.threads()]) if proc.pid in ours else 0.0
            out[proc.pid] = (name, proc.nice(), times.user + times.system, waited)
            if name.endswith("chromium renderer"):
                main = (_thread_cpu(proc.pid), _run_delay(proc.pid, [proc.pid]))
                out[-proc.pid] = (f"{name} main thread", proc.nice(), *main)
    return out


def _thread_cpu(pid: int, tid: int | None = None) -> float:
    """CPU seconds of one thread (the process's main thread by default), from /proc."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        stat = Path(f"/proc/{pid}/task/{tid or pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def _run_delay(pid: int, tids: list[int]) -> float:
    """Seconds the threads were runnable but waited for a core (the kernel's schedstat)."""
    total = 0
    for tid in tids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[1])
    return total / 1e9


def _chromium_type(proc: psutil.Process) -> str:
    """' renderer', ' gpu-process', ' browser'… for a Chromium process: the page's own work, the
    compositor's and the browser's are apart (with --disable-gpu, frames are composited in software)."""
    with contextlib.suppress(psutil.Error):
        if "chrom" in proc.name():
            kind = next((a.split("=", 1)[1] for a in proc.cmdline() if a.startswith("--type=")), "browser")
            return f" {kind}"
    return ""


def _cpu_used(before: dict[int, tuple[str, int, float, float]]) -> None:
    """Add the CPU seconds each role used since ``before`` to :data:`_CPU`, and the seconds its
    threads waited for a core to :data:`_WAITED` (new processes whole)."""
    for pid, (name, nice, total, waited) in _cpu_now().items():
        was = before.get(pid)
        same = was is not None and was[0] == name
        key = f"{name} (nice {nice})"
        _CPU[key] = _CPU.get(key, 0.0) + total - (was[2] if was and same else 0.0)
        _WAITED[key] = _WAITED.get(key, 0.0) + waited - (was[3] if was and same else 0.0)


_CPU: dict[str, float] = {}  # CPU seconds by role during the staleness runs: who the CPU went to
_WAITED: dict[str, float] = {}  # seconds by role that its threads were runnable but had no core
