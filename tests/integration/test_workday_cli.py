"""`jobscraper scrape --company URL --ats workday` as a user runs it: a fresh process, local Ray, a new
database, and the demo board's Workday tenant (paged POST listing, details per job) — every job is
stored with its offices, date, type and a clean description."""

from __future__ import annotations

from pathlib import Path

from cli_run import run_cli, total_row
from sqlalchemy import select
from workday_served import WorkdayTenant, serving

from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.demo.ats_workday import api_path, site_of
from jobscraper.store import open_database
from jobscraper.store.tables import JOB, SOURCE

# one local host serves everything: the politeness pause between two requests would only be slow
CONFIG = "scraping:\n  per_domain_min_delay_s: 0\n  respect_robots_txt: false\n"


def test_a_workday_tenant_through_the_cli(tmp_path: Path) -> None:
    config = tmp_path / "jobscraper.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "jobs.db"
    with DemoBoard(DemoKnobs(companies=1, jobs_per_company=25, style="workday")) as board:
        expected = {j.title: j for j in board.jobs()}
        slug = board.jobs()[0].company.slug
        base = board.base_url
        url = base + api_path(slug)
        run = run_cli(
            "scrape", "--config", str(config), "--db", str(db), "--company", url, "--ats", "workday",
            cwd=tmp_path,
        )  # fmt: skip
        posts = board.stats.requests
    assert run.returncode == 0, run.stderr + run.stdout
    assert total_row(run.stdout)[:2] == [25, 25], run.stdout  # found, new
    assert posts == 2 + 25  # two pages of the listing (20 + 5), one detail answer per job

    database = open_database(db)
    try:
        with database.reader() as conn:
            cols = ("title", "company", "location", "is_remote", "job_type", "date_posted", "description")
            rows = {r.title: r for r in conn.execute(select(*(JOB.c[c] for c in cols))).all()}
            urls = set(conn.execute(select(SOURCE.c.job_url)).scalars())
    finally:
        database.dispose()
    assert set(rows) == set(expected)
    for title, job in expected.items():
        row = rows[title]
        assert row.company == job.company.name  # the hiringOrganization, not "127.0.0.1"
        assert row.location.startswith(f"{job.city}, {job.country}")
        assert ("; " in row.location) == (job.key % 3 == 0)  # every third job has a second office
        assert row.date_posted == job.posted
        assert bool(row.is_remote) == job.remote
        assert row.job_type == ("parttime" if job.job_type == "parttime" else "fulltime")
        assert job.skills[0] in row.description and "wdTrack" not in row.description
    assert all(u.startswith(f"{base}/{site_of(slug)}/job/") for u in urls)


def test_the_hand_written_contoso_tenant_through_the_cli(tmp_path: Path) -> None:
    """The second, independently written Workday fixture (tests/fixtures/ats/workday_contoso.json),
    served over HTTP with a 429 on its listing, read by `scrape --company URL --ats workday`; the
    values checked were read off the fixture by hand (as in tests/unit/sources/test_workday_fixtures.py)."""
    config = tmp_path / "jobscraper.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "jobs.db"
    api = "/wday/cxs/contoso/External/jobs"
    with serving(WorkdayTenant("workday_contoso.json", api, refuse_once=frozenset({0}))) as tenant:
        url = tenant.base_url + api
        run = run_cli(
            "scrape", "--config", str(config), "--db", str(db), "--company", url, "--ats", "workday",
            cwd=tmp_path,
        )  # fmt: skip
        asked = dict(tenant.asked)
    assert run.returncode == 0, run.stderr + run.stdout
    assert total_row(run.stdout)[:2] == [3, 3], run.stdout  # the stray fourth entry is no posting
    assert asked["offset 0"] == 2  # refused once with Retry-After, then answered
    database = open_database(db)
    try:
        with database.reader() as conn:
            cols = ("title", "company", "location", "job_type", "description")
            rows = {r.title: r for r in conn.execute(select(*(JOB.c[c] for c in cols))).all()}
    finally:
        database.dispose()
    nurse = rows["Pflegefachkraft (w/m/d) – Intensivstation"]
    assert (nurse.company, nurse.location) == ("Contoso Kliniken gGmbH", "Köln-Deutz")
    assert "TVöD" in nurse.description and "tracker.example" not in nurse.description
    staff = rows["Staff Platform Engineer"]
    assert staff.location == "Seattle, WA; San Francisco, CA; Toronto, ON; Remote - US"
    assert (staff.company, staff.job_type) == ("Contoso Ltd.", "fulltime")
    intern = rows["Summer Intern, Finance"]  # its details are an error object: kept from the listing
    assert (intern.company, intern.location, intern.description) == ("Contoso", "Dublin", None)
