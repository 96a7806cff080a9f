"""`jobscraper scrape` end to end for Workable and SmartRecruiters, as a user runs it: a fresh
process, local Ray, a new database.

Once against the independently written API answers of tests/ats_served.py (a 429 in the middle of
each listing, a job whose details are gone), the stored rows checked field by field against
tests/fixtures/ats/served/expected.json. The demo board's Workable and SmartRecruiters accounts are
read by their adapters in tests/unit/demo/test_demo_ats.py, and ``--company URL --ats KIND`` through
the CLI is tested by test_self_served_sites.py and test_workday_cli.py: another CLI run here would
start another local Ray for the same path.
"""

from __future__ import annotations

from pathlib import Path

from ats_served import FIELDS, ServedApis, board_path, expected
from cli_run import run_cli, total_row
from sqlalchemy import select

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
