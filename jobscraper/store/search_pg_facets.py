"""A PostgreSQL text search's remote and source filters as conditions the GIN index answers.

``ix_job_search_words_facets`` (migration 0024) indexes ``job_search``'s words and
``job_search_facets(remote_policy, is_remote, sites)``: the job's work mode and a facet per bit of
its ``sites``. A search with a remote or source filter puts these conditions beside the words, so
one index scan yields only the jobs that match and pass, where the rows of every match were read
to test the filters on them (at a million jobs 57,000 rows for 2,700).

The conditions only narrow what is read: the filters themselves still test each row
(:mod:`.search_pg_sites`, ``store.work_mode``), so a job passes exactly as before; a condition
here must hold for every job that passes its filter.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.search_facet_table import SITE_BITS
from jobscraper.store.search_facets import COMPANY
from jobscraper.store.search_pg_sites import COMPANY_BITS, OTHER
from jobscraper.store.search_pg_table import JOB_SEARCH
from jobscraper.store.work_mode import WORK_MODES

__all__ = ["FACETS", "SITE_FACET", "WORK_MODE_FACETS", "facet_conditions", "site_facets"]

FACETS: ColumnElement[Any] = func.job_search_facets(
    JOB_SEARCH.c.remote_policy, JOB_SEARCH.c.is_remote, JOB_SEARCH.c.sites, type_=ARRAY(Integer)
)
"""The index's second column, written as its expression so the planner matches it."""
WORK_MODE_FACETS = {mode: i + 1 for i, mode in enumerate(WORK_MODES)}
"""The facet of each work mode (migration 0024's)."""
SITE_FACET = 100
"""The facet of the bit ``1 << i`` of ``sites``: ``SITE_FACET + i``."""

Facet = tuple[str, list[int]]
"""A condition of the facets: (``contains``: all of them, or ``overlap``: any of them; facets)."""


def site_facets(bits: int) -> list[int]:
    """The facets of these bits of ``sites``."""
    return [SITE_FACET + i for i in range(bits.bit_length()) if bits >> i & 1]


def facet_conditions(remote: bool | None, source: str | None) -> list[Facet]:
    """The conditions of the facets that every job passing these filters meets."""
    found: list[Facet] = []
    if remote is not None:
        remote_facet = WORK_MODE_FACETS["remote"]
        others = [facet for mode, facet in WORK_MODE_FACETS.items() if mode != "remote"]
        found.append(("contains", [remote_facet]) if remote else ("overlap", others))
    if source:
        bit = SITE_BITS.get(source)
        if bit is not None:
            found.append(("contains", site_facets(bit)))
        elif source == COMPANY:  # each of its sites is an ATS kind's bit or OTHER
            found.append(("overlap", site_facets(COMPANY_BITS)))
        else:  # a site without a bit of its own (a career page's host): the OTHER bit
            found.append(("contains", site_facets(OTHER)))
    return found
