"""Which API endpoint says whether a stored ATS job is still open (for the liveness check).

A stored job knows its ATS by its ``site`` (the adapter's kind), its posting id by its source's
``external_id`` (``"{id_prefix}-{id}"``, as :func:`~jobscraper.sources.ats.base.parse_entries`
made it), and its board by the company it links to — a watched company's URL and ``ats`` are what
the scrape read, so :func:`~jobscraper.sources.ats.resolve_board` gives the same board back — or,
for a company not watched, by its job URL on the vendor's own host (``jobs.lever.co/acme/…``).
The adapter (:class:`~jobscraper.sources.ats.base.DetailEndpoint`) then names the posting's
endpoint. Anything missing or not matching (another kind's board, an id of another shape) is
None: the job's page is checked as before, never a guessed URL.
"""

from __future__ import annotations

from jobscraper.sources.ats import detect_ats, resolve_board
from jobscraper.sources.ats.base import AtsBoard, DetailEndpoint
from jobscraper.sources.ats.registry import adapter
from jobscraper.vocabulary import ATS_KINDS

__all__ = ["board_of", "detail_url_for"]


def board_of(kind: str, company_url: str | None, company_ats: str | None, job_url: str) -> AtsBoard | None:
    """The ``kind`` board a job came from: its watched company's, else the one its URL names."""
    if company_url:
        try:
            board = resolve_board(company_url, company_ats or "auto")
        except ValueError:  # settings the scrape would refuse too
            board = None
        if board is not None and board.kind == kind:
            return board
    found = detect_ats(job_url)
    return found if found is not None and found.kind == kind else None


def detail_url_for(
    site: str | None,
    external_id: str | None,
    job_url: str,
    company_url: str | None = None,
    company_ats: str | None = None,
) -> str | None:
    """The posting's own API endpoint, or None when the job is not an ATS job whose adapter has
    one (a job board's, a career page's, a feed-only ATS's) or its board cannot be told."""
    if site not in ATS_KINDS or not external_id:
        return None
    try:
        reader = adapter(site)
    except ValueError:  # a listed kind whose module is broken: logged by the registry
        return None
    prefix = f"{reader.id_prefix}-"
    if not isinstance(reader, DetailEndpoint) or not external_id.startswith(prefix):
        return None
    board = board_of(site, company_url, company_ats, job_url)
    source_id = external_id.removeprefix(prefix)
    return reader.detail_url(board, source_id, job_url) if board is not None and source_id else None
