"""the (profile, job) pairs without a stored fit in a table of their own, so finding them reads only those

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04

Ranking by fit scores the jobs a profile has no fresh fit for (``jobscraper.store.fits``): the
live list after a scrape, and the writer's fill. Finding them was an anti-join of every active job
with the profile's fits: at a million jobs on SQLite 4-6 s for the live list and 0.5 s for each
page of the fill, for the few dozen jobs a scrape added.

``job_fit_gap`` holds the (profile, job) pairs of an active job with no ``job_fit`` row for the
profile. Triggers keep it exact in the writing transaction:

- a job inserted active, or brought back from the archive: a pair for each profile it has no fit
  for; a job archived: its pairs go (archiving forgets its fits too, migration 0006);
- a fit inserted: its pair goes; a fit deleted (a write replacing it, a change of what the score
  reads, a new vector): its pair comes, while the job is active and the profile exists;
- a profile inserted: a pair for each active job;
- a job or a profile deleted: their pairs go with them (the foreign keys).

A fit of another version is stale but still a row: those are read from ``ix_job_fit_rank``. Filled
from the fits there are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NO_FIT = "NOT EXISTS (SELECT 1 FROM job_fit f WHERE f.profile_id = {profile} AND f.job_id = {job})"
_FILL = (
    "INSERT INTO job_fit_gap (profile_id, job_id) SELECT p.id, j.id FROM profile p CROSS JOIN job j "
    f"WHERE j.archived_at IS NULL AND {_NO_FIT.format(profile='p.id', job='j.id')}"
)
# the job's pairs: each profile it has no fit for
_JOB_PAIRS = (
    "INSERT INTO job_fit_gap (profile_id, job_id) SELECT p.id, new.id FROM profile p "
    f"WHERE {_NO_FIT.format(profile='p.id', job='new.id')}"
)
# the pair of a fit gone: while the job is active, the profile exists and no fit replaced it
_FIT_GONE = (
    "INSERT INTO job_fit_gap (profile_id, job_id) SELECT old.profile_id, old.job_id "
    "WHERE EXISTS (SELECT 1 FROM job WHERE id = old.job_id AND archived_at IS NULL) "
    "AND EXISTS (SELECT 1 FROM profile WHERE id = old.profile_id) "
    f"AND {_NO_FIT.format(profile='old.profile_id', job='old.job_id')}"
)
_FIT_CAME = "DELETE FROM job_fit_gap WHERE profile_id = new.profile_id AND job_id = new.job_id"
_PROFILE_PAIRS = (
    "INSERT INTO job_fit_gap (profile_id, job_id) SELECT new.id, id FROM job WHERE archived_at IS NULL"
)
_ARCHIVED = "DELETE FROM job_fit_gap WHERE job_id = new.id"

_SQLITE_TRIGGERS = {
    "job_fit_gap_job_ai": f"AFTER INSERT ON job WHEN new.archived_at IS NULL BEGIN {_JOB_PAIRS}",
    "job_fit_gap_restored": (
        "AFTER UPDATE OF archived_at ON job WHEN old.archived_at IS NOT NULL AND new.archived_at IS NULL "
        f"BEGIN {_JOB_PAIRS}"
    ),
    "job_fit_gap_archived": (
        "AFTER UPDATE OF archived_at ON job WHEN old.archived_at IS NULL AND new.archived_at IS NOT NULL "
        f"BEGIN {_ARCHIVED}"
    ),
    "job_fit_gap_fit_ai": f"AFTER INSERT ON job_fit BEGIN {_FIT_CAME}",
    "job_fit_gap_fit_ad": f"AFTER DELETE ON job_fit BEGIN {_FIT_GONE}",
    "job_fit_gap_fit_au": f"AFTER UPDATE OF profile_id, job_id ON job_fit BEGIN {_FIT_GONE}; {_FIT_CAME}",
    "job_fit_gap_profile_ai": f"AFTER INSERT ON profile BEGIN {_PROFILE_PAIRS}",
}
_ON_CONFLICT = " ON CONFLICT DO NOTHING"
_POSTGRES_UP = (
    "CREATE FUNCTION job_fit_gap_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF new.archived_at IS NULL THEN {_JOB_PAIRS}{_ON_CONFLICT}; ELSE {_ARCHIVED}; END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER job_fit_gap_job_ai AFTER INSERT ON job FOR EACH ROW WHEN (new.archived_at IS NULL) "
    "EXECUTE FUNCTION job_fit_gap_job()",
    "CREATE TRIGGER job_fit_gap_job_au AFTER UPDATE OF archived_at ON job FOR EACH ROW "
    "WHEN ((old.archived_at IS NULL) <> (new.archived_at IS NULL)) EXECUTE FUNCTION job_fit_gap_job()",
    "CREATE FUNCTION job_fit_gap_fit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP <> 'INSERT' THEN {_FIT_GONE}{_ON_CONFLICT}; END IF; "
    f"IF TG_OP <> 'DELETE' THEN {_FIT_CAME}; END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER job_fit_gap_fit AFTER INSERT OR DELETE OR UPDATE OF profile_id, job_id ON job_fit "
    "FOR EACH ROW EXECUTE FUNCTION job_fit_gap_fit()",
    "CREATE FUNCTION job_fit_gap_profile() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"{_PROFILE_PAIRS}{_ON_CONFLICT}; RETURN NULL; END $$",
    "CREATE TRIGGER job_fit_gap_profile AFTER INSERT ON profile FOR EACH ROW "
    "EXECUTE FUNCTION job_fit_gap_profile()",
)
_POSTGRES_DOWN = (
    "DROP TRIGGER job_fit_gap_job_ai ON job",
    "DROP TRIGGER job_fit_gap_job_au ON job",
    "DROP TRIGGER job_fit_gap_fit ON job_fit",
    "DROP TRIGGER job_fit_gap_profile ON profile",
    "DROP FUNCTION job_fit_gap_job()",
    "DROP FUNCTION job_fit_gap_fit()",
    "DROP FUNCTION job_fit_gap_profile()",
)


def _sqlite_insert(statement: str) -> str:
    return statement.replace("INSERT INTO", "INSERT OR IGNORE INTO")


def upgrade() -> None:
    op.create_table(
        "job_fit_gap",
        sa.Column("profile_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("job_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["profile_id"], ["profile.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("profile_id", "job_id"),
    )
    op.create_index("ix_job_fit_gap_job_id", "job_fit_gap", ["job_id"], unique=False)
    op.execute(_FILL)
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES_UP:
            op.execute(statement)
        op.execute("ANALYZE job_fit_gap")
        return
    for name, body in _SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {_sqlite_insert(body)}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES_DOWN:
            op.execute(statement)
    else:
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_index("ix_job_fit_gap_job_id", table_name="job_fit_gap")
    op.drop_table("job_fit_gap")
