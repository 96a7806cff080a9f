"""The company blocklist's rules: what a user may write, what each kind blocks, and the SQL
condition every query adds (jobscraper.store.blocklist.not_blocked) deciding every case exactly as
the Python rules do (jobscraper.blocklist.blocking_rule)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from jobscraper.blocklist import BlockRule, blocking_rule, guess_kind, parse_rule
from jobscraper.errors import Conflict, InputError, NotFound
from jobscraper.store import Database, SyncEngine, alerts, open_database, search_jobs
from jobscraper.store.blocklist import not_blocked
from jobscraper.store.blocklist_rows import find_block, is_job_blocked, list_blocks
from jobscraper.store.search import JobQuery
from jobscraper.store.tables import JOB
from jobscraper.store.writer import Writer
from tests.unit.alerts.test_alert_store import run  # noqa: F401  (fixture: a run with new jobs and a channel)
from tests.unit.conftest import FakeClock


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("Acme Inc", "name"),
        ("acme.com", "domain"),
        ("https://jobs.acme.com/careers", "domain"),
        ("*recruit*", "pattern"),
        ("Acme?", "pattern"),
        ("J. Smith & Co", "name"),
        ("St. Mary's Hospital", "name"),
    ],
)
def test_the_kind_is_guessed_from_what_was_written(value: str, kind: str) -> None:
    assert guess_kind(value) == kind


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        ("   ", None, "cannot be empty"),
        ("x" * 201, None, "at most 200"),
        ("a\x00b", None, "control characters"),
        ("!!!", "name", "no letters or digits"),
        ("not a host", "domain", "is not a domain"),
        ("localhost", "domain", "is not a domain"),
        ("*", None, "almost every company"),
        ("*a?", None, "almost every company"),
        ("acme", "pattern", "is not a pattern"),
    ],
)
def test_what_cannot_be_a_rule_is_refused_with_a_sentence(value: str, kind: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_rule(value, kind)


def test_rules_are_normalised() -> None:
    assert parse_rule("ACME, Inc.").match == "acme"
    assert parse_rule("Société Générale").match == "societe generale"
    assert parse_rule("https://www.Acme.com:8443/jobs").match == "acme.com"
    assert parse_rule("*Recruit*").match == "%recruit%"
    assert parse_rule("*top_talent*").match == "%top\\_talent%"


# (company, urls, blocked by which rule value or None)
RULES = [parse_rule(v) for v in ("Acme Inc", "hireme.io", "*recruit*", "Glob?x")]
CASES: list[tuple[str, dict[str, Any], str | None]] = [
    ("ACMÉ GmbH", {}, "Acme Inc"),
    ("Acme Robotics", {}, None),
    ("Nice Co", {"job_url": "https://careers.hireme.io/job/1"}, "hireme.io"),
    ("Nice Co", {"company_url": "http://HIREME.io:8080"}, "hireme.io"),
    ("Nice Co", {"job_url": "https://nothireme.io/job/2"}, None),
    ("Nice Co", {"job_url": "https://example.org/?next=hireme.io"}, None),
    ("Top Recruiters Ltd", {}, "*recruit*"),
    ("Recruit", {}, "*recruit*"),
    ("Globex", {}, "Glob?x"),
    ("Globeex", {}, None),
    ("Initech", {}, None),
]


def test_sql_and_python_rules_agree(db: Database, sync: SyncEngine, make_posting: Any) -> None:
    _agree(db, sync, make_posting)


@pytest.fixture
def pg_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A new database on the integration tests' PostgreSQL server (skipped where none is installed)."""
    database = open_database(request.getfixturevalue("pg_url"))
    yield database
    database.dispose()


def test_sql_and_python_rules_agree_on_postgresql(pg_db: Database, make_posting: Any) -> None:
    _agree(pg_db, SyncEngine(pg_db), make_posting)


def _agree(db: Database, sync: SyncEngine, make_posting: Any) -> None:
    writer = Writer(db)
    for rule in RULES:
        writer.add_block(rule.value)
    for n, (company, urls, _) in enumerate(CASES):
        url = urls.get("job_url", f"https://board.example/jobs/{n}")
        sync.upsert(
            [
                make_posting(
                    company=company, title=f"Role {n}", job_url=url, company_url=urls.get("company_url")
                )
            ]
        )
    with db.reader() as conn:
        rows = conn.execute(select(JOB.c.id, JOB.c.title, not_blocked(JOB).label("shown"))).all()
        shown = {row.title: bool(row.shown) for row in rows}
        ids = {row.title: row.id for row in rows}
        for n, (company, urls, expected) in enumerate(CASES):
            url = urls.get("job_url", f"https://board.example/jobs/{n}")
            found = blocking_rule(RULES, company, [url, urls.get("company_url")])
            assert (found.value if found else None) == expected, company
            assert shown[f"Role {n}"] is (expected is None), company
            assert is_job_blocked(conn, ids[f"Role {n}"]) is (expected is not None)
    listed = search_jobs(db, JobQuery(per_page=100))
    assert {job.title for job in listed.items} == {f"Role {n}" for n, c in enumerate(CASES) if c[2] is None}


def test_removing_a_rule_brings_its_jobs_back(db: Database, sync: SyncEngine, make_posting: Any) -> None:
    sync.upsert([make_posting(company="Acme"), make_posting(company="Initech")])
    writer = Writer(db)
    rule = writer.add_block("acme")
    assert [j.company for j in search_jobs(db, JobQuery()).items] == ["Initech"]
    writer.remove_block(rule.id)
    assert search_jobs(db, JobQuery()).total == 2


def test_duplicates_and_unknowns_are_clear_errors(db: Database) -> None:
    writer = Writer(db)
    writer.add_block("Acme")
    with pytest.raises(Conflict, match="already has the name 'Acme'"):
        writer.add_block("ACME, Inc.")
    with pytest.raises(NotFound, match="no blocklist entry with id 99"):
        writer.remove_block(99)
    entries = list_blocks(db)
    assert find_block(entries, "acme inc").value == "Acme"
    assert find_block(entries, str(entries[0].id)).value == "Acme"
    with pytest.raises(NotFound, match="not in the blocklist"):
        find_block(entries, "Initech")


def test_a_rule_value_is_kept_as_written() -> None:
    assert parse_rule("  Acme Inc ") == BlockRule(kind="name", value="Acme Inc", match="acme")


def test_alerts_leave_blocked_companies_out(db: Database, run: dict[str, Any], clock: FakeClock) -> None:  # noqa: F811
    """A run's alert plan (jobscraper.store.alerts, the scenario of tests/unit/alerts) loses the job
    of a company blocked before the alerts are sent."""
    before = alerts.alert_plan(db, run["run_id"], 70, True, clock())
    assert [j.title for j in before.jobs] == ["Good fit", "Board hit"]
    Writer(db).add_block(str(before.jobs[0].company))
    after = alerts.alert_plan(db, run["run_id"], 70, True, clock())
    assert [j.title for j in after.jobs] == ["Board hit"]
