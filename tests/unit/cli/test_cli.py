"""The real ``jobscraper`` command line, run as a user runs it (``python -m jobscraper``).

Each invocation is a subprocess (~1-2 s), so the imported database is shared by the module.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text

from jobscraper.store import open_database

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
V1 = FIXTURES / "jobspy_v1.csv"
V2 = FIXTURES / "jobspy_v2.csv"


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.upper().startswith("JOBSCRAPER_") and k not in ("RAY_ADDRESS", "NO_COLOR", "FORCE_COLOR")
    }
    # Hermetic: never write through a Ray cluster that another test may have running.
    env.update(COLUMNS="200", PYTHONIOENCODING="utf-8", JOBSCRAPER_RAY__USE_CLUSTER_WRITER="false", **extra)
    return env


def jobscraper(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobscraper", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def assert_clean_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Non-zero exit, one 'error:' line on stderr that says what and where, no traceback."""
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0]


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


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def imported(work: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """v1 then v2 imported into ``work/jobs.db`` (two invocations)."""
    db = str(work / "jobs.db")
    return {
        "v1": jobscraper("import", str(V1), "--db", db, cwd=work),
        "v2": jobscraper("import", str(V2), "--db", db, cwd=work),
    }


# ----------------------------------------------------------------------- no database


def test_version(tmp_path):
    result = jobscraper("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"jobscraper {version('jobscraper')}"


def test_help_lists_the_commands(tmp_path):
    result = jobscraper("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("init", "config", "import", "export", "jobs", "db"):
        assert re.search(rf"^\W*{command}\b", result.stdout, re.MULTILINE), command


def test_init_writes_a_config_that_checks_ok(tmp_path):
    init = jobscraper("init", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "jobscraper.yaml").is_file()

    check = jobscraper("config", "check", cwd=tmp_path)

    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: jobscraper.yaml")
    assert "1 search(es)" in check.stdout


def test_config_check_on_a_bad_file_names_file_and_field(tmp_path):
    (tmp_path / "bad.yaml").write_text("scraping:\n  max_concurrency: lots\n", encoding="utf-8")

    result = jobscraper("config", "check", "--config", "bad.yaml", cwd=tmp_path)

    assert_clean_error(result, "bad.yaml", "scraping.max_concurrency", "'lots'")


def test_config_show_prints_the_effective_settings(tmp_path):
    (tmp_path / "jobscraper.yaml").write_text("scraping:\n  max_concurrency: 3\n", encoding="utf-8")

    result = jobscraper("config", "show", cwd=tmp_path, JOBSCRAPER_UI__PORT="3300")

    assert result.returncode == 0, result.stderr
    shown = yaml.safe_load(result.stdout)
    assert shown["scraping"]["max_concurrency"] == 3, "from the file"
    assert shown["ui"]["port"] == 3300, "from the environment"
    assert shown["database"]["path"] == "data/jobs.db", "a default"


# ---------------------------------------------------------------------- with database


def test_import_prints_what_changed(imported, work):
    v1, v2 = imported["v1"], imported["v2"]
    assert v1.returncode == 0, v1.stderr
    assert v2.returncode == 0, v2.stderr
    assert import_counts(v1.stdout) == {
        "rows": 28,
        "inserted": 21,
        "updated": 0,
        "unchanged": 0,
        "merged": 7,
        "rejected": 0,
    }
    assert import_counts(v2.stdout) == {
        "rows": 29,
        "inserted": 5,
        "updated": 12,
        "unchanged": 12,
        "merged": 0,
        "rejected": 0,
    }
    assert "in-process" in v1.stdout
    assert db_counts(work / "jobs.db") == (26, 33)


def test_user_edit_survives_reimport_and_lists_as_favourite(imported, work):
    db = str(work / "jobs.db")

    update = jobscraper(
        "jobs", "update", "1", "--favorite", "--status", "applied", "--notes", "Call Anna (recruiter)",
        "--db", db, cwd=work,
    )  # fmt: skip
    assert update.returncode == 0, update.stderr
    assert update.stdout.startswith("job 1: ")
    written = json.loads(update.stdout.removeprefix("job 1: "))
    assert written["favorite"] is True
    assert written["status"] == "applied"
    assert written["applied_at"], "moving to applied records the date"

    again = jobscraper("import", str(V2), "--db", db, cwd=work)
    assert again.returncode == 0, again.stderr
    assert import_counts(again.stdout)["unchanged"] == 29

    listed = jobscraper(
        "jobs", "list", "--favorites", "--json", "--archived", "include", "--db", db, cwd=work
    )
    assert listed.returncode == 0, listed.stderr
    page = json.loads(listed.stdout)
    assert page["total"] == 1
    (job,) = page["items"]
    assert job["id"] == 1
    assert job["favorite"] is True
    assert job["status"] == "applied"
    assert job["notes"] == "Call Anna (recruiter)"
    assert job["applied_at"]


def test_export_jsonl_to_a_file(imported, work):
    out = work / "out" / "jobs.jsonl"

    result = jobscraper(
        "export", "--format", "jsonl", "--out", str(out), "--db", str(work / "jobs.db"), cwd=work
    )

    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    jobs, sources = db_counts(work / "jobs.db")
    assert len(rows) == sources
    assert len({r["id"] for r in rows}) == jobs
    assert all(r["job_url"].startswith("https://") for r in rows)
    assert f"exported {sources} row(s)" in result.stderr


@pytest.mark.parametrize("query", ["'; DROP TABLE job; --", 'NEAR("c++" *'])
def test_hostile_queries_are_harmless(imported, work, query):
    db = work / "jobs.db"
    before = db_counts(db)

    result = jobscraper("jobs", "list", f"--query={query}", "--db", str(db), cwd=work)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert db_counts(db) == before


def test_update_of_a_missing_job_is_a_clear_error(imported, work):
    result = jobscraper("jobs", "update", "99999", "--favorite", "--db", str(work / "jobs.db"), cwd=work)
    assert_clean_error(result, "no job with id 99999")


def test_import_of_a_missing_file_is_a_clear_error(tmp_path):
    result = jobscraper("import", "nope.csv", "--db", str(tmp_path / "jobs.db"), cwd=tmp_path)
    assert_clean_error(result, "nope.csv", "cannot read")
