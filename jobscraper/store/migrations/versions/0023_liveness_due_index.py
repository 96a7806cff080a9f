"""the open jobs in the order the liveness pass takes them, so choosing its jobs reads only those

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04

After every scrape run the liveness pass asks for the jobs due for a check (at most
``liveness.batch_size``: unconfirmed failures first, then the ones nothing has shown open the
longest): ``jobscraper.store.liveness.due_checks``. With no index in that order it read and
sorted every open job, in the writer: 1-9 s at a million jobs on SQLite.

``ix_job_liveness_due`` holds the open, active jobs by (``failed_checks`` descending, when the job
was last known open, id): the later of ``last_seen`` and ``last_checked_at`` — on SQLite
``max(last_seen, coalesce(last_checked_at, last_seen))``, on PostgreSQL ``greatest(last_seen,
last_checked_at)``, the same value. A job with no failed check is due exactly when that value is
at least ``min_days`` old, so the pass reads two ranges of this index, the failures and then the
oldest, and stops at its limit.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KNOWN_OPEN = {
    "sqlite": "max(last_seen, coalesce(last_checked_at, last_seen))",
    "postgresql": "greatest(last_seen, last_checked_at)",
}
OPEN = "closed_at IS NULL AND archived_at IS NULL"


def upgrade() -> None:
    key = KNOWN_OPEN[op.get_bind().dialect.name]
    op.execute(f"CREATE INDEX ix_job_liveness_due ON job (failed_checks DESC, {key}, id) WHERE {OPEN}")


def downgrade() -> None:
    op.execute("DROP INDEX ix_job_liveness_due")
