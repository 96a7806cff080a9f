"""PostgreSQL: every word of the text search's vectors, so a search's last word (a prefix) can be
spelt out

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-04

A search's last word is a prefix (search-as-you-type: "pyth" finds "python"). The words' GIN
index answers a prefix by collecting every matching key's entries into a bitmap of their own
before the scan's bitmap is built from it: at a million jobs "python" (202,000 jobs) took 12.8 ms
as a word and 20.0 ms as a prefix, "security" 6.7 and 12.9. Spelt out as the words it stands for
("senior" or "seniors"), the same search reads the keys' entries once.

``job_search_word`` holds every lexeme a ``job_search`` vector has (none is removed: a word no job
has any more matches nothing, so the spelling stays exact). Its ``C`` collation makes a prefix a
range of the primary key. Triggers add the words in the writing transaction, in the words' order
(two writers add the same words in the same order): an ``INSERT`` on ``job`` (the writer's batch
is one statement) adds the words of its rows' vectors once, after ``job_search_write`` (0020)
wrote them; a vector rewritten because its job's words changed adds its words. The writer's
common update (``last_seen``) rewrites no vector and fires neither. At 10,000 postings into an
empty database: 663-681 jobs/s where 681-694 without the triggers; seen again, 3,450-3,580 where
3,410-3,650.
``jobscraper.store.search_pg_page`` reads at most 64 words a prefix.

Filled from the vectors there are (32 s at a million jobs, the server's cache warm; the command says
that it upgrades).
SQLite: nothing to do (FTS5 answers a prefix from its own index).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UP = (
    'CREATE TABLE job_search_word (word text COLLATE "C" PRIMARY KEY)',
    "INSERT INTO job_search_word SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM job_search",
    # an INSERT on job (the writer's batch: one statement) adds its rows' words once, in order
    """CREATE FUNCTION job_search_words_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO job_search_word (word) SELECT DISTINCT w FROM added n
        JOIN job_search s ON s.id = n.id CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) w
        ORDER BY w ON CONFLICT DO NOTHING;
        RETURN NULL; END $$""",
    """CREATE TRIGGER job_search_words_inserted AFTER INSERT ON job REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION job_search_words_added()""",
    # a vector rewritten (0020's trigger, when a job's words change: rare) adds its words; the
    # writer's common update (last_seen) does not rewrite it, so this does not fire for it
    """CREATE FUNCTION job_search_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO job_search_word (word) SELECT w FROM unnest(tsvector_to_array(NEW.search_vector)) w
        ORDER BY w ON CONFLICT DO NOTHING;
        RETURN NULL; END $$""",
    """CREATE TRIGGER job_search_words_updated AFTER UPDATE OF search_vector ON job_search FOR EACH ROW
    WHEN (NEW.search_vector IS DISTINCT FROM OLD.search_vector) EXECUTE FUNCTION job_search_words_changed()""",
    "ANALYZE job_search_word",
)
DOWN = (
    "DROP TRIGGER IF EXISTS job_search_words_updated ON job_search",
    "DROP TRIGGER IF EXISTS job_search_words_inserted ON job",
    "DROP FUNCTION IF EXISTS job_search_words_changed()",
    "DROP FUNCTION IF EXISTS job_search_words_added()",
    "DROP TABLE IF EXISTS job_search_word",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in DOWN:
        op.execute(statement)
