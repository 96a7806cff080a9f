"""Full-text search on PostgreSQL: the same words as FTS5 on SQLite, through ``tsvector``, ranked.

Each job's ``tsvector`` (title weight A, company and skills B, description C, location D; migration
0011's expression, in the text search configuration ``jobscraper_search``: a copy of ``simple``,
no stemming, so English and German words are both kept as written; accents folded by ``unaccent``
where the server has it) is in ``job_search`` (migration 0020, :mod:`.search_pg_table`) with a GIN
index. The query mirrors
:func:`~jobscraper.store.search.fts_query`: the same word tokens (letters, digits, ``+``, ``#``;
everything else, quotes and operators included, is punctuation), at most ``MAX_TOKENS``, all
required, the last a prefix (search-as-you-type). Relevance is ``ts_rank_cd`` (cover density,
normalised by the document's length as bm25 is), best first; equal ranks newest first.

The user's words never reach ``to_tsquery``'s syntax: each is quoted, and holds only word
characters. A word PostgreSQL's parser splits (``foo_bar``) becomes a phrase, as in FTS5.
The location filter stays a case-insensitive substring test, as on SQLite.
"""

from __future__ import annotations

import re

from sqlalchemy import Float, Text, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.search_pg_table import JOB_SEARCH
from jobscraper.store.tables import JOB

__all__ = [
    "MAX_TOKENS",
    "SEARCH_CONFIG",
    "query_words",
    "search_rank",
    "text_conditions",
    "text_rank",
    "tsquery_text",
    "vector_match",
]

MAX_TOKENS = 32  # as jobscraper.store.search.MAX_TOKENS
SEARCH_CONFIG = "jobscraper_search"  # migration 0011's configuration
_TOKEN = re.compile(r"[\w+#]+")  # as jobscraper.store.search's FTS5 tokens
_VECTOR = JOB_SEARCH.c.search_vector
_CONFIG = literal_column(f"'{SEARCH_CONFIG}'::regconfig", Text)
# ts_rank_cd's normalisation: divide by 1 + log(the document's length), so a word in a short
# posting counts more than the same word once in a long one (bm25's length normalisation)
_LENGTH_NORMALISED = 1


def query_words(query: str | None) -> list[str]:
    """The words of a user's query, as the FTS5 query on SQLite keeps them (case kept: the
    configuration folds it exactly as it folded the indexed text)."""
    return [t for t in _TOKEN.findall(query or "") if t.strip("_")][:MAX_TOKENS]


def tsquery_text(query: str | None) -> str | None:
    """The ``to_tsquery`` input for a user's query (``'a' & 'b':*``), or None without a word.

    ``+`` and ``#`` are spelt as migration 0011 indexed them (``c++`` is ``cplusplus``)."""
    words = query_words(query)
    if not words:
        return None
    quoted = [f"'{w.replace('+', 'plus').replace('#', 'sharp')}'" for w in words]
    quoted[-1] += ":*"
    return " & ".join(quoted)


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_conditions(query: str | None, location: str | None) -> list[ColumnElement[bool]]:
    """The text query as a match on the indexed vector, and ``location`` as a substring, as
    conditions on ``job``: its id among ``job_search``'s matches (where both indexes are)."""
    conditions: list[ColumnElement[bool]] = []
    matched = tsquery_text(query)
    if matched is not None:
        conditions.append(_VECTOR.bool_op("@@")(func.to_tsquery(_CONFIG, matched)))
    if location:
        conditions.append(JOB_SEARCH.c.location.ilike(f"%{_like_escape(location[:200])}%", escape="\\"))
    if not conditions:
        return []
    return [JOB.c.id.in_(select(JOB_SEARCH.c.id).where(*conditions))]


def vector_match(tsquery_text: ColumnElement[str]) -> ColumnElement[bool]:
    """``job_search``'s indexed vector matches the ``to_tsquery`` input ``tsquery_text`` (a bound parameter:
    :func:`tsquery_text`'s value)."""
    return _VECTOR.bool_op("@@")(func.to_tsquery(_CONFIG, tsquery_text))


def search_rank(query: str | None) -> ColumnElement[float] | None:
    """The relevance of a ``job_search`` row to the query as a sort key (lower is better, as
    bm25), or None without a word."""
    matched = tsquery_text(query)
    if matched is None:
        return None
    rank = func.ts_rank_cd(_VECTOR, func.to_tsquery(_CONFIG, matched), _LENGTH_NORMALISED, type_=Float)
    return -rank


def text_rank(query: str | None) -> ColumnElement[float] | None:
    """:func:`search_rank` of the ``job`` row in the statement (its ``job_search`` row's), or None
    without a word."""
    rank = search_rank(query)
    if rank is None:
        return None
    return select(rank).where(JOB_SEARCH.c.id == JOB.c.id).scalar_subquery()
