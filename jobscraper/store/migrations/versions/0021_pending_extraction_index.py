"""the jobs waiting for extraction in an index of their own, so finding them costs what they are

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04

After every scrape the extraction pass asks for the jobs that need extraction
(``jobscraper.store.enrich.pending_extractions``: in id order, a page at a time) and ``jobscraper
status`` and the Analytics page count them. With no index on that condition each asked every
active job: a walk of ``ix_job_stats`` (~100 ms at a million jobs on PostgreSQL, seconds on
SQLite from a cold cache) to find the few dozen jobs a scrape added, once per page and per run.

``ix_job_pending_extraction`` is a partial index on ``job(id)`` holding only the active jobs whose
extraction is missing or stale (with the columns of that condition, so that SQLite counts them
from the index alone), ``enrich.needs_extraction`` with the extraction schema's version
as of this revision (1, frozen here): a job enters it when it is inserted or re-scraped and leaves
it when its extraction is stored. Both planners use it only for a query whose condition is this
one with the version written as the same literal (``needs_extraction`` writes it so); a new
extraction schema version needs a migration that recreates it (a test compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXTRACTION_VERSION = 1
PENDING = (
    "archived_at IS NULL AND (extraction_version IS NULL OR extraction_version != "
    f"{EXTRACTION_VERSION} OR extracted_at IS NULL OR extracted_at < updated_at)"
)


COLUMNS = ["id", "archived_at", "extraction_version", "extracted_at", "updated_at"]


def upgrade() -> None:
    where = sa.text(PENDING)
    op.create_index(
        "ix_job_pending_extraction", "job", COLUMNS, unique=False, sqlite_where=where, postgresql_where=where
    )


def downgrade() -> None:
    op.drop_index("ix_job_pending_extraction", table_name="job")
