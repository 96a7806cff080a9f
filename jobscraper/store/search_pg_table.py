"""``job_search`` (PostgreSQL only, migration 0020): a narrow row per job with what the text
search reads — the ``tsvector``, ``sites`` and the columns its filters and sorts test — so a
common word's matches are read from ~100-byte rows, not ``job``'s ~1.3 kB ones.

Triggers on ``job`` keep it exact; nothing writes it directly. Its own ``MetaData``: SQLite has
no such table (``create_all`` of the models never makes it)."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Column, Integer, MetaData, Table, Text, select
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.blocklist import not_blocked
from jobscraper.store.tables import JOB

__all__ = ["JOB_SEARCH", "LOCATIONS", "MIRRORED", "WORDS", "unblocked_row"]

MIRRORED = (
    "archived_at", "closed_at", "hidden", "status", "favorite", "is_remote", "remote_policy",
    "date_posted", "salary_annual", "first_seen", "last_seen", "title", "company", "location",
)  # fmt: skip
"""``job``'s columns copied (with ``sites``): migration 0020's ``MIRRORED``."""

LOCATIONS = Table("job_location", MetaData(), Column("location", JOB.c.location.type, primary_key=True))
"""Every location a job has (migration 0020; triggers add them, none is removed)."""

WORDS = Table("job_search_word", MetaData(), Column("word", Text(collation="C"), primary_key=True))
"""Every lexeme of ``job_search``'s vectors (migration 0026; triggers add them, none is removed)."""

JOB_SEARCH = Table(
    "job_search",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("search_vector", TSVECTOR),
    Column("sites", Integer, nullable=False),
    *(Column(name, JOB.c[name].type) for name in MIRRORED),
)


@lru_cache(maxsize=1)
def _job_unblocked() -> ColumnElement[bool]:
    # built once: the blocklist's condition took ~4 ms of Python to build (search._not_blocked)
    return not_blocked(JOB)


def unblocked_row(job_id: ColumnElement[int]) -> ColumnElement[bool]:
    """The job whose id is ``job_id`` is not blocked by a blocklist rule: a probe of its ``job``
    row (the rules test its company and URLs, which ``job_search`` does not hold). Only asked
    while the blocklist has a rule."""
    return select(JOB.c.id).where(JOB.c.id == job_id, _job_unblocked()).exists()
