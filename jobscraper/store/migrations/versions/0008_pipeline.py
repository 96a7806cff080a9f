"""the job pipeline (follow-up dates, the withdrawn status)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

The pipeline board (``jobscraper.store.pipeline``) moves jobs between statuses and keeps a
follow-up date per job: ``follow_up_at`` (a date, a user field: no scrape or import writes it),
indexed because the "due" list asks ``follow_up_at <= today``. A job the person stopped pursuing
gets the status ``withdrawn``, so ``ck_job_status`` lists it.

The check constraint is widened in place. On SQLite a constraint cannot be altered, and Alembic's
batch mode would copy the ``job`` table and drop its triggers (full-text index, fit
invalidation); SQLite documents editing the table's text in ``sqlite_schema`` under
``writable_schema`` for exactly this case (a CHECK change leaves the stored rows as they are).
Going down, a withdrawn job becomes ``rejected`` — the older schema has no closer status — with a
line in its notes saying so, so the person's choice is not silently lost.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the check's text as migration 0001 wrote it, and with the new status (frozen here: a migration
# describes the schema of its revision, not of whatever the vocabulary holds later)
_BEFORE = "status IN ('new', 'interested', 'applied', 'interviewing', 'offer', 'rejected')"
_AFTER = "status IN ('new', 'interested', 'applied', 'interviewing', 'offer', 'rejected', 'withdrawn')"
_DOWNGRADE_NOTE = "[status was 'withdrawn' before a schema downgrade]"


def _set_check(old: str, new: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint("ck_job_status", "job", type_="check")
        op.create_check_constraint("ck_job_status", "job", new)
        return
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'job'"
    ).scalar_one()
    if sql.count(old) != 1:
        raise RuntimeError(f"ck_job_status is not the one migration 0008 expects: {sql!r}")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'job'",
            (sql.replace(old, new),),
        )
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    op.add_column("job", sa.Column("follow_up_at", sa.Date(), nullable=True))
    op.create_index(op.f("ix_job_follow_up_at"), "job", ["follow_up_at"], unique=False)
    _set_check(_BEFORE, _AFTER)


def downgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE job SET status = 'rejected', notes = CASE WHEN notes = '' THEN :note "
            "ELSE notes || :sep || :note END WHERE status = 'withdrawn'"
        ).bindparams(note=_DOWNGRADE_NOTE, sep="\n")
    )
    _set_check(_AFTER, _BEFORE)
    op.drop_index(op.f("ix_job_follow_up_at"), table_name="job")
    op.drop_column("job", "follow_up_at")  # SQLite ≥ 3.35: ALTER TABLE … DROP COLUMN, no table copy
