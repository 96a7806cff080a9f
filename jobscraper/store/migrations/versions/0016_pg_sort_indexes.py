"""PostgreSQL: the posted and salary sorts' indexes carry the id, so a common word's sorted page is a walk

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

A text search sorted by date posted or salary whose word is common (more than ``COUNT_CAP``
matches) reads its page from the jobs first in that order. With ``ix_job_date_posted`` alone the
rows of one date come in no order of id (the sort's tie-break), so the planner read every job of
the first date (thousands at a million jobs) or built the word's whole GIN bitmap (~0.2 us a
match: ~45 ms for a word in a fifth of a million jobs). ``(date_posted, id)`` and
``(salary_annual, id)`` hold the page's exact order, so the search walks them and stops once the
page is full (``jobscraper.store.search_pg_walk``).

SQLite: nothing to do (its sorted pages are planned in ``jobscraper.store.search_sorted``).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {"ix_job_posted_id": "date_posted", "ix_job_salary_id": "salary_annual"}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for name, column in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON job ({column}, id)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
