"""A PostgreSQL text search's source filter as a test of ``job.sites`` (migration 0019).

The filter was a probe of ``job_source`` (``site``, ``job_id``) for each match the search read
(~10 us each: at a million jobs up to 60,000 of them, most of a search's time). ``job.sites`` holds
a bit per site the job was seen on, kept by triggers on ``job_source``: a board or ATS kind
(``SITE_BITS``) is one bit's test; ``company`` (every site that is not a board) a test of the
ATS kinds' bits and ``OTHER``; any other site (a career page's host) is rare and has no bit of its
own, so ``OTHER`` narrows the matches and the probe decides, for those few only.

The same jobs pass as with the probe: the bits are the OR of the job's sources' bits, exactly
(the tests compare both with the rows filtered in Python).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.search_facet_table import SITE_BITS
from jobscraper.store.search_facets import COMPANY, source_condition
from jobscraper.store.search_pg_table import JOB_SEARCH
from jobscraper.store.tables import SOURCE
from jobscraper.vocabulary import SITES

__all__ = ["COMPANY_BITS", "COMPANY_EXACT", "OTHER", "SITES_COLUMN", "sites_condition", "sites_parts"]

OTHER = 1 << len(SITE_BITS)
"""Migration 0019's bit of every site without one of its own (``SITE_BITS``: 0015's, the same)."""
SITES_COLUMN = JOB_SEARCH.c.sites
"""``job.sites`` as the search reads it: its copy in ``job_search`` (migration 0020)."""
# company: every site that is not a board; exact only while every board has a bit of its own
COMPANY_BITS = sum(bit for name, bit in SITE_BITS.items() if name not in SITES) | OTHER
COMPANY_EXACT = set(SITES) <= set(SITE_BITS)


def sites_condition(
    sites: ColumnElement[int], job_id: ColumnElement[int], source: str
) -> ColumnElement[bool]:
    """The job whose ``sites`` and id are these was seen on the filter value ``source``'s sites
    (:func:`~.search_facets.source_condition`'s meaning)."""
    bits, probe = sites_parts(sites, job_id, source)
    if bits is None:
        assert probe is not None  # one part at least
        return probe
    return bits if probe is None else bits & probe  # the planner tests the cheap bit before the probe


def sites_parts(
    sites: ColumnElement[int], job_id: ColumnElement[int], source: str
) -> tuple[ColumnElement[bool] | None, ColumnElement[bool] | None]:
    """:func:`sites_condition` as its test of ``sites`` and its probe of ``job_source`` (None:
    not part of it), both required: the walk tests the bits before the text match, the probe
    after it."""
    bit = SITE_BITS.get(source)
    if bit is not None:
        return sites.op("&")(bit) != 0, None
    if source == COMPANY and COMPANY_EXACT:
        return sites.op("&")(COMPANY_BITS) != 0, None
    probe = select(SOURCE.c.job_id).where(source_condition(source), SOURCE.c.job_id == job_id)
    seen = probe.offset(0).exists()
    if source == COMPANY:
        return None, seen
    return sites.op("&")(OTHER) != 0, seen
