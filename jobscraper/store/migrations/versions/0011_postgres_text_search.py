"""full-text search on PostgreSQL (a tsvector column and its GIN index)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

SQLite searches through the FTS5 index of migration 0001; PostgreSQL had only substrings (ILIKE,
every row scanned, no ranking). Here PostgreSQL gets its own text search, shaped like the FTS5
index so both find the same jobs (``jobscraper.store.search_pg`` builds the queries):

- ``job.search_vector``: a stored generated ``tsvector`` of the title (weight A), company and
  skills (B), description (C) and location (D), so ``ts_rank_cd`` ranks a title hit above a
  description hit. The server keeps it current on every insert and update (a re-scrape's new words
  are found at once); the writer never writes it. Indexed with GIN (``ix_job_search_vector``).
- The text search configuration ``jobscraper_search``: a copy of ``simple`` — no stemming and no
  stop words, because jobs come in English and German (and more) and one language's stemmer
  mangles the others' words; matching is by whole words and prefixes, as FTS5's ``unicode61``.
  Where the ``unaccent`` extension can be created (PostgreSQL's contrib, a trusted extension since
  13: the database's owner may create it), its dictionary folds accents first, so "munchen" finds
  "München" as ``remove_diacritics`` does on SQLite; without it accents are kept and the rest works.
- The text is cut into words as FTS5's tokenizer does (``tokenchars '+#'``): ASCII punctuation
  but ``+`` and ``#`` becomes a space (PostgreSQL's parser would keep "node.js" or an e-mail
  address whole), and ``+``/``#`` become ``plus``/``sharp`` so "c++" and "c#" stay one word each.

SQLite: nothing to do. Going down drops the column, its index and the configuration (the
extension stays: other things may use it).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen here (a migration describes its own revision); jobscraper.store.search_pg mirrors them
CONFIG = "jobscraper_search"
# ASCII punctuation but + and #, and common Unicode punctuation (a server in the C locale would
# take a non-ASCII character for a letter)
_SEPARATORS = (
    "!\"$%&'()*,-./:;<=>?@[\\]^_`{|}~"
    "\u00a0\u2010\u2013\u2014\u2022\u00b7\u201e\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026"
)
_WEIGHTED = (("title", "A"), ("company", "B"), ("skills::text", "B"), ("description", "C"), ("location", "D"))


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _words(column: str) -> str:
    spaced = f"translate(coalesce({column}, ''), {_literal(_SEPARATORS)}, {_literal(' ' * len(_SEPARATORS))})"
    return f"replace(replace({spaced}, '+', 'plus'), '#', 'sharp')"


def vector_sql() -> str:
    """The generated column's expression."""
    parts = [f"setweight(to_tsvector('{CONFIG}'::regconfig, {_words(c)}), '{w}')" for c, w in _WEIGHTED]
    return " || ".join(parts)


def _unaccent_available() -> bool:
    """Create the ``unaccent`` extension if it can be (in a savepoint: a refusal must not abort
    the migration's transaction)."""
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DBAPIError:
        return False
    return True


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)")
    if _unaccent_available():
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
            "word, numword, hword, hword_part, numhword WITH unaccent, simple"
        )
    generated = f"GENERATED ALWAYS AS ({vector_sql()}) STORED"
    op.execute(f"ALTER TABLE job ADD COLUMN search_vector tsvector {generated}")
    op.execute("CREATE INDEX ix_job_search_vector ON job USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX IF EXISTS ix_job_search_vector")
    op.execute("ALTER TABLE job DROP COLUMN IF EXISTS search_vector")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
