"""A bug in a command: its traceback and one line on stderr, exit 1, without ``sys.excepthook``.

Ray's driver hook reports an exception to Ray's GCS first; after a command stopped its local Ray,
that waited a minute and then Ray's core ended the process before anything was printed."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import pytest

cli_app = importlib.import_module("jobscraper.cli.app")  # the package's `app` is the Typer object


def test_an_unexpected_error_prints_its_traceback_and_one_line_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hooked: list[Any] = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: hooked.append(exc))

    def broken(config: Any = None) -> Any:
        raise RuntimeError("a deliberate bug")

    monkeypatch.setattr(cli_app, "load_settings", broken)
    with pytest.raises(SystemExit) as exited:
        cli_app.main(["config", "show"])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: a deliberate bug" in err
    assert err.rstrip().splitlines()[-1].startswith("error: an unexpected error (a bug in jobscraper")
    assert hooked == []


def test_a_user_error_is_still_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli_app.main(["config", "check", "--config", str(tmp_path / "missing.yaml")])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and len(err.strip().splitlines()) == 1
