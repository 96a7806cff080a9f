"""Text search without SQLite's FTS5 index (PostgreSQL): every word a case-insensitive substring.

The FTS5 index and its triggers come from migration 0001 on SQLite only. On PostgreSQL a text query
keeps the words :func:`~jobscraper.store.search.fts_query` would keep and requires each of them to
appear, in any letter case (``ILIKE``), in the title, company, description, skills or location;
the location filter is a case-insensitive substring test as on SQLite. What differs from SQLite:
no ranking (relevance means newest seen first), a word also matches inside a longer word ("java"
finds "javascript"), accents are not folded, and every job is scanned — fine for tens of
thousands of jobs.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Text, cast, or_
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.tables import JOB

__all__ = ["substring_conditions"]

_SEARCHED = (JOB.c.title, JOB.c.company, JOB.c.description, cast(JOB.c.skills, Text), JOB.c.location)


def _contains(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def substring_conditions(words: Sequence[str], location: str | None) -> list[ColumnElement[bool]]:
    """One condition per word (it is in one of the searched columns), and one for ``location``."""
    conditions: list[ColumnElement[bool]] = [
        or_(*(column.ilike(_contains(word), escape="\\") for column in _SEARCHED)) for word in words
    ]
    if location:
        conditions.append(JOB.c.location.ilike(_contains(location[:200]), escape="\\"))
    return conditions
