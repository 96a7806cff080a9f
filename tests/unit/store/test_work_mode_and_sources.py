"""Remote from one truth, and the Source filter built from the data, on a real SQLite file.

The ``remote`` filter, each listed job's ``work_mode`` and the card's label read one rule
(:mod:`jobscraper.store.work_mode`): the extracted policy when known, else the board's flag. The
sources offered are the names the store records (boards, ATS kinds, career hosts) plus ``company``.
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import select, update

from jobscraper.store import Database, JobQuery, SyncEngine
from jobscraper.store.search import search_jobs
from jobscraper.store.search_facets import source_facets
from jobscraper.store.tables import JOB
from jobscraper.store.work_mode import work_mode, work_mode_sql

POLICIES = (None, "unknown", "remote", "hybrid", "onsite")
FLAGS = (None, True, False)


def _set(db: Database, job_id: int, **values: Any) -> None:
    with db.writer() as conn:
        conn.execute(update(JOB).where(JOB.c.id == job_id).values(**values))


def _jobs(db: Database, sync: SyncEngine, make_posting: Any, n: int) -> list[int]:
    sync.upsert([make_posting() for _ in range(n)])
    with db.reader() as conn:
        return list(conn.execute(select(JOB.c.id).order_by(JOB.c.id)).scalars())


def test_the_sql_rule_and_the_python_rule_agree_on_every_combination(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    combos = list(itertools.product(POLICIES, FLAGS))
    ids = _jobs(db, sync, make_posting, len(combos))
    for job_id, (policy, flag) in zip(ids, combos, strict=True):
        _set(db, job_id, remote_policy=policy, is_remote=flag)
    with db.reader() as conn:
        rows = conn.execute(select(JOB.c.remote_policy, JOB.c.is_remote, work_mode_sql().label("m"))).all()
    assert len(rows) == len(combos)
    for row in rows:
        assert row.m == work_mode(row.remote_policy, row.is_remote), row
    # the extracted policy wins when known; the board decides only when it is not
    assert work_mode("onsite", True) == "onsite" and work_mode("hybrid", True) == "hybrid"
    assert work_mode("unknown", True) == work_mode(None, True) == "remote"
    assert work_mode(None, False) == "onsite" and work_mode("unknown", None) == "unknown"


def test_the_remote_filter_and_each_jobs_work_mode_say_the_same(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    board_only, says_onsite, extracted, not_remote = _jobs(db, sync, make_posting, 4)
    _set(db, board_only, remote_policy="unknown", is_remote=True)  # the board's flag counts
    _set(db, says_onsite, remote_policy="onsite", is_remote=True)  # the page says on-site: it wins
    _set(db, extracted, remote_policy="remote", is_remote=None)
    _set(db, not_remote, remote_policy=None, is_remote=False)
    remote = search_jobs(db, JobQuery(remote=True))
    assert {j.id for j in remote.items} == {board_only, extracted} and remote.total == 2
    assert {j.work_mode for j in remote.items} == {"remote"}
    others = search_jobs(db, JobQuery(remote=False))
    assert {j.id for j in others.items} == {says_onsite, not_remote}
    assert all(j.work_mode != "remote" for j in others.items)
    every = {j.id: j.work_mode for j in search_jobs(db, JobQuery()).items}
    assert every == {board_only: "remote", says_onsite: "onsite", extracted: "remote", not_remote: "onsite"}


def test_the_sources_are_the_names_the_store_records_and_company_means_every_own_page(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    sync.upsert(
        [
            make_posting(site="linkedin"),
            make_posting(site="linkedin"),
            make_posting(site="indeed"),
            make_posting(site="greenhouse", job_url="https://boards.greenhouse.io/acme/jobs/1"),
            make_posting(site="careers.acme.com", job_url="https://careers.acme.com/jobs/2"),
        ]
    )
    facets = {(f.name, f.kind): f.jobs for f in source_facets(db)}
    assert facets == {
        ("indeed", "board"): 1,
        ("linkedin", "board"): 2,
        ("company", "company"): 2,
        ("greenhouse", "ats"): 1,
        ("careers.acme.com", "career"): 1,
    }
    assert [f.kind for f in source_facets(db)] == ["board", "board", "company", "ats", "career"]
    for name, jobs in (("company", 2), ("greenhouse", 1), ("careers.acme.com", 1), ("linkedin", 2)):
        assert search_jobs(db, JobQuery(source=name)).total == jobs, name
    assert search_jobs(db, JobQuery(source="nowhere")).total == 0
    with db.reader() as conn:  # an archived job is not counted: the counts are what the list shows
        archived = conn.execute(select(JOB.c.id).where(JOB.c.site == "indeed")).scalar_one()
    _set(db, archived, archived_at=JOB.c.last_seen)
    assert ("indeed", "board") not in {(f.name, f.kind) for f in source_facets(db)}


def test_a_career_page_is_labelled_by_its_company_and_a_shared_host_by_its_companies(
    sync: SyncEngine, db: Database, make_posting: Any
) -> None:
    sync.upsert(
        [
            make_posting(site="careers.acme.com", company="Acme GmbH", job_url="https://careers.acme.com/1"),
            make_posting(site="careers.acme.com", company="Acme GmbH", job_url="https://careers.acme.com/2"),
            make_posting(site="127.0.0.1", company="Globex", job_url="http://127.0.0.1/globex/1"),
            make_posting(site="127.0.0.1", company="Initech", job_url="http://127.0.0.1/initech/1"),
        ]
    )
    labels = {f.name: f.label for f in source_facets(db)}
    assert labels["careers.acme.com"] == "Acme GmbH (career page)"
    assert labels["127.0.0.1"] == "127.0.0.1 (2 companies)"
    assert labels["company"] == "Company pages (all)"
