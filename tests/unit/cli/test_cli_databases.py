"""Missing and damaged databases (issue 13, item 17).

Read commands on a path with no database said nothing and left an empty database there (a typo in
``--db`` looked like "no jobs"); ``import`` and ``jobs update`` wrote into a damaged file and exited
0; ``status`` exited 1 on a damaged file although it is a report that exits 0 (README).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli_inprocess import Cli, assert_one_line_error, job_database

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def cli(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("JOBSCRAPER_SERVE__PORT", "9")  # status's API probe: nothing answers there
    return cli


def _filled(path: Path) -> Path:
    return job_database(path)


def _damage(path: Path, table: str) -> None:
    """Overwrite the first bytes of ``table``'s root page: SQLite calls the file malformed there."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xff" * 64)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "args",
    [
        ["jobs", "list"],
        ["jobs", "list", "--json"],
        ["jobs", "show", "1"],
        ["export"],
        ["export", "--out", "jobs.csv"],
    ],
    ids=["list", "list-json", "show", "export", "export-out"],
)
def test_read_commands_say_there_is_no_database_and_create_none(
    cli: Cli, tmp_path: Path, args: list[str]
) -> None:
    typo = tmp_path / "data" / "typo.db"

    result = cli(*args, "--db", typo)

    assert_one_line_error(result, str(typo), "no job database there")
    assert not typo.exists() and not typo.parent.exists()
    assert not (tmp_path / "jobs.csv").exists()


def test_status_reports_a_missing_database_and_exits_0(cli: Cli, tmp_path: Path) -> None:
    result = cli("status", "--json", "--db", tmp_path / "typo.db")
    assert result.code == 0, result.err
    assert json.loads(result.out)["database"]["exists"] is False
    assert not (tmp_path / "typo.db").exists()


def test_import_refuses_a_damaged_database_and_leaves_it_as_it_was(cli: Cli, tmp_path: Path) -> None:
    path = _filled(tmp_path / "jobs.db")
    _damage(path, "saved_search")  # a table an import does not touch: it used to "succeed"
    before = _digest(path)

    result = cli("import", FIXTURES / "jobspy_v1.csv", "--db", path)

    assert_one_line_error(result, str(path), "damaged")
    assert _digest(path) == before


def test_update_refuses_a_damaged_database_and_leaves_it_as_it_was(cli: Cli, tmp_path: Path) -> None:
    path = _filled(tmp_path / "jobs.db")
    _damage(path, "ix_job_date_posted")  # an index an edit of favourite does not touch
    before = _digest(path)

    result = cli("jobs", "update", "1", "--favorite", "--db", path)

    assert_one_line_error(result, str(path), "damaged")
    assert _digest(path) == before


def test_import_refuses_a_file_that_is_another_database(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE note (body TEXT)")
    conn.close()

    result = cli("import", FIXTURES / "jobspy_v1.csv", "--db", other)

    assert_one_line_error(result, "not a job database")
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["note"]
    conn.close()


def test_reading_a_damaged_database_is_one_line(cli: Cli, tmp_path: Path) -> None:
    path = _filled(tmp_path / "jobs.db")
    _damage(path, "job")
    assert_one_line_error(cli("jobs", "list", "--db", path), str(path), "malformed")


def test_status_reports_a_damaged_database_and_exits_0(cli: Cli, tmp_path: Path) -> None:
    path = _filled(tmp_path / "jobs.db")
    _damage(path, "job")

    result = cli("status", "--json", "--db", path)

    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    database = json.loads(result.out)["database"]
    assert database["exists"] is True
    assert "malformed" in database["error"]


def test_import_into_a_new_path_still_creates_the_database(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "new" / "jobs.db"
    result = cli("import", FIXTURES / "jobspy_v1.csv", "--db", path)
    assert result.code == 0, result.err
    assert path.is_file()
