"""the words of the full-text index, so a search's last (prefix) word becomes an OR of words

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

FTS5 answers a prefix term (``"engineer"*``, the search box's last word) by merging the doclists
of every word it begins into one list before it yields a single match: 20-90 ms on a million jobs
for a common prefix, paid again for every statement that evaluates it (the newest matches, the
older ones, a count). An OR of the same words (``"engineer" OR "engineers" OR …``) streams in
rowid order and stops at a LIMIT (22 -> 1.3 ms for the newest 5,001). Expanding needs the index's
words; ``fts5vocab`` counts each word's documents while listing it (~10 ms for a common prefix),
so the words are kept here (SQLite only; PostgreSQL searches with its own text search):

- ``job_fts_term``: every word the index held when last folded (a superset of the index's words:
  a word whose last job is gone stays, and an OR with a word that matches nothing is harmless).
- ``job_fts_recent``: the text of jobs inserted or changed since (a contentless FTS5 table with
  ``job_fts``'s tokenizer, so its words are exactly the words FTS5 made of that text; no
  positions, no sizes), read through ``job_fts_recent_vocab``.
- triggers on ``job``: an insert, or a change of one of the indexed columns, adds the new text to
  ``job_fts_recent``; every ``FOLD_EVERY`` additions its words move into ``job_fts_term`` and it
  is emptied (a few ms), so it stays small and cheap to read.

Filled from ``job_fts`` (one pass over its vocabulary: ~6 s at a million jobs).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOLD_EVERY = 2000
_TOKENIZER = """tokenize="unicode61 remove_diacritics 2 tokenchars '+#'\""""  # job_fts's (0001)
_COLUMNS = ("title", "company", "description", "skills", "location")
_TEXT = " || ' ' || ".join(f"coalesce(new.{c}, '')" for c in _COLUMNS)
_CHANGED = " OR ".join(f"old.{c} IS NOT new.{c}" for c in _COLUMNS)
# the state's counter numbers the rows of job_fts_recent (a contentless table without sizes takes
# no automatic rowid); bumping it may fold first, which empties the table and restarts the count
_ADD = f"""UPDATE job_fts_term_state SET pending = pending + 1;
        INSERT INTO job_fts_recent(rowid, words)
        VALUES ((SELECT pending FROM job_fts_term_state), {_TEXT});"""

UP = (
    "CREATE TABLE IF NOT EXISTS job_fts_term (term TEXT PRIMARY KEY) WITHOUT ROWID",
    """CREATE TABLE IF NOT EXISTS job_fts_term_state (
        id INTEGER PRIMARY KEY CHECK (id = 1), pending INTEGER NOT NULL
    )""",
    "INSERT OR IGNORE INTO job_fts_term_state (id, pending) VALUES (1, 0)",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS job_fts_recent USING fts5(
        words, content='', detail=none, columnsize=0, {_TOKENIZER}
    )""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS job_fts_recent_vocab USING fts5vocab(job_fts_recent, 'row')",
    "CREATE VIRTUAL TABLE temp.job_fts_vocab_0014 USING fts5vocab(main, job_fts, 'row')",
    "INSERT OR IGNORE INTO job_fts_term (term) SELECT term FROM temp.job_fts_vocab_0014",
    "DROP TABLE temp.job_fts_vocab_0014",
    f"""CREATE TRIGGER IF NOT EXISTS job_fts_term_ai AFTER INSERT ON job BEGIN
        {_ADD}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS job_fts_term_au AFTER UPDATE OF {", ".join(_COLUMNS)} ON job
    WHEN {_CHANGED} BEGIN
        {_ADD}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS job_fts_term_fold AFTER UPDATE OF pending ON job_fts_term_state
    WHEN new.pending >= {FOLD_EVERY} BEGIN
        INSERT OR IGNORE INTO job_fts_term (term) SELECT term FROM job_fts_recent_vocab;
        INSERT INTO job_fts_recent(job_fts_recent) VALUES ('delete-all');
        UPDATE job_fts_term_state SET pending = 0;
    END""",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's text search has no prefix merge to avoid (jobscraper.store.search_pg)
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in ("job_fts_term_fold", "job_fts_term_au", "job_fts_term_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in ("job_fts_recent_vocab", "job_fts_recent", "job_fts_term_state", "job_fts_term"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
