"""Remote boards through the real CLI: a fresh process, local Ray, a new database, a config whose
saved searches name Remotive and We Work Remotely, served by the demo board (``jobspy_base_url``).
What is stored is checked against the demo's own jobs; a search nothing matches reads "done:
empty" in the summary, not a bare 0; naming Google is one line saying why it is unavailable."""

from __future__ import annotations

from pathlib import Path

from cli_run import run_cli
from sqlalchemy import select

from jobscraper.demo import DemoBoard
from jobscraper.demo.data import DemoJob
from jobscraper.demo.remote_board import remote_jobs
from jobscraper.store import open_database
from jobscraper.store.tables import JOB


def _rows(db: Path) -> list[dict[str, object]]:
    database = open_database(db)
    try:
        with database.reader() as conn:
            return [dict(r) for r in conn.execute(select(JOB)).mappings().all()]
    finally:
        database.dispose()


def _text(job: DemoJob) -> str:
    return f"{job.title} {' '.join(job.skills)} {job.description}".lower()


def test_saved_searches_on_remote_boards_through_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "jobs.db"
    with DemoBoard() as board:
        config = tmp_path / "jobscraper.yaml"
        config.write_text(
            "scraping:\n"
            "  per_domain_min_delay_s: 0\n"
            f"  jobspy_base_url: {board.base_url}\n"
            "searches:\n"
            "  - {name: remote-python, term: python, sites: [remotive, weworkremotely]}\n"
            "  - {name: nothing, term: cobol mainframe, sites: [remotive]}\n",
            encoding="utf-8",
        )
        run = run_cli("scrape", "--config", str(config), "--db", str(db), cwd=tmp_path)
        pythonic = [j for j in remote_jobs(board.jobs()) if "python" in _text(j)]
        expected = {str(j.key): j for j in pythonic}
        base = board.base_url
    assert run.returncode == 0, run.stderr + run.stdout
    summary = {line.split("│")[1].strip(): line for line in run.stdout.splitlines() if line.count("│") > 3}
    assert "done: empty" in summary["remotive · nothing"], run.stdout
    for label in ("remotive · remote-python", "weworkremotely · remote-python"):
        assert "done" in summary[label] and "empty" not in summary[label]
    rows = _rows(db)
    keys = {str(r["job_url"]).rsplit("/", 1)[1]: r for r in rows}  # one job per demo job, both boards merged
    assert set(keys) == set(expected) and expected
    for key, row in keys.items():
        job = expected[key]
        url = str(row["job_url"])  # the first board's page for it: attribution
        assert url in (f"{base}/remote-jobs/{key}", f"{base}/listings/{key}")
        assert (row["title"], row["company"], row["is_remote"]) == (job.title, job.company.name, True)
        assert row["site"] in ("remotive", "weworkremotely")
        assert "alert" not in str(row["description"]) and job.skills[0] in str(row["description"])


def test_naming_google_is_one_line_saying_why(tmp_path: Path) -> None:
    run = run_cli(
        "scrape", "--search", "python", "--sites", "google", "--db", str(tmp_path / "x.db"), cwd=tmp_path
    )
    assert run.returncode != 0
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    assert lines == [
        "error: --sites: site 'google' is unavailable: python-jobspy's README says Google Jobs is currently "
        "unavailable (it is out of JobSpy's default sites and returns no jobs)"
    ]
