"""`jobscraper scrape` end to end, as a user runs it, against career sites and ATS APIs that we serve
ourselves (tests/selfserved.py on 127.0.0.1) — not the demo board: a fresh process, local Ray, a new
database, and the stored rows checked field by field against tests/fixtures/selfserved/expected.json.

Ray starts once per CLI run, so the many shapes are covered in-process by
tests/unit/sources/test_wild_shapes.py; here one run reads four sites, one more the `--company URL
--ats KIND` path.
"""

from __future__ import annotations

from pathlib import Path

from cli_run import run_cli, total_row
from selfserved import FIELDS, SelfServed, expected, site_path
from sqlalchemy import select

from jobscraper.store import open_database
from jobscraper.store.tables import JOB, SOURCE

# One local host serves every site, so the politeness pause between two requests to a domain
# (1 s by default) would only make the test slow.
CONFIG = """\
scraping:
  per_domain_min_delay_s: 0
companies:
  - {{name: Initech, url: "{base}{initech}"}}
  - {{name: Umbrella, url: "{base}{umbrella}", ats: html}}
  - {{name: Globex, url: "{base}{globex}", ats: lever}}
  - {{name: Massive Dynamic, url: "{base}{massive}"}}
"""


def _config(tmp_path: Path, server: SelfServed) -> str:
    path = tmp_path / "jobscraper.yaml"
    paths = {"initech": "initech", "umbrella": "umbrella", "globex": "globex", "massive": "massive-dynamic"}
    text = CONFIG.format(base=server.base_url, **{key: site_path(site) for key, site in paths.items()})
    path.write_text(text, encoding="utf-8")
    return str(path)


def _stored(db: Path) -> tuple[dict[tuple[str, str], tuple[object, ...]], list[str]]:
    """(company, title) → FIELDS of every stored job, and every source URL."""
    database = open_database(db)
    try:
        with database.reader() as conn:
            jobs = conn.execute(select(*(JOB.c[f] for f in FIELDS))).all()
            urls = list(conn.execute(select(SOURCE.c.job_url)).scalars())
    finally:
        database.dispose()
    return {(job.company, job.title): tuple(job) for job in jobs}, urls


def test_career_sites_and_ats_apis_from_a_config(tmp_path: Path, self_served: SelfServed) -> None:
    db = tmp_path / "jobs.db"
    run = run_cli("scrape", "--config", _config(tmp_path, self_served), "--db", str(db), cwd=tmp_path)
    assert run.returncode == 0, run.stderr + run.stdout
    found, new, updated, unchanged, merged, needs = total_row(run.stdout)
    assert (found, new, updated, unchanged, merged, needs) == (13, 13, 0, 0, 0, 0), run.stdout
    jobs, urls = _stored(db)
    assert jobs == expected("initech", "umbrella", "globex", "massive-dynamic")
    assert self_served.url("/initech/careers/jobs/ml-engineer/") in urls  # found on listing page 2
    assert self_served.url("/umbrella/karriere/stellen/devops-engineer-4713.html") in urls


def test_company_flag_with_an_explicit_ats(tmp_path: Path, self_served: SelfServed) -> None:
    db = tmp_path / "jobs.db"
    run = run_cli(
        "scrape", "--config", _config(tmp_path, self_served), "--db", str(db),
        "--company", self_served.url(site_path("hooli")), "--ats", "greenhouse", cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout
    assert total_row(run.stdout) == [3, 3, 0, 0, 0, 0]
    jobs, _ = _stored(db)
    assert jobs == expected("hooli")  # the board's name, not the "127.0.0.1" the CLI names it


def test_two_company_flags_on_one_host(tmp_path: Path, self_served: SelfServed) -> None:
    db = tmp_path / "jobs.db"
    run = run_cli(
        "scrape", "--config", _config(tmp_path, self_served), "--db", str(db),
        "--company", self_served.url(site_path("globex")),
        "--company", self_served.url(site_path("massive-dynamic")), cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout
    jobs, _ = _stored(db)
    assert jobs == expected("globex", "massive-dynamic")
