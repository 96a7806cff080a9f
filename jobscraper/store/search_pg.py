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
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Float, Text, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.search_pg_table import JOB_SEARCH, WORDS
from jobscraper.store.tables import JOB

__all__ = [
    "MAX_SPELLED",
    "MAX_TOKENS",
    "SEARCH_CONFIG",
    "last_word",
    "prefix_words",
    "query_words",
    "search_rank",
    "spelled_tsquery",
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
    quoted = [f"'{_spelt(w)}'" for w in words]
    quoted[-1] += ":*"
    return " & ".join(quoted)


MAX_SPELLED = 2
"""A search's last word (a prefix) is spelt out as the words it stands for while they are at most
this many (:func:`spelled_tsquery`); past that the GIN index collects the prefix's keys itself.
Each word spelt out is a key the index scan reads on its own: at a million jobs, over the bench's
200 queries, a prefix of one word searched 4.9-5.6 ms faster (median), of two 0.4 slower to 4.1
faster, of four 2-3 slower, and at 100k one of 17-64 words 4-9 slower."""
_PLAIN = re.compile(r"[a-z0-9]+")  # a lexeme to_tsquery reads back as itself, one token


def _spelt(word: str) -> str:
    return word.replace("+", "plus").replace("#", "sharp")


def last_word(query: str | None) -> str | None:
    """The last word of ``query`` as indexed (``+`` and ``#`` spelt out): the prefix
    :func:`prefix_words` reads the words of (its parameter ``last``). None without a word."""
    words = query_words(query)
    return _spelt(words[-1]) if words else None


def prefix_words() -> ColumnElement[Any]:
    """A scalar subquery: the words of the vectors (``job_search_word``, migration 0026) that the
    parameter ``last`` (:func:`last_word`) is a prefix of, in order, at most ``MAX_SPELLED`` + 1
    (more: too many to spell out); NULL when ``last`` is not one lexeme."""
    return _prefix_words(MAX_SPELLED + 1)


@lru_cache(maxsize=4)
def _prefix_words(limit: int) -> ColumnElement[Any]:
    # built once: building the statement took ~0.6 ms of Python a search
    lexemes = func.to_tsvector(_CONFIG, bindparam("last", type_=Text))
    last = select(func.tsvector_to_array(lexemes, type_=ARRAY(Text)).label("lexemes")).subquery("prefix")
    first, word = last.c.lexemes[1], WORDS.c.word
    found = (
        select(word)
        .select_from(last)
        .where(func.cardinality(last.c.lexemes) == 1, word >= first, word < first.concat(func.chr(0x10FFFF)))
        .where(func.starts_with(word, first))
        .order_by(word)
        .limit(limit)
        .subquery("spelt")
    )
    return select(func.array_agg(found.c.word)).scalar_subquery()


def spelled_tsquery(query: str | None, words: Sequence[str] | None) -> str | None:
    """:func:`tsquery_text` with the last word, a prefix, spelt out as ``words``: every lexeme of
    the vectors it is a prefix of (:func:`prefix_words`), so the same jobs match. The words' GIN
    index collects a prefix's keys into a bitmap of their own before the scan's bitmap: at a
    million jobs "python" took 12.8 ms as a word, 20.0 as a prefix. Left a prefix where ``words``
    is None, empty, more than ``MAX_SPELLED``, or holds a lexeme ``to_tsquery`` might read as
    another (anything but ``a-z`` and ``0-9``)."""
    matched = tsquery_text(query)
    if matched is None or not words or len(words) > MAX_SPELLED:
        return matched
    if not all(_PLAIN.fullmatch(w) for w in words):
        return matched
    head = matched.rpartition(" & ")[0]
    spelt = " | ".join(f"'{w}'" for w in words)
    spelt = spelt if len(words) == 1 else f"( {spelt} )"
    return f"{head} & {spelt}" if head else spelt


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
