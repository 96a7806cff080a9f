"""PostgreSQL: a trigram index on the job's location, and finer statistics of the job's words

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-03

The search box's location filter is a case-insensitive substring (``location ILIKE '%Paris%'``).
A text search with it read every job its words match and tested the location on each row: at a
million jobs a common word's ~200,000 rows, ~0.4 s, for a city's few hundred. A GIN index of the
location's trigrams (``pg_trgm``) answers the substring as a bitmap the planner ANDs with the
words' (``jobscraper.store.search_pg_page``), so only the jobs that pass both are read.

``pg_trgm`` is PostgreSQL's contrib, a trusted extension since PostgreSQL 13 (a database owner may
create it). Where it cannot be created (not installed, no privilege) there is no index and the
search reads the rows as before, with the same results. Downgrade drops the index (the extension
stays: other things may use it).

The planner's statistics of ``search_vector`` kept its 1,000 most common words (the default
statistics target, 100), at a million synthetic jobs those in more than 8 % of them: every other
word, ``rust`` in 7 % of the jobs as much as one in none, was estimated at 0.5 % (4,500 jobs where
60,000 matched), and the search's plans chosen from those estimates (the newest ids' walk, the
first range of ids to read) read every match of such a word: ~0.4 s. A target of 1,000 keeps
up to 10,000 words (there: every word in 0.8 % of the jobs or more); the column is analysed once
here (~10 s at a million jobs), autovacuum's analyses keep the target after.

SQLite: nothing to do (its text search checks the location on the few matches it reads).

There is no 0017: that number was kept for a SQLite search change that turned out to need no
migration. Revision ids are only names; the chain is ``down_revision``.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = "0018"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_job_location_trgm"
WORDS_STATISTICS = 1000  # the planner's statistics target for search_vector (the default is 100)


def _trigrams_available() -> bool:
    """Create the ``pg_trgm`` extension if it can be (in a savepoint: a refusal must not abort
    the migration's transaction)."""
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError:
        return False
    return True


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(f"ALTER TABLE job ALTER COLUMN search_vector SET STATISTICS {WORDS_STATISTICS}")
    op.execute("ANALYZE job (search_vector)")
    if _trigrams_available():
        op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON job USING gin (location gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute("ALTER TABLE job ALTER COLUMN search_vector SET STATISTICS -1")
