"""The ``jobscraper`` command line run in this process (``main(argv)``): what a user sees — exit code,
stdout, stderr — in milliseconds instead of a subprocess's second or two.

A test module builds its ``cli`` fixture from :func:`isolate` (no ``JOBSCRAPER_*`` from the caller,
never the cluster's writer nor a Ray that someone else runs on this machine, the test's folder as
the working directory) and :func:`run` (the output captured with pytest's ``capsys``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from jobscraper.cli import context, main
from jobscraper.store import SyncEngine, open_database
from tests.postings import posting_dict


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


Cli = Callable[..., CliResult]


def isolate(monkeypatch: pytest.MonkeyPatch, cwd: Path) -> None:
    """A clean environment for in-process runs, restored after the test."""
    for name in list(os.environ):
        if name.upper().startswith("JOBSCRAPER_") or name in ("RAY_ADDRESS", "NO_COLOR", "FORCE_COLOR"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("JOBSCRAPER_RAY__USE_CLUSTER_WRITER", "false")
    monkeypatch.setenv("RAY_AUTH_MODE", os.environ.get("RAY_AUTH_MODE", "token"))  # Context sets it
    monkeypatch.setenv("COLUMNS", "200")
    # The process table shows no Ray: a local Ray that another test or a user runs here is not this
    # test's (``status`` would join it and ask it for seconds; writes would look for its writer).
    no_processes = SimpleNamespace(process_iter=lambda *args, **kwargs: iter(()))
    monkeypatch.setattr(context, "psutil", no_processes)  # what local_ray_running() looks at
    monkeypatch.chdir(cwd)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    """``jobscraper ARGS`` in this process."""
    capsys.readouterr()
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return CliResult(code, out, err)


def assert_one_line_error(result: CliResult, *needles: str) -> None:
    """Exit 2, exactly one non-empty line on stderr (``error: …``), no traceback anywhere."""
    assert "Traceback" not in result.out + result.err, result.err
    assert result.code == 2, (result.code, result.out, result.err)
    assert len(result.err_lines) == 1, result.err
    assert result.err_lines[0].startswith("error: "), result.err
    for needle in needles:
        assert needle in result.err_lines[0], result.err


def job_database(path: Path, jobs: int = 3) -> Path:
    """A migrated job database at ``path`` holding ``jobs`` JobSpy-shaped postings (ids 1..jobs)."""
    database = open_database(path)
    try:
        SyncEngine(database).upsert([posting_dict(n) for n in range(1, jobs + 1)])
    finally:
        database.dispose()
    return path
