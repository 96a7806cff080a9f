"""The search's driver-fetched statements (:func:`jobscraper.store.search.raw_rows`): they read in
the search's own read transaction (one snapshot with the SQLAlchemy statements around them), and
the newest matches they fetch are the full-text match's, newest first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from test_search_large import many  # noqa: F401  (the fixture: 120 jobs, most matching "python")

from jobscraper.store import Database, SyncEngine
from jobscraper.store import search as search_module
from jobscraper.store.search import raw_rows


def test_raw_rows_read_in_the_searchs_transaction(
    many: Database,  # noqa: F811
    sync: SyncEngine,
    make_posting: Callable[..., dict[str, Any]],
) -> None:
    count = "SELECT count(*) FROM job_fts WHERE job_fts MATCH ?"
    with many.reader() as conn:
        before = raw_rows(conn, count, ('"python"',))[0][0]
        newest = search_module._newest_matches(conn, '"python"')
        sync.upsert([make_posting(title="Python Late", description="python")])  # another connection
        assert raw_rows(conn, count, ('"python"',)) == [(before,)]  # the same snapshot
        assert conn.exec_driver_sql("SELECT count(*) FROM job").scalar_one() == 120
    with many.reader() as conn:
        assert raw_rows(conn, count, ('"python"',)) == [(before + 1,)]
        every = conn.exec_driver_sql(
            "SELECT rowid FROM job_fts WHERE job_fts MATCH '\"python\"' ORDER BY rowid DESC"
        ).scalars()
        assert newest == list(every)[1:] and newest == sorted(newest, reverse=True)
        assert len(newest) == before
