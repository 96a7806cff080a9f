"""job fits

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Each job's stored fit for a profile (``jobscraper.store.fits``): the score, the sunk flag and the
cosine that breaks ties, under a ``version`` that names the profile's content, the scorer and the
model — so ``sort=fit`` and ``match`` read the best N from an index instead of scoring every job.

A stored fit must never outlive what it was computed from. Triggers delete a job's fits when one of
the columns the score reads changes (a re-scrape, a duplicate filling empty fields, an extraction)
or when its vector is stored, replaced or deleted; deleting a job or a profile deletes its fits (the
foreign keys). The columns compared are the fit's (``jobscraper.matching.rank.FIT_COLUMNS``), not
the user's fields: favouriting or hiding a job keeps its fit. Archiving (or bringing back) a job
forgets its fits too, so fits exist for jobs not archived only and "every job has a fresh fit" is
a comparison of two counts. On PostgreSQL JSON has no equality operator, so JSON columns are
compared as text. ``detail`` holds the parts and reasons (zlib-compressed JSON), read only for the
jobs a page shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the job's columns the fit reads, less its id (kept literal: a migration never imports the app),
# and archived_at: fits are kept for jobs not archived only
SCORED = (
    "archived_at", "job_url", "title", "company", "location", "is_remote", "remote_policy", "seniority",
    "visa_sponsorship", "job_level", "skills", "extracted", "salary_annual_min", "salary_annual_max",
    "currency", "description",
)  # fmt: skip
JSON_COLUMNS = ("skills", "extracted")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _changed(postgres: bool) -> str:
    if postgres:
        return " OR ".join(
            f"OLD.{c}::text IS DISTINCT FROM NEW.{c}::text"
            if c in JSON_COLUMNS
            else f"OLD.{c} IS DISTINCT FROM NEW.{c}"
            for c in SCORED
        )
    return " OR ".join(f"old.{c} IS NOT new.{c}" for c in SCORED)


def upgrade() -> None:
    string = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "job_fit",
        sa.Column("profile_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("job_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", string(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("cosine", sa.Float(), nullable=False),
        sa.Column("sunk", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["profile_id"], ["profile.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("profile_id", "job_id"),
    )
    op.create_index(
        "ix_job_fit_rank", "job_fit", ["profile_id", "version", "score", "cosine", "job_id"], unique=False
    )
    op.create_index("ix_job_fit_job_id", "job_fit", ["job_id"], unique=False)
    for statement in SQLITE_UP if _sqlite() else POSTGRES_UP:
        op.execute(statement)


SQLITE_UP = (
    f"""CREATE TRIGGER job_fit_job_au AFTER UPDATE ON job WHEN {_changed(False)} BEGIN
        DELETE FROM job_fit WHERE job_id = new.id;
    END""",
    """CREATE TRIGGER job_fit_vector_ai AFTER INSERT ON job_vector BEGIN
        DELETE FROM job_fit WHERE job_id = new.job_id;
    END""",
    """CREATE TRIGGER job_fit_vector_au AFTER UPDATE ON job_vector BEGIN
        DELETE FROM job_fit WHERE job_id = old.job_id OR job_id = new.job_id;
    END""",
    """CREATE TRIGGER job_fit_vector_ad AFTER DELETE ON job_vector BEGIN
        DELETE FROM job_fit WHERE job_id = old.job_id;
    END""",
)

POSTGRES_UP = (
    """CREATE FUNCTION job_fit_forget_job() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM job_fit WHERE job_id = NEW.id;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION job_fit_forget_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM job_fit WHERE job_id = OLD.job_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            DELETE FROM job_fit WHERE job_id = NEW.job_id;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER job_fit_job_au AFTER UPDATE ON job FOR EACH ROW
        WHEN ({_changed(True)}) EXECUTE FUNCTION job_fit_forget_job()""",
    """CREATE TRIGGER job_fit_vector_aiud AFTER INSERT OR UPDATE OR DELETE ON job_vector FOR EACH ROW
        EXECUTE FUNCTION job_fit_forget_vector()""",
)


def downgrade() -> None:
    if _sqlite():
        for name in ("job_fit_job_au", "job_fit_vector_ai", "job_fit_vector_au", "job_fit_vector_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS job_fit_job_au ON job")
        op.execute("DROP TRIGGER IF EXISTS job_fit_vector_aiud ON job_vector")
        op.execute("DROP FUNCTION IF EXISTS job_fit_forget_job()")
        op.execute("DROP FUNCTION IF EXISTS job_fit_forget_vector()")
    op.drop_index("ix_job_fit_job_id", table_name="job_fit")
    op.drop_index("ix_job_fit_rank", table_name="job_fit")
    op.drop_table("job_fit")
