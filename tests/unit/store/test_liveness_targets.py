"""What a due check is told about an ATS job: its posting endpoint, from the job's site, its
source's id and job URL, and the watched company it links to (or the vendor's host in its URL) —
no migration, only what the job, job_source and company tables already hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import update

from jobscraper.store import Database, SyncEngine
from jobscraper.store.liveness import due_checks
from jobscraper.store.tables import COMPANY
from tests.unit.conftest import FakeClock
from tests.unit.store.jobrows import add_job, job_row

Make = Callable[..., dict[str, Any]]
MIRROR = "http://127.0.0.1:8765/smartrecruiters/v1/companies/acme/postings"


def _watch(db: Database, company_id: int, url: str, ats: str) -> None:
    with db.writer() as conn:
        conn.execute(update(COMPANY).where(COMPANY.c.id == company_id).values(url=url, ats=ats))


def test_ats_jobs_get_their_posting_endpoint_and_the_rest_their_page(
    sync: SyncEngine, db: Database, clock: FakeClock, make_posting: Make
) -> None:
    watched = add_job(
        sync,
        make_posting(
            site="smartrecruiters", id="sr-744", job_url="http://127.0.0.1:8765/smartrecruiters/acme/744"
        ),
    )
    _watch(db, job_row(db, watched)["company_id"], MIRROR, "smartrecruiters")
    on_vendor = add_job(
        sync, make_posting(site="lever", id="lv-5ac2", job_url="https://jobs.lever.co/acme/5ac2")
    )
    feed = add_job(
        sync, make_posting(site="personio", id="ps-9", job_url="https://acme.jobs.personio.de/job/9")
    )
    unknown_board = add_job(
        sync, make_posting(site="workable", id="wk-AB12", job_url="https://careers.acme.example/AB12")
    )
    board_job = add_job(sync, make_posting())
    clock.advance(days=10)
    targets = {t.job_id: t for t in due_checks(db, clock(), min_days=3, limit=10)}
    assert targets[watched].detail_url == f"{MIRROR}/744"
    assert targets[on_vendor].detail_url == "https://api.lever.co/v0/postings/acme/5ac2"
    for job in (feed, unknown_board, board_job):
        assert targets[job].detail_url is None
    assert targets[feed].url == "https://acme.jobs.personio.de/job/9"
