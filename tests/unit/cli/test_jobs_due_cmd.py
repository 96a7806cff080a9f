"""`jobscraper jobs update --follow-up` and `jobscraper jobs due`, in this process: a follow-up date
is set, listed when due (table and JSON), cleared; a bad date is one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_inprocess import Cli, assert_one_line_error, job_database


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(job_database(tmp_path / "jobs.db", jobs=3))


def test_a_follow_up_is_set_listed_when_due_and_cleared(cli: Cli, db: str) -> None:
    set_one = cli("jobs", "update", "2", "--status", "applied", "--follow-up", "2026-11-30", "--db", db)
    assert set_one.code == 0, set_one.err
    assert json.loads(set_one.out.removeprefix("job 2: "))["follow_up_at"] == "2026-11-30"
    assert cli("jobs", "update", "3", "--follow-up", "2026-12-05", "--db", db).code == 0

    table = cli("jobs", "due", "--today", "2026-12-02", "--db", db)
    assert table.code == 0, table.err
    assert "Software Engineer 2" in table.out and "Software Engineer 3" not in table.out
    assert "overdue" in table.out and "1 follow-up(s) due by 2026-12-02" in table.out

    listed = json.loads(cli("jobs", "due", "--today", "2026-12-05", "--json", "--db", db).out)
    assert [(c["id"], c["status"], c["follow_up_at"]) for c in listed] == [
        (2, "applied", "2026-11-30"),
        (3, "new", "2026-12-05"),
    ]
    assert listed[0]["applied_at"]
    shown = cli("jobs", "show", "2", "--db", db)
    assert shown.code == 0 and "follow up: 2026-11-30" in shown.out and "applied: " in shown.out

    assert cli("jobs", "update", "2", "--follow-up", "none", "--db", db).code == 0
    assert cli("jobs", "update", "3", "--status", "withdrawn", "--db", db).code == 0
    empty = cli("jobs", "due", "--today", "2026-12-02", "--db", db)
    assert empty.code == 0 and "no follow-ups due by 2026-12-02" in empty.out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("jobs", "update", "1", "--follow-up", "next week"), "--follow-up: expected a date YYYY-MM-DD"),
        (("jobs", "update", "1", "--follow-up", "2026-02-30"), "--follow-up"),
        (("jobs", "due", "--today", "12/02/2026"), "--today: expected a date YYYY-MM-DD"),
    ],
)
def test_a_bad_date_is_one_line_and_exit_2(cli: Cli, db: str, args: tuple[str, ...], needle: str) -> None:
    assert_one_line_error(cli(*args, "--db", db), needle)
