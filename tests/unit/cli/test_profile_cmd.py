"""`jobscraper profile …` in this process: set → show → use → delete, and bad input as one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.unit.matching.resume_files import write_docx, write_image_pdf

RESUME = """# Jane Doe
Backend Engineer | Berlin, Germany | jane@example.com

Python developer with eight years on payment systems. Based in Lyon, open to remote.
Not relocating.
"""


@pytest.fixture
def resume(tmp_path: Path) -> Path:
    path = tmp_path / "cv.md"
    path.write_text(RESUME, encoding="utf-8")
    return path


def _show(cli: Any, *args: str) -> dict[str, Any]:
    result = cli("profile", "show", *args, "--json", "--db", "jobs.db")
    assert result.code == 0, result.err
    shown: dict[str, Any] = json.loads(result.out)
    return shown


def test_set_show_use_delete(cli: Any, resume: Path) -> None:
    result = cli(
        "profile", "set", "jane", "--resume", resume, "--skill", "Python", "--skill", "Django",
        "--min-salary", "70000", "--currency", "eur", "--seniority", "senior", "--job-type", "fulltime",
        "--no-visa", "--db", "jobs.db",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "profile 'jane' saved (active)" in result.out
    assert "your résumé suggests 4 more preference(s)" in result.out
    shown = _show(cli)
    assert shown["name"] == "jane" and shown["active"] is True
    assert shown["resume_file"] == "cv.md" and shown["resume_format"] == "markdown"
    assert "Based in Lyon, open to remote." in shown["resume_text"]
    assert shown["preferred_skills"] == ["Python", "Django"] and shown["excluded_skills"] == []
    assert (shown["min_salary"], shown["currency"], shown["salary_period"]) == (70000, "EUR", "yearly")
    assert (shown["seniority"], shown["job_types"], shown["needs_visa_sponsorship"]) == (
        "senior",
        ["fulltime"],
        False,
    )
    # what the résumé says stays a suggestion: not a preference
    assert shown["locations"] == [] and shown["remote_ok"] is None and shown["open_to_relocation"] is None
    assert {(s["field"], s["value"]) for s in shown["suggestions"]} == {
        ("locations", "Berlin, Germany"), ("locations", "Lyon"), ("remote_ok", True),
        ("open_to_relocation", False),
    }  # fmt: skip

    # the text view keeps them apart and says how to confirm each one
    text = cli("profile", "show", "--db", "jobs.db")
    assert text.code == 0, text.err
    preferences, suggested = text.out.split("suggested by your résumé")
    assert "minimum salary: 70,000 EUR / yearly" in preferences and "Lyon" not in preferences
    assert "jobscraper profile set jane --location Lyon --db jobs.db" in suggested
    assert "jobscraper profile set jane --no-relocate --db jobs.db" in suggested

    # confirming one: the résumé and the other preferences stay
    assert cli("profile", "set", "jane", "--location", "Lyon", "--db", "jobs.db").code == 0
    shown = _show(cli, "jane")
    assert shown["locations"] == ["Lyon"] and shown["preferred_skills"] == ["Python", "Django"]
    assert ("locations", "Lyon") not in {(s["field"], s["value"]) for s in shown["suggestions"]}

    # a second profile, then switching
    assert cli("profile", "set", "max", "--remote-ok", "--db", "jobs.db").code == 0
    listed = cli("profile", "list", "--db", "jobs.db")
    assert listed.code == 0 and "jane" in listed.out and "max" in listed.out
    as_json = json.loads(cli("profile", "list", "--json", "--db", "jobs.db").out)
    assert [(p["name"], p["active"]) for p in as_json] == [("jane", True), ("max", False)]
    assert "resume_text" not in as_json[0]
    used = cli("profile", "use", "max", "--db", "jobs.db")
    assert used.code == 0 and used.out.strip() == "profile 'max' is now active"
    assert _show(cli)["name"] == "max"  # show with no name: the active one

    deleted = cli("profile", "delete", "max", "--db", "jobs.db")
    assert deleted.code == 0 and deleted.out.strip() == "deleted profile 'max'; active: 'jane'"
    assert (
        cli("profile", "delete", "jane", "--db", "jobs.db").out.strip()
        == "deleted profile 'jane'; no profile left"
    )
    none = cli("profile", "show", "--db", "jobs.db")
    assert none.code == 2 and none.err_lines == [
        "error: no profile yet: make one with `jobscraper profile set --resume FILE`"
    ]


def test_a_docx_resume_and_clearing_a_preference(cli: Any, tmp_path: Path) -> None:
    docx = write_docx(
        tmp_path / "cv.docx", ["Python developer.", "Open to relocation."], header="Köln, Deutschland"
    )
    assert cli("profile", "set", "--resume", docx, "--location", "Paris", "--db", "jobs.db").code == 0
    shown = _show(cli, "default")  # no name and no profile yet: 'default'
    assert shown["resume_format"] == "docx" and shown["locations"] == ["Paris"]
    assert {(s["field"], s["value"]) for s in shown["suggestions"]} == {
        ("locations", "Köln, Deutschland"), ("open_to_relocation", True),
    }  # fmt: skip
    assert cli("profile", "set", "--clear", "location", "--db", "jobs.db").code == 0
    assert _show(cli)["locations"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min-salary", "70000"], "error: a minimum salary needs its currency (e.g. --currency EUR)"),
        (["--currency", "euros"], "error: --currency: a currency is a three-letter ISO 4217 code"),
        (["--job-type", "gig"], "error: --job-type: Input should be 'fulltime', 'parttime'"),
        (["--seniority", "guru"], "error: Invalid value for '--seniority'"),
        (["--skill", "PHP", "--exclude-skill", "php"], "error: skill(s) both preferred and excluded: php"),
        (["--clear", "salary"], "error: --clear: unknown preference 'salary'"),
        (["--location", "Lyon", "--clear", "location"], "error: --location: given and cleared at once"),
        ([], "error: nothing to set: give --resume FILE or a preference"),
        (["--resume", "missing.pdf"], "error: missing.pdf: no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: Any, args: list[str], message: str) -> None:
    result = cli("profile", "set", *args, "--db", "jobs.db")
    assert result.code == 2, result.out
    assert len(result.err_lines) == 1 and result.err_lines[0].startswith(message), result.err
    assert not Path("jobs.db").exists()  # refused before anything was written


def test_bad_resume_files_are_one_line_each(cli: Any, tmp_path: Path) -> None:
    scan = write_image_pdf(tmp_path / "scan.pdf")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    huge = tmp_path / "huge.docx"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    for path, words in ((scan, "only images"), (empty, "the résumé is empty"), (huge, "too large")):
        result = cli("profile", "set", "--resume", path, "--db", "jobs.db")
        assert result.code == 2 and len(result.err_lines) == 1, result.err
        assert words in result.err_lines[0]


def test_unknown_profiles_are_clear_errors(cli: Any) -> None:
    assert cli("profile", "set", "jane", "--remote-ok", "--db", "jobs.db").code == 0
    for command in (("show", "ghost"), ("use", "ghost"), ("delete", "ghost")):
        result = cli("profile", *command, "--db", "jobs.db")
        assert result.code == 2 and result.err_lines == [
            "error: no profile named 'ghost' (see `jobscraper profile list`)"
        ], result.err
    missing = cli("profile", "list", "--db", "elsewhere.db")
    assert missing.code == 2 and "no job database there" in missing.err_lines[0]


def test_every_preference_has_its_option_and_label() -> None:
    from jobscraper.cli.profile_cmds import LABEL, NO_OPTION, OPTION
    from jobscraper.matching.profile import PreferenceFields

    preferences = set(PreferenceFields.model_fields)
    assert set(OPTION) == preferences
    assert set(LABEL) == preferences - {"currency", "salary_period"}  # shown with min_salary
    assert set(NO_OPTION) == {
        f for f, info in PreferenceFields.model_fields.items() if info.annotation == bool | None
    }
