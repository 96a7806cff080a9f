"""Where postings come from: job boards (JobSpy), known ATS JSON APIs, career pages.

Every source produces :class:`~jobscraper.posting.Posting` rows (JobSpy's columns) and reports a
source it could not read with the :class:`~jobscraper.errors.ScrapeError` tree, never as "0 jobs".
Third-party HTML goes through :func:`~jobscraper.sources.html.to_markdown` before it is stored.
"""

from jobscraper.sources.ats import AtsBoard, ParsedBoard, detect_ats, parse_board, resolve_board
from jobscraper.sources.boards import SiteResult, classify_site_error, scrape_search
from jobscraper.sources.html import to_markdown
from jobscraper.sources.structured import Extracted, Links, extract_postings, find_links

__all__ = [
    "AtsBoard",
    "Extracted",
    "Links",
    "ParsedBoard",
    "SiteResult",
    "classify_site_error",
    "detect_ats",
    "extract_postings",
    "find_links",
    "parse_board",
    "resolve_board",
    "scrape_search",
    "to_markdown",
]
