"""A common word's page sorted by a column (SQLite): probe each job the sort's index meets, or
collect every match first — whichever the newest matches say is cheaper.

:func:`~jobscraper.store.search._index_walk_ids` walks the sort column's index and stops once the
page is full. How it knows a job is a match:

- *collect*: ``job.id IN (SELECT rowid FROM job_fts WHERE job_fts MATCH …)`` reads every match
  into a temporary index first (~0.15 µs a match: 60 ms for ``engineer*``'s 400k at 1M jobs);
- *probe*: ``EXISTS (… MATCH … AND rowid = job.id)`` asks FTS5 about each job that passed the
  other filters (55-95 µs a word of the expression at 1M jobs: FTS5 seeks the word in every segment of the
  index). Only where every prefix is an OR of words (:mod:`.search_terms`): a prefix term merges
  all its doclists for each probe (~25 ms).

The newest matches (in hand) estimate both: the share of jobs that match (``len(newest)`` over the
rowids they span) and the share of matches that pass the filters. Probing costs about
``page_end / (share × passing)`` index rows and ``page_end / share`` probes; collecting, the
estimated matches. The page is the same either way: one SQL order.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from jobscraper.store.tables import JOB

__all__ = ["probe_is_cheaper"]

ROW_US = 4.0  # a job of the sort's index read and checked against the filters
PROBE_US = 80.0  # an FTS5 lookup by rowid, per word of the expression (55-95 measured)
COLLECT_US = 0.13  # a match read into the IN list's temporary index


def probe_is_cheaper(conn: Connection, match: str, newest: list[int], passing: int, page_end: int) -> bool:
    """Whether probing each job beats collecting the matches of ``match`` for a page ending at
    ``page_end``, given its ``newest`` matches (newest first) of which ``passing`` pass the filters."""
    if "*" in match or len(newest) < 2 or passing <= 0:
        return False
    share = len(newest) / (newest[0] - newest[-1] + 1)  # of the jobs, in the newest matches' span
    passed = passing / len(newest)
    words = max(1, match.count('"') // 2)
    probe = page_end / (share * passed) * ROW_US + page_end / share * PROBE_US * words
    jobs = int(conn.execute(select(func.max(JOB.c.id))).scalar_one() or 0)
    return probe < share * jobs * COLLECT_US
