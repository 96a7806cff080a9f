"""Hybrid search: the search box ranked by words (BM25) and by meaning, fused.

:func:`hybrid_search` keeps :func:`~jobscraper.store.search.search_jobs`'s contract (the same
filters, paging and :class:`~jobscraper.store.SearchPage`) for a text query sorted by relevance,
but orders the matches by reciprocal rank fusion (RRF, k = :data:`RRF_K`) of two rankings, so
"python backend Berlin" also finds a "Server-side engineer (Django)" posting that lacks most of
its words:

- **words**: the store's own text ranking (FTS5 bm25 on SQLite, ``ts_rank_cd`` over the
  ``tsvector`` index on PostgreSQL), read as ids only (:func:`~jobscraper.store.search_ranked.ranked_ids`),
  down to rank :data:`FUSE_DEPTH`; its matches further down follow the fused list in its order;
- **meaning**: the cosine of the query's embedding with each job's vector, over the
  :data:`MEANING_WINDOW` closest jobs of the index that pass the filters and match.

**Which jobs match** (``total``): every job the text search matches, plus the jobs whose cosine
with the query is at least :data:`MEANING_THRESHOLD` — among the :data:`MEANING_WINDOW` closest
jobs of the whole index — that pass the filters. The threshold was measured on
``bench/match_data`` (``bench/hybrid.py`` prints the cosines of relevant and unrelated
query–posting pairs: at 0.40, 0.7 % of the unrelated pairs pass and half of what passes is
relevant). When more than :data:`MEANING_WINDOW` jobs pass it, the total is reported as capped
("at least"), as the text search does for a very common word. A job without a vector (not
embedded yet, another model's) still comes through its words. The pages of one query partition
its matches: the order does not depend on the page asked for.

Cost: one embedding of the query and one scan of the index (in a worker thread, while SQLite
ranks the words), the words' ids, one lookup by id of the closest jobs' filters, and — only when
the words have more than :data:`FUSE_DEPTH` matches — which of the closest jobs the words match;
never every row. A query without a searchable word or another sort is
:func:`~jobscraper.store.search.search_jobs` itself.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy

from jobscraper.matching.rank import Embeds, Similarities

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from jobscraper.store import Database, JobQuery, SearchPage

__all__ = ["FUSE_DEPTH", "MEANING_THRESHOLD", "MEANING_WINDOW", "RRF_K", "fuse", "hybrid_search"]

RRF_K = 60
"""Reciprocal rank fusion's constant: a job at rank r of a list gets 1 / (RRF_K + r)."""

MEANING_THRESHOLD = 0.40
"""A job whose cosine with the query is at least this matches it by meaning alone."""

MEANING_WINDOW = 1000
"""At most this many of the index's closest jobs are considered by meaning."""

FUSE_DEPTH = 1000
"""The words' ranking is fused down to this rank; its matches further down follow the fused list."""


def fuse(rankings: list[list[int]], k: int = RRF_K) -> list[int]:
    """Reciprocal rank fusion of id lists (each best first): the ids by the sum over the lists of
    1 / (k + rank), rank counted from 1; ties to the higher id (the newer job, as the text search)."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, job_id in enumerate(ranking, start=1):
            scores[job_id] = scores.get(job_id, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda job_id: (-scores[job_id], -job_id))


def _closest(embedder: Embeds, index: Similarities, text: str) -> list[tuple[int, float]]:
    """The index's ``MEANING_WINDOW`` jobs closest to the text's embedding, best first."""
    query = numpy.asarray(embedder.embed([text]), dtype=numpy.float32)[0]
    return index.search(query, MEANING_WINDOW)


def _passing(conn: Connection, q: JobQuery, ids: list[int]) -> set[int]:
    """Which of ``ids`` pass ``q``'s filters (``q`` without a text query): on SQLite without a
    location (nothing to ask the full-text index) one query by primary key, the blocklist's
    condition left out when there is no rule (3.8 -> 2.3 ms for the 1,000 closest jobs)."""
    from sqlalchemy import select

    from jobscraper.store.search import _conditions, match_expression
    from jobscraper.store.search_list import blocklist_empty
    from jobscraper.store.search_ranked import text_matches
    from jobscraper.store.tables import JOB

    if conn.dialect.name != "sqlite" or match_expression(q) is not None or not ids:
        return text_matches(conn, q, ids)
    conditions = _conditions(q, include_blocked=blocklist_empty(conn))
    return {int(i) for i in conn.execute(select(JOB.c.id).where(JOB.c.id.in_(ids), *conditions)).scalars()}


def hybrid_search(db: Database, q: JobQuery, embedder: Embeds, index: Similarities) -> SearchPage:
    """One page of the jobs matching ``q`` by words or meaning, in fused order, and their total."""
    from jobscraper.store.search import _page, fts_query, search_jobs
    from jobscraper.store.search_ranked import ranked_ids, text_matches

    if q.sort != "relevance" or fts_query(q.q) is None:
        return search_jobs(db, q)
    start, end = (q.page - 1) * q.per_page, q.page * q.per_page
    # the meaning (numpy) and the words (SQLite) both release the GIL: they run side by side
    with ThreadPoolExecutor(max_workers=1) as pool, db.reader() as conn:
        meaning_done = pool.submit(_closest, embedder, index, q.q or "")
        words = ranked_ids(conn, q, FUSE_DEPTH)
        closest = meaning_done.result()
        saturated = len(closest) >= MEANING_WINDOW and closest[-1][1] >= MEANING_THRESHOLD
        passing = _passing(conn, q.model_copy(update={"q": None}), [job_id for job_id, _ in closest])
        candidates = [(job_id, cosine) for job_id, cosine in closest if job_id in passing]
        seen = set(words.ids)
        by_words = seen  # all the words' matches, unless there are more than FUSE_DEPTH
        if len(words.ids) >= FUSE_DEPTH:
            by_words = seen | text_matches(conn, q, {job_id for job_id, _ in candidates} - seen)
        # the meaning's ranking of the matches it knows: close enough, or matched by words
        meaning = [
            job_id for job_id, cosine in candidates if cosine >= MEANING_THRESHOLD or job_id in by_words
        ]
        extra = sum(1 for job_id in meaning if job_id not in by_words)
        order = fuse([words.ids, meaning])
        if end > len(order) and len(words.ids) >= FUSE_DEPTH:  # past the fused list: the words' rest
            listed = set(order)
            deeper = ranked_ids(conn, q, end + len(meaning)).ids[FUSE_DEPTH:]
            order += [job_id for job_id in deeper if job_id not in listed]
        return _page(conn, q, order[start:end], words.total + extra, capped=words.capped or saturated)
