"""Jobs that close, as a user meets them: `jobscraper demo` scrapes week 1 on local Ray, the demo board
moves on to week 2 (some jobs gone: their pages answer 404 or "no longer accepting applications"),
and `jobscraper jobs check` — run twice, in its own process, no Ray — closes exactly those jobs,
keeps the user's edits, and `jobs list` leaves them out unless `--closed` asks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cli_run import run_cli

from jobscraper.demo import DemoBoard, DemoKnobs
from tests.ports import free_port


def _key(url: str) -> int:
    """The demo job key behind a stored job URL — Indeed's ``jk`` (hex), else the path's last number
    (``/jobs/10``, ``/jobs/view/10``, Workday's ``…_JR10``); -1 for a URL that names no job."""
    parts = urlsplit(url)
    if parts.path == "/viewjob":
        return int(parse_qs(parts.query)["jk"][0], 16)
    digits = re.search(r"(\d+)/?$", parts.path)
    return int(digits.group(1)) if digits else -1


def _jobs(db: str, cwd: Path, closed: str) -> list[dict[str, object]]:
    listed = run_cli(
        "jobs", "list", "--db", db, "--json", "--no-meaning", "--per-page", "500", "--closed", closed, cwd=cwd
    )
    assert listed.returncode == 0, listed.stderr
    return list(json.loads(listed.stdout)["items"])


def _check(db: str, cwd: Path) -> str:
    checked = run_cli("jobs", "check", "--db", db, "--min-days", "0", "--limit", "1000", cwd=cwd)
    assert checked.returncode == 0, checked.stderr + checked.stdout
    return checked.stdout


def _counts(line: str) -> dict[str, int]:
    """``jobs check``'s summary as numbers: {"open": 3, "closed": 1, "failed once": 2, "unknown": 0}."""
    return {name: int(n) for n, name in re.findall(r"(\d+) (open|closed|failed once|unknown)", line)}


def test_week_two_checks_close_the_jobs_that_closed_and_keep_the_users_edits(tmp_path: Path) -> None:
    port = free_port()
    # the first seven styles (career pages and the first three ATS): the board below must be the same
    week1 = run_cli("demo", "--week", "1", "--companies", "7", "--port", str(port), cwd=tmp_path)
    assert week1.returncode == 0, week1.stderr + week1.stdout
    assert re.search(r"closed \(their page gone or closed, two checks in a row\): 0", week1.stdout)
    db = str(tmp_path / "data" / "demo.db")
    open_jobs = _jobs(db, tmp_path, "exclude")
    gone = {j["id"] for j in open_jobs if _key(str(j["job_url"])) % 7 == 3}  # week 2 drops every 7th
    assert len(gone) >= 5 and len(open_jobs) - len(gone) >= 40
    favourite = min(gone)
    edit = run_cli(
        "jobs", "update", str(favourite), "--favorite", "--notes", "ask Sam", "--db", db, cwd=tmp_path
    )
    assert edit.returncode == 0, edit.stderr

    (tmp_path / "jobscraper.yaml").write_text(
        f"scraping:\n  jobspy_base_url: http://127.0.0.1:{port}\n  per_domain_min_delay_s: 0\n"
        "liveness:\n  concurrency: 8\n",
        encoding="utf-8",
    )
    with DemoBoard(DemoKnobs(companies=7, version=2), port=port):
        first = _counts(_check(db, tmp_path))
        assert first["closed"] == 0 and first["failed once"] >= len(gone), first
        assert {j["id"] for j in _jobs(db, tmp_path, "exclude")} == {j["id"] for j in open_jobs}
        second = _counts(_check(db, tmp_path))
        assert second["closed"] == first["failed once"] and second["failed once"] == 0, second

    closed = _jobs(db, tmp_path, "only")
    closed_ids = {j["id"] for j in closed}
    assert closed_ids >= gone  # every job week 2 dropped, and only those (or a listing-only URL)
    assert all(_key(str(j["job_url"])) in (-1,) or j["id"] in gone for j in closed)
    reasons = {str(j["closed_reason"]) for j in closed}
    assert {"HTTP 404", "page says: no longer accepting applications"} <= reasons
    assert {j["id"] for j in _jobs(db, tmp_path, "exclude")} == {j["id"] for j in open_jobs} - closed_ids
    shown = json.loads(run_cli("jobs", "show", str(favourite), "--db", db, "--json", cwd=tmp_path).stdout)
    assert shown["favorite"] is True and shown["notes"] == "ask Sam" and shown["closed_at"]
