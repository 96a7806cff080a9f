"""prefix indexes in the full-text index, so a wide prefix reads one stored list

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

A prefix the search expands into no OR (``go*``, ``data*``, ``co*``: more than
``search_terms.MAX_WORDS`` words) stays an FTS5 prefix term, which FTS5 answers by merging the
doclists of every word it begins before it yields one match — 70-1,900 ms at a million jobs
(``engineer co`` 1.9 s). FTS5's prefix indexes (``prefix=``) store, for each configured length,
one doclist per prefix of that length, so a prefix term of exactly that length reads that list
instead (``engineer co`` 34 ms, ``go`` 19 ms). Longer prefixes begin few words and are ORs already.

Recreates ``job_fts`` with the option (same columns, content table, tokenizer; the triggers of 0001
and 0014 refer to it by name and stay) and rebuilds it from ``job`` into one segment: a one-time
pass, ~4 minutes at a million jobs (2 cores); the file grows by ~26% (5.7 -> 7.2 GB at 1M), about
one copy of the index per configured length. SQLite only.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIX = "2 3"  # the lengths with a prefix index (jobscraper.store.search_terms.INDEXED_LENGTHS)
_LOG = logging.getLogger(__name__)


def _recreate(prefix: str | None) -> None:
    option = f"prefix='{prefix}', " if prefix else ""
    op.execute("DROP TABLE IF EXISTS job_fts")
    op.execute(
        f"""CREATE VIRTUAL TABLE job_fts USING fts5(
        title, company, description, skills, location,
        content='job', content_rowid='id', {option}
        tokenize="unicode61 remove_diacritics 2 tokenchars '+#'"
    )"""
    )  # 0001's definition, plus the option
    op.execute("INSERT INTO job_fts(job_fts) VALUES ('rebuild')")
    # one segment: 'rebuild' leaves ~16 at a million jobs, each probed for every word (~+50% time)
    op.execute("INSERT INTO job_fts(job_fts) VALUES ('optimize')")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL searches with its own text search (jobscraper.store.search_pg)
    line = "rebuilding the full-text index with prefix indexes (once; minutes at a million jobs)"
    _LOG.warning(line)
    print(f"jobscraper: {line}", file=sys.stderr, flush=True)  # stderr: stdout may be a protocol
    _recreate(PREFIX)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _recreate(None)
