"""The real ``jobscraper`` command line, in this process (``main(argv)``, see tests/cli_inprocess.py):
exit code, stdout and stderr as a user sees them. test_cli_smoke.py runs it as a subprocess too.
"""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text

from jobscraper.store import open_database
from tests.cli_inprocess import Cli, CliResult, assert_one_line_error

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
V1 = FIXTURES / "jobspy_v1.csv"
V2 = FIXTURES / "jobspy_v2.csv"


def import_counts(stdout: str) -> dict[str, int]:
    """The counts row of the import table: rows, inserted, updated, unchanged, merged, rejected."""
    for line in stdout.splitlines():
        numbers = re.findall(r"\d+", line)
        if "│" in line and len(numbers) == 6:
            keys = ("rows", "inserted", "updated", "unchanged", "merged", "rejected")
            return dict(zip(keys, map(int, numbers), strict=True))
    raise AssertionError(f"no counts row in:\n{stdout}")


def db_counts(path: Path) -> tuple[int, int]:
    database = open_database(path)
    try:
        with database.reader() as conn:
            jobs = conn.execute(text("SELECT count(*) FROM job")).scalar_one()
            sources = conn.execute(text("SELECT count(*) FROM job_source")).scalar_one()
        return int(jobs), int(sources)
    finally:
        database.dispose()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def imported(cli: Cli, work: Path) -> dict[str, CliResult]:
    """v1 then v2 imported into ``work/jobs.db`` (two invocations)."""
    db = str(work / "jobs.db")
    return {"v1": cli("import", V1, "--db", db), "v2": cli("import", V2, "--db", db)}


# ----------------------------------------------------------------------- no database


def test_version(cli):
    result = cli("--version")
    assert result.code == 0, result.err
    assert result.out.strip() == f"jobscraper {version('jobscraper')}"


def test_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.code == 0, result.err
    for command in ("init", "config", "import", "export", "jobs", "db"):
        assert re.search(rf"^\W*{command}\b", result.out, re.MULTILINE), command


def test_init_writes_a_config_that_checks_ok(cli, tmp_path):
    init = cli("init")
    assert init.code == 0, init.err
    assert (tmp_path / "jobscraper.yaml").is_file()

    check = cli("config", "check")

    assert check.code == 0, check.err
    assert check.out.startswith("ok: jobscraper.yaml")
    assert "1 search(es)" in check.out


def test_config_check_on_a_bad_file_names_file_and_field(cli, tmp_path):
    (tmp_path / "bad.yaml").write_text("scraping:\n  max_concurrency: lots\n", encoding="utf-8")

    result = cli("config", "check", "--config", "bad.yaml")

    assert_one_line_error(result, "bad.yaml", "scraping.max_concurrency", "'lots'")


def test_config_show_prints_the_effective_settings(cli, tmp_path, monkeypatch):
    (tmp_path / "jobscraper.yaml").write_text("scraping:\n  max_concurrency: 3\n", encoding="utf-8")
    monkeypatch.setenv("JOBSCRAPER_UI__PORT", "3300")

    result = cli("config", "show")

    assert result.code == 0, result.err
    shown = yaml.safe_load(result.out)
    assert shown["scraping"]["max_concurrency"] == 3, "from the file"
    assert shown["ui"]["port"] == 3300, "from the environment"
    assert shown["database"]["path"] == "data/jobs.db", "a default"


def test_config_show_and_check_never_print_the_database_password(cli, monkeypatch):
    monkeypatch.setenv("JOBSCRAPER_DATABASE__URL", "postgresql+psycopg://jobs:s3cret@db.internal/jobs")

    shown, checked = cli("config", "show"), cli("config", "check")

    assert shown.code == checked.code == 0, shown.err + checked.err
    assert yaml.safe_load(shown.out)["database"]["url"] == "postgresql+psycopg://jobs:***@db.internal/jobs"
    assert "postgresql+psycopg://jobs:***@db.internal/jobs" in checked.out, "the database in use"
    assert "s3cret" not in shown.out + shown.err + checked.out + checked.err


# ---------------------------------------------------------------------- with database


def test_import_prints_what_changed(imported, work):
    v1, v2 = imported["v1"], imported["v2"]
    assert v1.code == 0, v1.err
    assert v2.code == 0, v2.err
    assert import_counts(v1.out) == {
        "rows": 28,
        "inserted": 21,
        "updated": 0,
        "unchanged": 0,
        "merged": 7,
        "rejected": 0,
    }
    assert import_counts(v2.out) == {
        "rows": 29,
        "inserted": 5,
        "updated": 12,
        "unchanged": 12,
        "merged": 0,
        "rejected": 0,
    }
    assert "in-process" in v1.out
    assert db_counts(work / "jobs.db") == (26, 33)


def test_user_edit_survives_reimport_and_lists_as_favourite(cli, imported, work):
    db = str(work / "jobs.db")

    update = cli(
        "jobs", "update", "1", "--favorite", "--status", "applied", "--notes", "Call Anna (recruiter)",
        "--db", db,
    )  # fmt: skip
    assert update.code == 0, update.err
    assert update.out.startswith("job 1: ")
    written = json.loads(update.out.removeprefix("job 1: "))
    assert written["favorite"] is True
    assert written["status"] == "applied"
    assert written["applied_at"], "moving to applied records the date"

    again = cli("import", V2, "--db", db)
    assert again.code == 0, again.err
    assert import_counts(again.out)["unchanged"] == 29

    listed = cli("jobs", "list", "--favorites", "--json", "--archived", "include", "--db", db)
    assert listed.code == 0, listed.err
    page = json.loads(listed.out)
    assert page["total"] == 1
    (job,) = page["items"]
    assert job["id"] == 1
    assert job["favorite"] is True
    assert job["status"] == "applied"
    assert job["notes"] == "Call Anna (recruiter)"
    assert job["applied_at"]


def test_export_jsonl_to_a_file(cli, imported, work):
    out = work / "out" / "jobs.jsonl"

    result = cli("export", "--format", "jsonl", "--out", out, "--db", work / "jobs.db")

    assert result.code == 0, result.err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    jobs, sources = db_counts(work / "jobs.db")
    assert len(rows) == sources
    assert len({r["id"] for r in rows}) == jobs
    assert all(r["job_url"].startswith("https://") for r in rows)
    assert f"exported {sources} row(s)" in result.err


@pytest.mark.parametrize("query", ["'; DROP TABLE job; --", 'NEAR("c++" *'])
def test_hostile_queries_are_harmless(cli, imported, work, query):
    db = work / "jobs.db"
    before = db_counts(db)

    result = cli("jobs", "list", f"--query={query}", "--db", db)

    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert db_counts(db) == before


def test_update_of_a_missing_job_is_a_clear_error(cli, imported, work):
    result = cli("jobs", "update", "99999", "--favorite", "--db", work / "jobs.db")
    assert_one_line_error(result, "no job with id 99999")


def test_import_of_a_missing_file_is_a_clear_error(cli, tmp_path):
    result = cli("import", "nope.csv", "--db", tmp_path / "jobs.db")
    assert_one_line_error(result, "nope.csv", "cannot read")
