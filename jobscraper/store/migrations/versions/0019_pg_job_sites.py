"""PostgreSQL: each job's sources as a bitmask on the job, so a text search's source filter is a column test

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

A text search with a source filter probed ``job_source`` (``site``, ``job_id``) for every match it
read (``jobscraper.store.search_pg_page``'s fenced subquery): ~10 us a probe, at a million jobs up
to 60,000 of them, most of a search's 0.3 s. ``job.sites`` holds one bit per site the job was seen
on — ``1 << i`` for ``SITE_NAMES[i]`` (the board and ATS kinds, as SQLite's ``job_facet.sites``,
migration 0015), ``OTHER`` for any other site (a career page's host, ``unknown``) — so the filter
is a test of a column of the row the search has read anyway.

Triggers keep it exact in the writing transaction, whatever path writes the sources (the
writer's upsert, a merge, a delete, an import): a statement's inserted sources OR their bits into
their jobs (one ``UPDATE`` a statement, only of jobs that gain a bit); a statement's deleted
sources, and a source moved to another job or site, recompute their jobs' bits from the sources
left. A new job starts with its own site's bit (that of the source the writer inserts with it),
so that source changes nothing, and is checked against its sources at commit (a deferred
trigger). The column is filled from the sources there are (15-20 s at 100,000 jobs: every row is
rewritten; autovacuum reclaims the old versions after).

SQLite: nothing to do (``job_facet.sites``, migration 0015, does this there).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SITE_NAMES = (
    "linkedin", "indeed", "zip_recruiter", "glassdoor", "google", "bayt", "naukri", "bdjobs",
    "hellowork", "remoteok", "remotive", "weworkremotely", "arbeitnow", "himalayas",
    "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "workday", "recruitee",
    "personio", "teamtailor", "bamboohr", "jobvite",
)  # fmt: skip
"""The sites with a bit of their own in ``job.sites``: ``1 << i`` for ``SITE_NAMES[i]`` (0015's)."""
OTHER = 1 << len(SITE_NAMES)
"""The bit of every other site."""
UNKNOWN = "unknown"  # the site of a source whose posting had none (jobscraper.store.sync)

_CASES = " ".join(f"WHEN '{name}' THEN {1 << i}" for i, name in enumerate(SITE_NAMES))
_SITES_OF_JOB = "coalesce((SELECT bit_or(job_site_bit(s.site)) FROM job_source s WHERE s.job_id = job.id), 0)"
UP = (
    # an SQL function of one CASE: inlined by the planner where it is used
    f"""CREATE FUNCTION job_site_bit(site text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE site {_CASES} ELSE {OTHER} END $$""",
    "ALTER TABLE job ADD COLUMN sites integer NOT NULL DEFAULT 0",
    """UPDATE job SET sites = s.bits FROM (
        SELECT job_id, bit_or(job_site_bit(site)) AS bits FROM job_source GROUP BY job_id
    ) AS s WHERE job.id = s.job_id""",
    # a new job starts with its first source's site (the writer inserts the job, then that source
    # as site or 'unknown'): the source's trigger then has nothing to change, where an update of
    # the row just written cost a new version of it and its index entries (the writer's upserts
    # at 100,000 jobs: 16 % slower than without the triggers; 10 % with this one)
    f"""CREATE FUNCTION job_sites_first() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        NEW.sites := job_site_bit(coalesce(nullif(NEW.site, ''), '{UNKNOWN}')); RETURN NEW; END $$""",
    """CREATE TRIGGER job_sites_first BEFORE INSERT ON job FOR EACH ROW EXECUTE FUNCTION job_sites_first()""",
    # and at commit a new job's bits are checked against its sources (one probe of job_source by
    # job id): a job written without that source holds no site it was not seen on
    f"""CREATE FUNCTION job_sites_checked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        UPDATE job SET sites = {_SITES_OF_JOB} WHERE job.id = NEW.id AND job.sites <> {_SITES_OF_JOB};
        RETURN NULL; END $$""",
    """CREATE CONSTRAINT TRIGGER job_sites_checked AFTER INSERT ON job DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION job_sites_checked()""",
    """CREATE FUNCTION job_sites_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        UPDATE job SET sites = job.sites | n.bits FROM (
            SELECT job_id, bit_or(job_site_bit(site)) AS bits FROM job_sites_new GROUP BY job_id
        ) AS n WHERE job.id = n.job_id AND job.sites | n.bits <> job.sites;
        RETURN NULL; END $$""",
    """CREATE TRIGGER job_sites_added AFTER INSERT ON job_source REFERENCING NEW TABLE AS job_sites_new
    FOR EACH STATEMENT EXECUTE FUNCTION job_sites_added()""",
    f"""CREATE FUNCTION job_sites_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        UPDATE job SET sites = {_SITES_OF_JOB}
        FROM (SELECT DISTINCT job_id FROM job_sites_old) AS o WHERE job.id = o.job_id;
        RETURN NULL; END $$""",
    """CREATE TRIGGER job_sites_removed AFTER DELETE ON job_source REFERENCING OLD TABLE AS job_sites_old
    FOR EACH STATEMENT EXECUTE FUNCTION job_sites_removed()""",
    # per row, only when a source changes job or site (the writer's updates of last_seen do not)
    f"""CREATE FUNCTION job_sites_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        UPDATE job SET sites = {_SITES_OF_JOB} WHERE job.id IN (OLD.job_id, NEW.job_id);
        RETURN NULL; END $$""",
    """CREATE TRIGGER job_sites_moved AFTER UPDATE OF site, job_id ON job_source FOR EACH ROW
    WHEN (OLD.site IS DISTINCT FROM NEW.site OR OLD.job_id IS DISTINCT FROM NEW.job_id)
    EXECUTE FUNCTION job_sites_moved()""",
)
DOWN = (
    "DROP TRIGGER IF EXISTS job_sites_checked ON job",
    "DROP TRIGGER IF EXISTS job_sites_first ON job",
    "DROP FUNCTION IF EXISTS job_sites_checked()",
    "DROP FUNCTION IF EXISTS job_sites_first()",
    "DROP TRIGGER IF EXISTS job_sites_moved ON job_source",
    "DROP TRIGGER IF EXISTS job_sites_removed ON job_source",
    "DROP TRIGGER IF EXISTS job_sites_added ON job_source",
    "DROP FUNCTION IF EXISTS job_sites_moved()",
    "DROP FUNCTION IF EXISTS job_sites_removed()",
    "DROP FUNCTION IF EXISTS job_sites_added()",
    "ALTER TABLE job DROP COLUMN IF EXISTS sites",
    "DROP FUNCTION IF EXISTS job_site_bit(text)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for statement in DOWN:
        op.execute(statement)
