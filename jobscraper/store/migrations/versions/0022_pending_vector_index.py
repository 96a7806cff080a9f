"""the jobs waiting for a vector in an index of their own, so the embedding pass costs what they are

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04

A job needs a vector when it is active and has none, or one of another model, or one made from
other content (``jobscraper.store.vectors``). That test joins ``job_vector``, so no index on
``job`` could hold it, and every embedding pass (at the start and the end of each scrape run, and
``jobscraper reindex``) walked every active job from the first: ~2 s at a million jobs on SQLite
(8 s from a cold cache) and ~1.4 s on PostgreSQL, in the writer, which writes nothing meanwhile.

- ``job.vector_current``: TRUE while the job has a vector (of any model) made from its current
  content (``job_vector.content_hash`` is the job's ``content_hash``), else NULL. Triggers keep it
  exact in the writing transaction: a vector's insert, change or delete, and a change of the
  job's ``content_hash``. Filled from the vectors there are.
- ``ix_job_pending_vector``: a partial index on ``job(id)`` of the active jobs whose
  ``vector_current`` is NULL. With the vectors of another model (``ix_job_vector_model_id``) these
  are exactly the jobs needing a vector. ``IS NULL`` on a column with statistics, so that
  PostgreSQL's planner knows the index is small (it cannot estimate a comparison of two columns).

SQLite: four triggers. PostgreSQL: two trigger functions.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = "archived_at IS NULL AND vector_current IS NULL"
COLUMNS = ["id", "archived_at", "vector_current"]
# the job of a vector inserted or changed: current when the vector was made from its content
_SET = (
    "UPDATE job SET vector_current = CASE WHEN content_hash = new.content_hash THEN {true} END "
    "WHERE id = new.job_id"
)
_CLEAR = "UPDATE job SET vector_current = NULL WHERE id = old.job_id"
# a job whose content changed: current if a vector was made from the new content
_CURRENT = (
    "CASE WHEN EXISTS (SELECT 1 FROM job_vector WHERE job_id = new.id AND content_hash = new.content_hash) "
    "THEN {true} END"
)
_SQLITE_TRIGGERS = ("job_vector_current_ai", "job_vector_current_au", "job_vector_current_ad", "job_vector_current_job")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    true = "TRUE" if postgres else "1"
    op.add_column("job", sa.Column("vector_current", sa.Boolean(), nullable=True))
    op.execute(
        f"UPDATE job SET vector_current = {true} WHERE EXISTS (SELECT 1 FROM job_vector "
        "WHERE job_vector.job_id = job.id AND job_vector.content_hash = job.content_hash)"
    )
    set_new, current = _SET.format(true=true), _CURRENT.format(true=true)
    if postgres:
        op.execute(
            "CREATE FUNCTION job_vector_current() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'DELETE' THEN {_CLEAR}; "
            f"ELSIF TG_OP = 'INSERT' THEN {set_new}; "
            f"ELSE IF old.job_id <> new.job_id THEN {_CLEAR}; END IF; {set_new}; END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER job_vector_current AFTER INSERT OR DELETE OR UPDATE OF job_id, content_hash "
            "ON job_vector FOR EACH ROW EXECUTE FUNCTION job_vector_current()"
        )
        op.execute(
            "CREATE FUNCTION job_vector_current_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"new.vector_current := {current}; RETURN new; END $$"
        )
        op.execute(
            "CREATE TRIGGER job_vector_current_job BEFORE UPDATE OF content_hash ON job FOR EACH ROW "
            "WHEN (old.content_hash IS DISTINCT FROM new.content_hash) EXECUTE FUNCTION job_vector_current_job()"
        )
    else:
        op.execute(f"CREATE TRIGGER job_vector_current_ai AFTER INSERT ON job_vector BEGIN {set_new}; END")
        op.execute(f"CREATE TRIGGER job_vector_current_ad AFTER DELETE ON job_vector BEGIN {_CLEAR}; END")
        op.execute(
            "CREATE TRIGGER job_vector_current_au AFTER UPDATE OF job_id, content_hash ON job_vector "
            f"BEGIN {_CLEAR} AND old.job_id <> new.job_id; {set_new}; END"
        )
        op.execute(
            "CREATE TRIGGER job_vector_current_job AFTER UPDATE OF content_hash ON job "
            "WHEN old.content_hash IS NOT new.content_hash "
            f"BEGIN UPDATE job SET vector_current = {current} WHERE id = new.id; END"
        )
    where = sa.text(PENDING)
    op.create_index(
        "ix_job_pending_vector", "job", COLUMNS, unique=False, sqlite_where=where, postgresql_where=where
    )
    if postgres:  # the new column's statistics now, not at autovacuum's next pass
        op.execute("ANALYZE job")


def downgrade() -> None:
    op.drop_index("ix_job_pending_vector", table_name="job")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS job_vector_current_job ON job")
        op.execute("DROP FUNCTION IF EXISTS job_vector_current_job()")
        op.execute("DROP TRIGGER IF EXISTS job_vector_current ON job_vector")
        op.execute("DROP FUNCTION IF EXISTS job_vector_current()")
    else:
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_column("job", "vector_current")  # SQLite ≥ 3.35: ALTER TABLE … DROP COLUMN, no table copy
