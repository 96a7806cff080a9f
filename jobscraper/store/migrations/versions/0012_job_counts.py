"""job counts kept by triggers, for exact list totals on large databases

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

``job_count`` holds how many jobs have each (archived, closed, hidden, favorite, status, remote); triggers
on ``job`` keep it exact in the writing transaction: an insert adds one, a delete takes one away, a
change of one of the six things moves one from its old row to its new one. Filled from the jobs
there are. ``jobscraper.store.search_list`` sums it for a list filtered only by these six (the
Jobs page's default list, its status tabs, favourites, the remote switch): microseconds instead of
a count of every visible job (a quarter of a second and more at a million jobs).

SQLite: three triggers. PostgreSQL: one trigger function for the three events. Also
``ix_job_status_last_seen`` (a status tab's page, newest first, without sorting all its jobs) and
``ix_job_filter`` (every column the list's filters read, by id: a text query's matches are filtered
there instead of in the wide rows).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FILTER_COLUMNS = (
    "id", "archived_at", "closed_at", "hidden", "status", "favorite", "is_remote", "remote_policy",
    "date_posted", "salary_annual", "first_seen", "last_seen", "location",
)  # fmt: skip
_KEY = ("archived", "closed", "hidden", "favorite", "status", "remote")
# remote as jobscraper.store.work_mode defines it (frozen here: a migration describes its own
# revision): the extracted policy when it is one of these, else the board's flag
_POLICIES = "'remote', 'hybrid', 'onsite'"


def _remote(row: str) -> str:
    prefix = f"{row}." if row else ""
    return (
        f"coalesce({prefix}remote_policy = 'remote' OR (coalesce({prefix}remote_policy NOT IN ({_POLICIES}), "
        f"TRUE) AND {prefix}is_remote IS TRUE), FALSE)"
    )


def _values(row: str) -> str:
    """The key of ``row`` (``new`` or ``old``) in ``_KEY``'s order."""
    return (
        f"{row}.archived_at IS NOT NULL, {row}.closed_at IS NOT NULL, {row}.hidden, {row}.favorite, "
        f"{row}.status, {_remote(row)}"
    )


def _match(row: str) -> str:
    values = [*_values(row).split(", ", len(_KEY) - 1)]
    return " AND ".join(f"{k} = ({v})" for k, v in zip(_KEY, values, strict=True))


def _add(row: str) -> str:
    return (
        f"INSERT INTO job_count ({', '.join(_KEY)}, n) VALUES ({_values(row)}, 1) "
        f"ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET n = job_count.n + 1"
    )


def _take(row: str) -> str:
    return f"UPDATE job_count SET n = n - 1 WHERE {_match(row)}"


_CHANGED = (
    "(old.archived_at IS NULL) <> (new.archived_at IS NULL) OR (old.closed_at IS NULL) <> "
    "(new.closed_at IS NULL) OR old.hidden <> new.hidden OR old.favorite <> new.favorite "
    f"OR old.status <> new.status OR {_remote('old')} <> {_remote('new')}"
)
_WATCHED = "archived_at, closed_at, hidden, favorite, status, remote_policy, is_remote"


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    # a status tab's page, newest first, walks this index (with only ix_job_status the 26,000
    # "interested" jobs of a million were read and sorted: 100 ms)
    op.create_index("ix_job_status_last_seen", "job", ["status", "last_seen"], unique=False)
    # a text query's matches are looked up by id and filtered here, not in the wide rows (each
    # about a page with its description): 4x faster on a million jobs
    op.create_index("ix_job_filter", "job", list(_FILTER_COLUMNS), unique=False)
    op.create_table(
        "job_count",
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("favorite", sa.Boolean(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEY),
        sqlite_with_rowid=False,
    )
    key = f"archived_at IS NOT NULL, closed_at IS NOT NULL, hidden, favorite, status, {_remote('')}"
    op.execute(f"INSERT INTO job_count ({', '.join(_KEY)}, n) SELECT {key}, count(*) FROM job GROUP BY {key}")
    if postgres:
        op.execute(
            "CREATE FUNCTION job_count_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'INSERT' THEN {_add('new')}; "
            f"ELSIF TG_OP = 'DELETE' THEN {_take('old')}; "
            f"ELSIF {_CHANGED} THEN {_take('old')}; {_add('new')}; END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER job_count_change AFTER INSERT OR DELETE OR UPDATE OF {_WATCHED} ON job "
            "FOR EACH ROW EXECUTE FUNCTION job_count_change()"
        )
        return
    op.execute(f"CREATE TRIGGER job_count_ai AFTER INSERT ON job BEGIN {_add('new')}; END")
    op.execute(f"CREATE TRIGGER job_count_ad AFTER DELETE ON job BEGIN {_take('old')}; END")
    op.execute(
        f"CREATE TRIGGER job_count_au AFTER UPDATE OF {_WATCHED} ON job WHEN {_CHANGED} "
        f"BEGIN {_take('old')}; {_add('new')}; END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS job_count_change ON job")
        op.execute("DROP FUNCTION IF EXISTS job_count_change()")
    else:
        for name in ("job_count_ai", "job_count_ad", "job_count_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("job_count")
    op.drop_index("ix_job_filter", table_name="job")
    op.drop_index("ix_job_status_last_seen", table_name="job")
