"""Personio, Recruitee, Teamtailor, BambooHR and Jobvite through the real CLI: a fresh process, local Ray, a
new database.

One run over a config naming five boards served from the second, independently written fixtures
(tests/fixtures/ats/*_b.*) by a plain file server: what is stored is checked against values
written here by reading those files, not the adapters' output. (The demo board's Personio feed is
read by its adapter in tests/unit/demo/test_demo_ats.py, and ``--company URL --ats KIND`` through
the CLI is test_self_served_sites.py's and test_workday_cli.py's.)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cli_run import run_cli
from sqlalchemy import select

from jobscraper.store import open_database
from jobscraper.store.tables import JOB

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ats"
SERVED = ("personio_feed_b.xml", "recruitee_offers_b.json", "teamtailor_jobs_b.rss")
# one local host serves everything: the politeness pause between two requests would only be slow
SETTINGS = "scraping:\n  per_domain_min_delay_s: 0\n  respect_robots_txt: false\n"


def _jobs(db: Path) -> dict[str, dict[str, object]]:
    database = open_database(db)
    try:
        with database.reader() as conn:
            rows = conn.execute(select(JOB)).mappings().all()
    finally:
        database.dispose()
    return {str(r["title"]): dict(r) for r in rows}


def _bamboohr_b() -> dict[str, bytes]:
    """A BambooHR careers site at /northbay/careers: the list and each opening's details file
    (opening 9 has none: its details request is a 404)."""
    details = json.loads((FIXTURES / "bamboohr_details_b.json").read_text(encoding="utf-8"))
    answers = {f"northbay/careers/{i}/detail": json.dumps(d).encode() for i, d in details.items()}
    return {
        "northbay/careers/list": (FIXTURES / "bamboohr_list_b.json").read_bytes(),
        "jobvite/CompanyJobs/Xml.aspx": (FIXTURES / "jobvite_feed_b.xml").read_bytes(),
        **answers,
    }


class _Files(BaseHTTPRequestHandler):
    """GET /<name> for the served fixture files (and the BambooHR site); anything else a 404."""

    def do_GET(self) -> None:
        name = self.path.lstrip("/").partition("?")[0]
        files = {n: (FIXTURES / n).read_bytes() for n in SERVED} | _bamboohr_b()
        body = files.get(name, b"not found")
        self.send_response(200 if name in files else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def served() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# title → (company, location, job_type, is_remote, date_posted, min_amount, interval), read off the files
EXPECTED = {
    "Księgowa / Księgowy": ("Feeds Personio", "Kraków", "temporary", None, date(2026, 12, 1), None, None),
    "Solutions Engineer": ("Feeds Personio", None, "fulltime", None, None, None, None),
    "Data Analyst": (
        "Feeds Recruitee",
        "Lisboa, Portugal",
        "internship",
        None,
        date(2026, 12, 1),
        1200.0,
        "monthly",
    ),
    "Designer": ("Feeds Recruitee", "Porto, Portugal", None, None, None, None, None),
    "Mobile Developer": ("Feeds Teamtailor", "Stockholm; Remote", None, True, date(2026, 12, 2), None, None),
    "Office Manager": ("Feeds Teamtailor", "Aalborg", None, False, None, None, None),
    "Customer Support Specialist (Remote, Canada)": (
        "Feeds Bamboohr", "Ontario, Canada", "fulltime", True, date(2026, 11, 30), 52000.0, "yearly",
    ),
    "Lagerist:in": (
        "Feeds Bamboohr", "Graz, Steiermark, Austria", "temporary", False, date(2026, 11, 28), 14.5, None,
    ),
    "Summer Intern": ("Feeds Bamboohr", "Halifax, Nova Scotia", "internship", False, None, None, None),
    "Customer Success Manager (Nordics)": (
        "Feeds Jobvite", "Göteborg, Sweden", "parttime", None, date(2026, 2, 1), None, None,
    ),
    "Warehouse Lead": ("Feeds Jobvite", "Remote", None, True, None, None, None),
}  # fmt: skip


def test_three_feed_boards_from_independent_fixtures_through_the_cli(tmp_path: Path, served: str) -> None:
    boards = [
        *zip(("personio", "recruitee", "teamtailor"), SERVED, strict=True),
        ("bamboohr", "northbay/careers"),
        ("jobvite", "jobvite/CompanyJobs/Xml.aspx?c=harbor"),
    ]
    companies = "".join(
        f"  - name: Feeds {kind.capitalize()}\n    url: {served}/{name}\n    ats: {kind}\n"
        for kind, name in boards
    )
    config = tmp_path / "jobscraper.yaml"
    config.write_text(SETTINGS + "companies:\n" + companies, encoding="utf-8")
    db = tmp_path / "jobs.db"
    run = run_cli("scrape", "--config", str(config), "--db", str(db), cwd=tmp_path)
    assert run.returncode == 0, run.stderr + run.stdout
    stored = _jobs(db)
    assert sorted(stored) == sorted(EXPECTED), run.stdout  # the Recruitee file's bad entries left out
    fields = ("company", "location", "job_type", "is_remote", "date_posted", "min_amount", "interval")
    for title, values in EXPECTED.items():
        assert tuple(stored[title][f] for f in fields) == values, title
    assert stored["Designer"]["job_url"] == f"{served}/o/designer"  # built from its slug
    assert "x()" not in str(stored["Księgowa / Księgowy"]["description"])
