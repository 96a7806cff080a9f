"""The console of a long-running command that starts Ray: its own progress lines on the terminal,
everything else (Ray's and Serve's warnings, their workers' lines, C-level output) in a log file.

``jobscraper ui`` should read as a few lines a person can follow — a line per step and the URL —
while what Ray prints stays where it can be read when something goes wrong.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console

__all__ = ["Steps", "terminal_only"]


@contextmanager
def terminal_only(log: Path) -> Iterator[Console]:
    """Point this process's stdout and stderr (file descriptors 1 and 2) at ``log`` and yield a
    Console on the real terminal; both are put back on the way out, so an error raised inside is
    printed where the user sees it.

    When stdout or stderr is not a real file (a test runner's capture) nothing is redirected.
    """
    try:
        out_fd, err_fd = sys.stdout.fileno(), sys.stderr.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        yield Console()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    saved_out, saved_err = os.dup(out_fd), os.dup(err_fd)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as file:
        os.dup2(file.fileno(), out_fd)
        os.dup2(file.fileno(), err_fd)
    terminal = os.fdopen(os.dup(saved_out), "w", buffering=1, encoding="utf-8", errors="replace")
    try:
        yield Console(file=terminal)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved_out, out_fd)
        os.dup2(saved_err, err_fd)
        os.close(saved_out)
        os.close(saved_err)
        terminal.close()


class Steps:
    """One line when a step starts ("Starting Ray…") and one when it is done, with its time."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._started = 0.0
        self._what = ""

    def start(self, what: str) -> None:
        self.done()
        self._console.print(f"{what}…", highlight=False)
        self._what, self._started = what, time.monotonic()

    def still(self, hint: str = "") -> None:
        """A line saying the step is still going (for steps that take minutes)."""
        if self._what:
            self._console.print(f"  … {self.elapsed():.0f} s{hint}", highlight=False)

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def done(self, note: str = "") -> None:
        if self._what:
            self._console.print(f"  [green]✓[/green] done in {self.elapsed():.1f} s{note}", highlight=False)
            self._what = ""
