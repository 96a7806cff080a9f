"""A posting without emails or skills stores SQL NULL, so another board's copy can fill them in
and the word "null" never reaches the search index."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from jobscraper.store import Database, JobQuery, SyncEngine, get_job, search_jobs


def test_missing_lists_are_null_and_a_duplicate_fills_them(
    db: Database, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]
) -> None:
    first = make_posting(site="linkedin", company="Acme", title="Data Engineer", location="Berlin")
    first.update(emails=None, skills=None)
    sync.upsert([first])
    raw = sqlite3.connect(db.path)
    try:
        assert raw.execute("SELECT emails, skills FROM job").fetchone() == (None, None)
    finally:
        raw.close()
    assert search_jobs(db, JobQuery(q="null")).total == 0
    copy = dict(
        first, site="indeed", job_url="https://de.indeed.com/viewjob?jk=1", emails="jobs@acme.example"
    )
    copy["skills"] = "Spark, SQL"
    counts = sync.upsert([copy])
    assert counts.merged_duplicates == 1
    job = get_job(db, 1)
    assert job.emails == ["jobs@acme.example"] and job.skills == ["Spark", "SQL"]
