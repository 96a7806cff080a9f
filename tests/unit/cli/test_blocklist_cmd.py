"""`jobscraper blocklist add|list|remove` and `export --include-blocked` in this process: a blocked
company's jobs leave the export unless asked for; bad input is one line and exit 2."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli_inprocess import Cli, assert_one_line_error, isolate, job_database, run


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    isolate(monkeypatch, tmp_path)
    job_database(tmp_path / "jobs.db", jobs=3)  # "Company 1 GmbH" … "Company 3 GmbH"
    return lambda *args: run(capsys, *args)


def _exported(cli: Cli, *args: str) -> set[str]:
    result = cli("export", "--db", "jobs.db", *args)
    assert result.code == 0, result.err
    return {row["company"] for row in csv.DictReader(io.StringIO(result.out))}


def test_add_list_export_remove(cli: Cli) -> None:
    added = cli("blocklist", "add", "company 2", "--db", "jobs.db")
    assert added.code == 0, added.err
    assert "blocked name 'company 2'" in added.out
    assert cli("blocklist", "add", "linkedin.com", "--kind", "domain", "--db", "jobs.db").code == 0
    listed = cli("blocklist", "list", "--db", "jobs.db")
    assert "company 2" in listed.out and "domain" in listed.out and "linkedin.com" in listed.out
    assert _exported(cli) == set()  # every job is on linkedin.com
    assert cli("blocklist", "remove", "LINKEDIN.COM", "--db", "jobs.db").code == 0
    assert _exported(cli) == {"Company 1 GmbH", "Company 3 GmbH"}
    assert _exported(cli, "--include-blocked") == {"Company 1 GmbH", "Company 2 GmbH", "Company 3 GmbH"}
    removed = cli(
        "blocklist", "remove", "Company 2 GmbH", "--db", "jobs.db"
    )  # the same rule, written another way
    assert removed.code == 0 and "unblocked name 'company 2'" in removed.out
    assert "empty" in cli("blocklist", "list", "--db", "jobs.db").out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("add", "   "), "cannot be empty"),
        (("add", "*"), "almost every company"),
        (("add", "acme", "--kind", "city"), "--kind: expected one of name, domain, pattern"),
        (("add", "no host", "--kind", "domain"), "is not a domain"),
        (("remove", "Initech"), "not in the blocklist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: Cli, args: tuple[str, ...], needle: str) -> None:
    assert_one_line_error(cli("blocklist", *args, "--db", "jobs.db"), needle)


def test_a_duplicate_is_one_line_and_exit_2(cli: Cli) -> None:
    assert cli("blocklist", "add", "Acme", "--db", "jobs.db").code == 0
    assert_one_line_error(
        cli("blocklist", "add", "ACME Inc.", "--db", "jobs.db"), "already has the name 'Acme'"
    )
