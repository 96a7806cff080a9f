"""`jobscraper jobs check` in this process against the demo board: the first pass finds the gone jobs'
pages closed once, the second closes them; `jobs list` and `match`-style listings then leave them
out unless `--closed include|only` asks; a bad value is one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.store import SyncEngine, open_database
from tests.cli_inprocess import Cli, CliResult, assert_one_line_error, isolate, run
from tests.postings import posting_dict


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    isolate(monkeypatch, tmp_path)
    return lambda *args: run(capsys, *args)


@pytest.fixture
def board() -> DemoBoard:
    with DemoBoard(DemoKnobs()) as started:
        yield started  # type: ignore[misc]


def _database(path: Path, board: DemoBoard) -> Path:
    """Jobs at the demo board: key 10 (a notice in week 2), 3 (404 in week 2), 2 and 12 (stay)."""
    careers = board.base_url + "/careers/acme-robotics/jobs/{}"
    database = open_database(path)
    try:
        SyncEngine(database).upsert(
            [posting_dict(n, job_url=careers.format(key)) for n, key in enumerate((10, 3, 2, 12), start=1)]
        )
    finally:
        database.dispose()
    return path


def _listed(cli: Cli, db: Path, *extra: str) -> set[str]:
    result = cli("jobs", "list", "--db", db, "--json", "--no-meaning", "--per-page", "50", *extra)
    assert result.code == 0, result.err
    return {item["job_url"].rsplit("/", 1)[-1] for item in json.loads(result.out)["items"]}


def _check(cli: Cli, db: Path) -> CliResult:
    result = cli("jobs", "check", "--db", db, "--min-days", "0")
    assert result.code == 0, result.err
    return result


def test_two_checks_close_the_gone_jobs_and_the_lists_leave_them_out(
    cli: Cli, board: DemoBoard, tmp_path: Path
) -> None:
    db = _database(tmp_path / "jobs.db", board)
    assert "checked 4 job(s): 4 open, 0 closed" in _check(cli, db).out
    board.knobs.version = 2
    assert "checked 4 job(s): 2 open, 0 closed, 2 failed once" in _check(cli, db).out
    assert _listed(cli, db) == {"10", "3", "2", "12"}  # one failed check closes nothing
    assert "checked 4 job(s): 2 open, 2 closed" in _check(cli, db).out
    assert _listed(cli, db) == {"2", "12"}
    assert _listed(cli, db, "--closed", "only") == {"10", "3"}
    assert _listed(cli, db, "--closed", "include") == {"10", "3", "2", "12"}
    shown = json.loads(cli("jobs", "show", "1", "--db", db, "--json").out)
    assert shown["closed_at"] and shown["closed_reason"] == "page says: no longer accepting applications"


def test_limit_and_nothing_due(cli: Cli, board: DemoBoard, tmp_path: Path) -> None:
    db = _database(tmp_path / "jobs.db", board)
    assert "checked 1 job(s)" in cli("jobs", "check", "--db", db, "--min-days", "0", "--limit", "1").out
    nothing = cli("jobs", "check", "--db", db)  # the default: 3 days; every job was just seen
    assert nothing.code == 0 and "no job is due for a check" in nothing.out


def test_a_bad_closed_value_is_one_line(cli: Cli, board: DemoBoard, tmp_path: Path) -> None:
    db = _database(tmp_path / "jobs.db", board)
    assert_one_line_error(cli("jobs", "list", "--db", db, "--closed", "maybe"), "--closed")
