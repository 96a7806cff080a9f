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
range of the primary key. Triggers for each statement on ``job`` add the words of the rows the
statement inserted, or whose words it changed, after ``job_search_write`` (0020) wrote their
vectors: one statement a batch of the writer's, in the words' order (two writers add the same
words in the same order). ``jobscraper.store.search_pg_page`` reads at most 64 words a prefix.

Filled from the vectors there are (~2.5 minutes at a million jobs, the command says so).
SQLite: nothing to do (FTS5 answers a prefix from its own index).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORDS = ("title", "company", "skills", "description", "location")  # 0020's words (the tsvector's)
_OLD = ", ".join(f"o.{c}::text" if c == "skills" else f"o.{c}" for c in WORDS)
_NEW = ", ".join(f"n.{c}::text" if c == "skills" else f"n.{c}" for c in WORDS)
_ADD = (
    "INSERT INTO job_search_word (word) SELECT DISTINCT w FROM {rows} "
    "JOIN job_search s ON s.id = n.id CROSS JOIN LATERAL unnest(tsvector_to_array(s.search_vector)) w "
    "{where} ORDER BY w ON CONFLICT DO NOTHING"
)
UP = (
    'CREATE TABLE job_search_word (word text COLLATE "C" PRIMARY KEY)',
    "INSERT INTO job_search_word SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM job_search",
    f"""CREATE FUNCTION job_search_words_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        {_ADD.format(rows="added n", where="")};
        RETURN NULL; END $$""",
    f"""CREATE FUNCTION job_search_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        {_ADD.format(rows="after n JOIN before o ON o.id = n.id", where=f"WHERE ({_OLD}) IS DISTINCT FROM ({_NEW})")};
        RETURN NULL; END $$""",
    """CREATE TRIGGER job_search_words_inserted AFTER INSERT ON job REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION job_search_words_added()""",
    """CREATE TRIGGER job_search_words_updated AFTER UPDATE ON job
    REFERENCING OLD TABLE AS before NEW TABLE AS after
    FOR EACH STATEMENT EXECUTE FUNCTION job_search_words_changed()""",
    "ANALYZE job_search_word",
)
DOWN = (
    "DROP TRIGGER IF EXISTS job_search_words_updated ON job",
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
