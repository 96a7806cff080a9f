"""Every bad input the command line can be given ends in one clear line on stderr and exit 2.

Issue 13, item 16: typer raises its own bundled click exceptions, which the handler missed, and
several values (NaN, 2**63, 2 MB of notes, deeply nested JSON, a malformed JSON environment
variable, a folder as output, a full disk) reached a traceback. One case per entry of that list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

import jobscraper.files
from tests.cli_inprocess import Cli, assert_one_line_error, job_database


@pytest.fixture
def jobs_db(tmp_path: Path) -> Path:
    """A job database with three jobs (ids 1-3)."""
    return job_database(tmp_path / "jobs.db")


def _deep_json_array(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    path = tmp / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    return ["import", str(path)]


def _deep_jsonl_line(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    path = tmp / "deep.jsonl"
    path.write_text('{"job_url": ' + "[" * 200_000 + "]" * 200_000 + "}\n", encoding="utf-8")
    return ["import", str(path)]


def _malformed_env(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    mp.setenv("JOBSCRAPER_SEARCHES", "[{")
    return ["jobs", "list"]


def _export_to_a_folder(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    (tmp / "out").mkdir()
    return ["export", "--out", str(tmp / "out")]


def _full_disk(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    """Every write of the export lands on /dev/full: the kernel answers ENOSPC."""

    def on_full_disk(path: Path, *, encoding: str, newline: str | None) -> IO[str]:
        path.touch()
        return open("/dev/full", "w", encoding=encoding, newline=newline)

    mp.setattr(jobscraper.files, "_open_new", on_full_disk)
    return ["export", "--out", str(tmp / "jobs.csv")]


Case = list[str] | Callable[[Path, pytest.MonkeyPatch], list[str]]
CASES: dict[str, Case] = {
    "page 0": ["jobs", "list", "--page", "0"],
    "update abc": ["jobs", "update", "abc", "--favorite"],
    "show abc": ["jobs", "show", "abc"],
    "unknown flag": ["jobs", "list", "--no-such-flag"],
    "status hired": ["jobs", "list", "--status", "hired"],
    "min-salary nan": ["jobs", "list", "--min-salary", "nan"],
    "page 2**63": ["jobs", "list", "--page", str(2**63)],
    "show 2**63": ["jobs", "show", str(2**63)],
    "days nan": ["db", "archive", "--days", "nan"],
    "days inf": ["db", "archive", "--days", "inf"],
    "2 MB notes": ["jobs", "update", "1", "--notes", "x" * 2_000_000],
    "deeply nested JSON array": _deep_json_array,
    "deeply nested JSON line": _deep_jsonl_line,
    "malformed JSON env var": _malformed_env,
    "export to a folder": _export_to_a_folder,
    "full disk": _full_disk,
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_one_line_and_exit_2(
    case: str, cli: Cli, jobs_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = CASES[case]
    args = given if isinstance(given, list) else given(tmp_path, monkeypatch)

    result = cli(*args, "--db", str(jobs_db))

    assert_one_line_error(result)


def test_a_full_disk_leaves_the_old_export_and_no_temporary_file(
    cli: Cli, jobs_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "jobs.csv"
    assert cli("export", "--out", out, "--db", jobs_db).code == 0
    before = out.read_bytes()

    args = _full_disk(tmp_path, monkeypatch)
    result = cli(*args, "--db", jobs_db)

    assert_one_line_error(result, str(out), "No space left on device")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".jobs.csv")) == []


def test_usage_errors_name_the_option(cli: Cli, jobs_db: Path) -> None:
    assert_one_line_error(cli("jobs", "list", "--page", "0", "--db", jobs_db), "--page")
    hired = cli("jobs", "list", "--status", "hired", "--db", jobs_db)
    assert_one_line_error(hired, "--status", "hired")
    assert "Value error" not in hired.err  # pydantic's prefix is noise to the user
    assert_one_line_error(cli("jobs", "update", "1", "--notes", "x" * 2_000_000, "--db", jobs_db), "--notes")


def test_good_input_still_works_in_process(cli: Cli, jobs_db: Path) -> None:
    listed: Any = cli("jobs", "list", "--json", "--db", jobs_db)
    assert listed.code == 0, listed.err
    assert '"total": 3' in listed.out
