"""PostgreSQL: the text search's words and filter columns in a narrow table of their own

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04

Every PostgreSQL text search reads the rows of the jobs its words match (the GIN index gives row
addresses; the filters, the sort column and the id are in the row). ``job``'s rows are wide —
the description, the URLs, the raw fields, ~1.3 kB a row at a million jobs, six to a page — so a
common word's search read thousands of pages: p95 0.10-0.16 s at a million jobs with the server's
cache warm, 0.5 s cold. ``job_search`` holds one row per job with only what the search reads: the
``tsvector`` (out of line, as before), ``sites`` (0019) and the columns the filters and sorts
test, ~100 bytes a row, eighty to a page. Prototyped on a million jobs, the same statements took
35-38 ms where 142-149 ('docker', a salary floor and a date), 50 where 190 ('nurse', remote,
by date).

- The ``tsvector`` moves: ``job.search_vector`` (0011's generated column) and its GIN index are
  dropped once copied (kept twice it doubled the largest part of the database and every write's
  cost). The trigram index of the location (0018) moves with it, and the statistics target of
  the words.
- One trigger function keeps the row exact in the writing transaction, whatever path writes
  ``job`` (the writer's upsert, a merge, an edit, an import): an inserted job gets its row; an
  update that changes a mirrored column updates it, the ``tsvector`` recomputed only when a word's
  column changed (the writer's ``last_seen`` updates copy two columns). The rows go with their
  job (a foreign key, ``ON DELETE CASCADE``). The ``tsvector`` is 0011's expression over the
  same columns, in the same configuration.
- ``job_location`` holds every location a job has (triggers add new ones; none is removed, a
  stale one matches no job): a location filter (a substring) is the btree bitmap of the locations
  it matches, exact, where the trigram index's bitmap is lossy and each of its rows was tested
  again, the row's ``tsvector`` read from TOAST (~6 us a row).
- Its ``(date_posted, id)`` and ``(salary_annual, id)`` indexes are 0016's, for the walks of a
  sorted page, and its ``status`` index ``job``'s, for a status filter's bitmap; ``job`` keeps its
  own for the lists without words.

Filled from ``job`` with its current vectors (a copy: at a million jobs ~1 min with the indexes).
SQLite: nothing to do (its FTS5 index and ``job_facet`` do this there). Going down puts the
generated column, its index and the trigram index back on ``job``.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONFIG = "jobscraper_search"  # 0011's configuration
# the columns the search's filters and sorts read (jobscraper.store.search_pg_table mirrors them)
MIRRORED = (
    "sites", "archived_at", "closed_at", "hidden", "status", "favorite", "is_remote", "remote_policy",
    "date_posted", "salary_annual", "first_seen", "last_seen", "title", "company", "location",
)  # fmt: skip
WORDS = ("title", "company", "skills", "description", "location")  # the tsvector's columns
WORDS_STATISTICS = 1000  # 0018's target for the words
TRIGRAMS = "ix_job_search_location_trgm"
LOCATION_TRIGRAMS = "ix_job_location_values_trgm"
# frozen here, as 0011's (a migration describes its own revision)
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


def vector_sql(row: str = "") -> str:
    """0011's ``tsvector`` expression over the columns of ``row`` (``NEW.``; none: the table's)."""
    parts = [f"setweight(to_tsvector('{CONFIG}'::regconfig, {_words(row + c)}), '{w}')" for c, w in _WEIGHTED]
    return " || ".join(parts)


def _as_text(row: str, column: str) -> str:
    """A column as a comparable value (``json`` has no equality)."""
    return f"{row}.{column}::text" if column == "skills" else f"{row}.{column}"


_WATCHED = tuple(dict.fromkeys((*MIRRORED, *WORDS)))
_CHANGED = (
    f"({', '.join(_as_text('OLD', c) for c in _WATCHED)}) "
    f"IS DISTINCT FROM ({', '.join(_as_text('NEW', c) for c in _WATCHED)})"
)
_SAME_WORDS = (
    f"({', '.join(_as_text('OLD', c) for c in WORDS)}) "
    f"IS NOT DISTINCT FROM ({', '.join(_as_text('NEW', c) for c in WORDS)})"
)
_COLUMNS = ", ".join(MIRRORED)
_NEW = ", ".join(f"NEW.{c}" for c in MIRRORED)
_EXCLUDED = ", ".join(f"EXCLUDED.{c}" for c in MIRRORED)
UP = (
    # the copy first, with the vectors 0011's column holds (no recomputation)
    f"CREATE TABLE job_search WITH (fillfactor = 90) AS SELECT id, search_vector, {_COLUMNS} FROM job",
    "ALTER TABLE job_search ADD PRIMARY KEY (id)",
    "ALTER TABLE job_search ADD FOREIGN KEY (id) REFERENCES job (id) ON DELETE CASCADE",
    "CREATE INDEX ix_job_search_words ON job_search USING gin (search_vector)",
    "CREATE INDEX ix_job_search_posted_id ON job_search (date_posted, id)",
    "CREATE INDEX ix_job_search_salary_id ON job_search (salary_annual, id)",
    # a status filter's bitmap, ANDed with the words' for a common word (job's ix_job_status did
    # this before; without it a status tab's search read every match: median 34 -> 29 ms at 1M)
    "CREATE INDEX ix_job_search_status ON job_search (status)",
    f"ALTER TABLE job_search ALTER COLUMN search_vector SET STATISTICS {WORDS_STATISTICS}",
    # the writer's last_seen updates (the common write) change no word: two columns copied, and
    # the row updated in place where its page has room (fillfactor), no GIN entry rewritten
    f"""CREATE FUNCTION job_search_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP = 'UPDATE' AND {_SAME_WORDS} THEN
            UPDATE job_search SET ({_COLUMNS}) = ({_NEW}) WHERE id = NEW.id;
            IF FOUND THEN RETURN NULL; END IF;
        END IF;
        INSERT INTO job_search (id, search_vector, {_COLUMNS}) VALUES (NEW.id, {vector_sql("NEW.")}, {_NEW})
        ON CONFLICT (id) DO UPDATE SET (search_vector, {_COLUMNS}) = (EXCLUDED.search_vector, {_EXCLUDED});
        RETURN NULL; END $$""",
    "CREATE TRIGGER job_search_inserted AFTER INSERT ON job FOR EACH ROW EXECUTE FUNCTION job_search_write()",
    f"""CREATE TRIGGER job_search_updated AFTER UPDATE ON job FOR EACH ROW WHEN ({_CHANGED})
    EXECUTE FUNCTION job_search_write()""",
    # every location a job has (kept, never removed: a stale one matches no job), so a location
    # filter is read as the exact bitmap of the matching locations' btree entries; the trigram
    # index's bitmap is lossy, and rechecking each of its rows read the row's tsvector from TOAST
    "CREATE INDEX ix_job_search_location ON job_search (location)",
    "CREATE TABLE job_location (location varchar PRIMARY KEY)",
    "INSERT INTO job_location SELECT DISTINCT location FROM job_search WHERE location IS NOT NULL",
    """CREATE FUNCTION job_location_seen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO job_location VALUES (NEW.location) ON CONFLICT DO NOTHING; RETURN NULL; END $$""",
    """CREATE TRIGGER job_location_inserted AFTER INSERT ON job_search FOR EACH ROW
    WHEN (NEW.location IS NOT NULL) EXECUTE FUNCTION job_location_seen()""",
    """CREATE TRIGGER job_location_updated AFTER UPDATE OF location ON job_search FOR EACH ROW
    WHEN (NEW.location IS NOT NULL AND NEW.location IS DISTINCT FROM OLD.location)
    EXECUTE FUNCTION job_location_seen()""",
    "DROP INDEX IF EXISTS ix_job_search_vector",
    "ALTER TABLE job DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS ix_job_location_trgm",
)
DOWN = (
    "DROP TRIGGER IF EXISTS job_search_updated ON job",
    "DROP TRIGGER IF EXISTS job_search_inserted ON job",
    "DROP FUNCTION IF EXISTS job_search_write()",
    "DROP TABLE IF EXISTS job_search",
    "DROP FUNCTION IF EXISTS job_location_seen()",
    "DROP TABLE IF EXISTS job_location",
    f"ALTER TABLE job ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector_sql()}) STORED",
    "CREATE INDEX ix_job_search_vector ON job USING gin (search_vector)",
    f"ALTER TABLE job ALTER COLUMN search_vector SET STATISTICS {WORDS_STATISTICS}",
)


def _trigrams_available() -> bool:
    """Whether ``pg_trgm`` is there (0018 created it where it could; in a savepoint: a refusal
    must not abort the migration's transaction)."""
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError:
        return False
    return True


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for statement in UP:
        op.execute(statement)
    if _trigrams_available():
        op.execute(f"CREATE INDEX {TRIGRAMS} ON job_search USING gin (location gin_trgm_ops)")
        # a location filter's matching locations, read by their trigrams (every search with one
        # reads them; a real board's tens of thousands of location strings read one by one cost
        # milliseconds)
        op.execute(f"CREATE INDEX {LOCATION_TRIGRAMS} ON job_location USING gin (location gin_trgm_ops)")
    op.execute("ANALYZE job_search")
    op.execute("ANALYZE job_location")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for statement in DOWN:
        op.execute(statement)
    if _trigrams_available():
        op.execute("CREATE INDEX IF NOT EXISTS ix_job_location_trgm ON job USING gin (location gin_trgm_ops)")
