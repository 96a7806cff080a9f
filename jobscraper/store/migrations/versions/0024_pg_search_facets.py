"""PostgreSQL: the remote and source filters inside the text search's GIN index

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04

A text search with a remote or source filter read every match of its words from ``job_search``
and tested the filter on each row (``jobscraper.store.search_pg_page``'s fenced subquery): at a
million jobs "javascript developer", remote, on LinkedIn read 57,000 rows for 2,700 that pass,
25 of its 47 ms. ``ix_job_search_words_facets`` is the words' GIN index with a second column,
``job_search_facets(remote_policy, is_remote, sites)``: an array of the job's facets — its work
mode (``store.work_mode``'s rule: 1 remote, 2 hybrid, 3 onsite, 4 unknown) and ``100 + i`` for
each bit ``1 << i`` of ``sites`` (migration 0019's bits, ``OTHER`` the last). A search's filters
become conditions of that column (``@>``, ``&&``), which one index scan answers with the words,
so only the rows that match and pass are read. It replaces ``ix_job_search_words``: a search by
words alone reads the first column as before (the same time, measured).

An expression, not a column: nothing is rewritten, the triggers of 0020 are unchanged, and the
index follows each row's values. ``ANALYZE`` gathers the expression's statistics, which the
planner's estimates of the filters read. Building it takes ~1 minute at a million jobs.

SQLite: nothing to do (its search reads ``job_facet``, migration 0015).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SITE_BIT_COUNT = 26
"""Migration 0019's bits: 25 sites of their own and ``OTHER`` (``1 << 25``)."""
SITE_FACET = 100
"""The facet of the site bit ``1 << i``: ``SITE_FACET + i``."""
WORK_MODE_FACETS = {"remote": 1, "hybrid": 2, "onsite": 3, "unknown": 4}
FUNCTION = "job_search_facets"
INDEX = "ix_job_search_words_facets"
EXPRESSION = f"{FUNCTION}(remote_policy, is_remote, sites)"

UP = (
    f"""CREATE FUNCTION {FUNCTION}(policy varchar, remote boolean, sites integer) RETURNS integer[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
        facets integer[] := ARRAY[CASE
            WHEN policy = 'remote' THEN 1 WHEN policy = 'hybrid' THEN 2 WHEN policy = 'onsite' THEN 3
            WHEN remote IS TRUE THEN 1 WHEN remote IS FALSE THEN 3 ELSE 4 END];
    BEGIN
        FOR i IN 0..{SITE_BIT_COUNT - 1} LOOP
            IF sites & (1 << i) <> 0 THEN facets := facets || ({SITE_FACET} + i); END IF;
        END LOOP;
        RETURN facets;
    END $$""",
    f"CREATE INDEX {INDEX} ON job_search USING gin (search_vector, ({EXPRESSION}))",
    "DROP INDEX ix_job_search_words",
    "ANALYZE job_search",
)
DOWN = (
    "CREATE INDEX ix_job_search_words ON job_search USING gin (search_vector)",
    f"DROP INDEX {INDEX}",
    f"DROP FUNCTION {FUNCTION}(varchar, boolean, integer)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in DOWN:
        op.execute(statement)
