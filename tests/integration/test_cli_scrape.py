"""`jobscraper demo` and `jobscraper scrape` as a user runs them: a fresh process, local Ray, the
demo board (its job boards, remote boards and companies); a second demo run is week 2 and keeps the
user's edits."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli_run import run_cli, total_row

from jobscraper.demo import DemoBoard, DemoKnobs


def test_demo_twice_updates_archives_and_keeps_user_edits(tmp_path: Path) -> None:
    first = run_cli("demo", "--port", "18765", cwd=tmp_path)
    assert first.returncode == 0, first.stderr + first.stdout
    _found, new, updated, unchanged, _merged, needs = total_row(first.stdout)
    assert new > 0 and updated == 0 and unchanged == 0 and needs > 0
    assert "week 1" in first.stdout
    summary = {line.split("│")[1].strip(): line for line in first.stdout.splitlines() if line.count("│") > 3}
    for label in ("remotive · demo-remote", "weworkremotely · demo-remote"):  # the remote boards too
        found = int(summary[label].split("│")[3])
        assert "done" in summary[label] and found > 0, first.stdout
    db = str(tmp_path / "data" / "demo.db")
    listed = json.loads(run_cli("jobs", "list", "--db", db, "--json", "--per-page", "1", cwd=tmp_path).stdout)
    job_id = listed["items"][0]["id"]
    assert (
        run_cli(
            "jobs", "update", str(job_id), "--favorite", "--notes", "call", "--db", db, cwd=tmp_path
        ).returncode
        == 0
    )

    second = run_cli("demo", "--port", "18765", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "week 2" in second.stdout
    _, new2, updated2, unchanged2, _, _ = total_row(second.stdout)
    assert new2 > 0 and updated2 > 0 and unchanged2 > 0
    archived = int(re.search(r"archived \(gone from a company's listing\): (\d+)", second.stdout).group(1))  # type: ignore[union-attr]
    assert archived > 0
    shown = json.loads(run_cli("jobs", "show", str(job_id), "--db", db, "--json", cwd=tmp_path).stdout)
    assert shown["favorite"] is True and shown["notes"] == "call"


def test_scrape_a_company_url_and_fail_when_every_source_fails(tmp_path: Path) -> None:
    with DemoBoard(DemoKnobs()) as board:
        company = next(c for c in board.company_configs() if c.ats == "html")
        ok = run_cli("scrape", "--company", company.url, "--db", str(tmp_path / "one.db"), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr + ok.stdout
    assert total_row(ok.stdout)[0] > 0 or "need" in ok.stdout
    failed = run_cli(
        "scrape", "--company", "http://127.0.0.1:9/careers/", "--db", str(tmp_path / "two.db"), cwd=tmp_path
    )
    assert failed.returncode == 1
    assert "failed" in failed.stdout and "cannot connect to 127.0.0.1:9" in failed.stdout
