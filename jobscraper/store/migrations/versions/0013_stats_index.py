"""indexes that keep status and the Analytics page's counts linear on large databases

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

``jobscraper status`` and ``GET /api/stats`` count and group every active job. Read from the
``job`` rows themselves, each aggregate read the whole table — about 6 KB a job with its
description, 5.5 GB at a million jobs, more than the page cache keeps — so they grew much faster
than the jobs (``bench/scale.py``: status 129x and stats 257x their 10k time at 100x the jobs).

- ``ix_job_stats``: every column :mod:`jobscraper.store.stats` reads (archived, status, applied
  date, favourite, hidden, first seen, currency, the salary's two stored halves — SQLite never
  reads the virtual ``salary_annual`` from an index —, extraction version and times, and on SQLite
  the skills), so each aggregate scans this narrow index instead (~150 bytes a job).
  PostgreSQL cannot put a ``json`` column in a b-tree index: its index leaves the skills out.
- ``ix_job_extracted``: the active jobs whose extraction stored details (a partial index on
  ``extracted IS NOT NULL``; ``extracted`` itself is a JSON document too wide to index).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATS_COLUMNS = (
    "archived_at", "status", "applied_at", "favorite", "hidden", "first_seen", "currency",
    "salary_annual_max", "salary_annual_min", "extraction_version", "extracted_at", "updated_at",
)  # fmt: skip


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    columns = list(_STATS_COLUMNS) if postgres else [*_STATS_COLUMNS, "skills"]
    op.create_index("ix_job_stats", "job", columns, unique=False)
    where = sa.text("extracted IS NOT NULL")
    op.create_index(
        "ix_job_extracted", "job", ["archived_at"], unique=False, sqlite_where=where, postgresql_where=where
    )


def downgrade() -> None:
    op.drop_index("ix_job_extracted", table_name="job")
    op.drop_index("ix_job_stats", table_name="job")
