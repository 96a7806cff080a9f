"""`jobscraper scrape` end to end for Workable and SmartRecruiters, as a user runs it: a fresh
process, local Ray, a new database.

Once against the independently written API answers of tests/ats_served.py (a 429 in the middle of
each listing, a job whose details are gone), the stored rows checked field by field against
tests/fixtures/ats/served/expected.json; and once against the demo board's Workable account with
``--company URL --ats workable``, checked against the demo's catalogue. (SmartRecruiters on the demo
board is read by its adapter in tests/unit/demo/test_demo_ats.py; a second CLI run here would start
a second local Ray for the same path through the CLI.)
"""

from __future__ import annotations

from pathlib import Path

from ats_served import FIELDS, ServedApis, board_path, expected
from cli_run import run_cli, total_row
from sqlalchemy import select

from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.demo import ats_workable as demo_workable
from jobscraper.store import open_database
from jobscraper.store.tables import JOB, SOURCE

# One local host serves every board, so the politeness pause between two requests to a domain
# (1 s by default) would only make the test slow.
CONFIG = """\
scraping:
  per_domain_min_delay_s: 0
companies:
  - {{name: Kolibri Labs, url: "{workable}", ats: workable}}
  - {{name: Nordkapp Foods AG, url: "{smartrecruiters}", ats: smartrecruiters}}
"""
FAST = "scraping:\n  per_domain_min_delay_s: 0\n"


def _stored(db: Path) -> tuple[dict[str, tuple[object, ...]], list[str]]:
    """title → FIELDS of every stored job, and every source URL."""
    database = open_database(db)
    try:
        with database.reader() as conn:
            jobs = conn.execute(select(*(JOB.c[f] for f in FIELDS))).all()
            urls = list(conn.execute(select(SOURCE.c.job_url)).scalars())
    finally:
        database.dispose()
    return {job.title: tuple(job) for job in jobs}, urls


def test_served_boards_through_the_cli_past_429s_and_missing_details(tmp_path: Path) -> None:
    workable, smartrecruiters = board_path("workable"), board_path("smartrecruiters")
    limited = {workable: {2}, f"{smartrecruiters}?limit=100&offset=3": {1}}  # each listing's 2nd page
    with ServedApis(limited=limited) as served:
        config = tmp_path / "jobscraper.yaml"
        urls = {"workable": served.url(workable), "smartrecruiters": served.url(smartrecruiters)}
        config.write_text(CONFIG.format(**urls), encoding="utf-8")
        db = tmp_path / "jobs.db"
        run = run_cli("scrape", "--config", str(config), "--db", str(db), cwd=tmp_path)
    assert run.returncode == 0, run.stderr + run.stdout
    assert total_row(run.stdout)[:2] == [8, 8], run.stdout
    jobs, stored_urls = _stored(db)
    assert jobs == {**expected("workable"), **expected("smartrecruiters")}
    assert served.url("/workable/kolibri-labs/j/F6A7B8C9D0/") in stored_urls  # details 404: kept
    assert sum(1 for r in served.requests if r.startswith("POST")) == 3  # page 2 asked twice


def _demo_run(tmp_path: Path, board: DemoBoard, path: str, kind: str) -> dict[str, tuple[object, ...]]:
    config = tmp_path / f"{kind}.yaml"
    config.write_text(FAST, encoding="utf-8")
    db = tmp_path / f"{kind}.db"
    run = run_cli(
        "scrape", "--config", str(config), "--db", str(db), "--company", board.base_url + path,
        "--ats", kind, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout
    jobs, _ = _stored(db)
    return jobs


def test_demo_boards_with_an_explicit_ats(tmp_path: Path) -> None:
    with DemoBoard(DemoKnobs(companies=1, jobs_per_company=14, style="workable")) as board:
        slug = board.jobs()[0].company.slug
        found = _demo_run(tmp_path, board, demo_workable.DEMO.api_path(slug), "workable")
        catalogue = board.jobs()
    assert set(found) == {j.title for j in catalogue}  # 14 jobs: two pages of the listing
    for job in catalogue:
        row = dict(zip(FIELDS, found[job.title], strict=True))
        assert (row["company"], row["location"]) == (job.company.name, job.location)
        assert (row["is_remote"], row["job_type"]) == (job.remote, job.job_type)
        assert row["date_posted"] == job.posted
        assert row["min_amount"] is None  # Workable's public API publishes no pay
