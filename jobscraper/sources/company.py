"""One company's jobs: from its ATS API when it has one, else by crawling its career site.

Order of preference (DESIGN §3): a known ATS JSON API; then the site's structured data
(JSON-LD / microdata) on the listing page and on every job detail page it links to, following
pagination up to ``max_pages_per_site`` listing pages and ``max_detail_pages`` detail pages. A
job page with no structured data is kept as *needs extraction* (counted and listed) and, when it
shows a title and text, becomes a posting of that title and text
(:func:`~jobscraper.sources.page_posting.page_posting`) for the extraction service to complete —
never silently dropped. A broken detail page is recorded as an error and
the crawl goes on; only a first page that cannot be fetched fails the company.

Two career "sites" are ATS boards in disguise, and are read as such: a URL that answers with an
ATS API's JSON (a self-hosted mirror, scraped without ``ats:``), and a career page without
structured postings whose jobs are links to a known ATS's board on the vendor's host.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from jobscraper.config import CompanyConfig, ScrapingSettings
from jobscraper.errors import ParseError, ScrapeError
from jobscraper.posting import Posting
from jobscraper.scraping.fetch import Fetched, Fetcher
from jobscraper.sources.ats import AtsBoard, adapter, detect_ats, resolve_board, sniff_kind
from jobscraper.sources.ats.client import FetcherClient
from jobscraper.sources.page_posting import page_posting
from jobscraper.sources.structured import Extracted, Links, extract_postings, find_links

__all__ = ["CompanyResult", "scrape_company"]


@dataclass
class CompanyResult:
    company: str
    method: str  # an ATS kind (vocabulary.ATS_KINDS) | html | browser
    postings: list[Posting] = field(default_factory=list)
    needs_extraction: list[str] = field(default_factory=list)
    errors: list[ScrapeError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0


async def scrape_company(
    company: CompanyConfig, fetcher: Fetcher, settings: ScrapingSettings, *, browser: Fetcher | None = None
) -> CompanyResult:
    """Every posting ``company`` publishes; raises only when its first page cannot be had.

    ``browser`` renders the pages of ``render_js`` companies (a
    :class:`~jobscraper.scraping.browser.BrowserFetcher`); ATS APIs never need it.
    """
    try:
        board = resolve_board(company.url, company.ats)
    except ValueError as exc:
        raise ParseError(company.url, str(exc)) from exc
    if board is not None:
        return await _from_ats(company, board, fetcher)
    if company.render_js:
        if browser is None:
            raise ScrapeError(company.url, "render_js: no browser was given to render this site")
        result = await _crawl(company, browser, settings, api=fetcher)
        result.method = "browser"
        return result
    return await _crawl(company, fetcher, settings)


async def _from_ats(
    company: CompanyConfig, board: AtsBoard, fetcher: Fetcher, *, served: object = None
) -> CompanyResult:
    """The board read by its kind's adapter through ``fetcher``; every answer it got is a page.

    ``served`` is the payload the company URL itself already answered with (an ATS mirror found
    by its shape): the adapter's first request of ``board.api_url`` is answered with it.
    """
    primed = {board.api_url: served} if served is not None else None
    client = FetcherClient(fetcher, primed=primed)
    parsed = await adapter(board.kind).scrape(board, client, company=_employer(company))
    return CompanyResult(
        company=company.name,
        method=board.kind,
        postings=parsed.postings,
        warnings=parsed.skipped,
        pages=client.requests + (served is not None),
    )


def _employer(company: CompanyConfig) -> str | None:
    """The configured name, unless it is only the URL's host name.

    That is what ``jobscraper scrape --company URL`` calls a company it knows nothing else about;
    the name the board publishes, or its token ("acme-robotics" → "Acme Robotics"), is better.
    """
    host = (urlsplit(company.url.strip()).hostname or "").removeprefix("www.")
    return None if company.name.strip().lower().removeprefix("www.") == host else company.name


def _served_board(company: CompanyConfig, page: Fetched) -> tuple[AtsBoard, object] | None:
    """The board whose API answered at the company URL itself, with its payload; else None."""
    if not page.text.lstrip().startswith(("{", "[")):
        return None
    try:
        payload = json.loads(page.text)
        kind = sniff_kind(payload)
        board = resolve_board(company.url, kind) if kind else None
    except ValueError:  # not JSON, or a vendor's own host answering with another vendor's shape
        return None
    return (board, payload) if board else None


def _linked_board(urls: list[str]) -> AtsBoard | None:
    """The ATS board a career page links to most often: where its jobs live."""
    boards = [board for board in map(detect_ats, urls) if board is not None]
    return Counter(boards).most_common(1)[0][0] if boards else None


async def _crawl(
    company: CompanyConfig, fetcher: Fetcher, settings: ScrapingSettings, *, api: Fetcher | None = None
) -> CompanyResult:
    """The career site's listing and job pages through ``fetcher``; an ATS API through ``api``."""
    result = CompanyResult(company=company.name, method="html")
    seen_pages: set[str] = set()
    detail_urls: list[str] = []
    ats_urls: list[str] = []
    page_url: str | None = company.url
    while page_url and page_url not in seen_pages and len(seen_pages) < settings.max_pages_per_site:
        seen_pages.add(page_url)
        try:
            page = await fetcher.get(page_url)
        except ScrapeError as error:
            if not result.pages:
                raise  # the career page itself is unreachable: the company failed
            result.errors.append(error)
            break
        result.pages += 1
        if result.pages == 1 and (served := _served_board(company, page)) is not None:
            return await _from_ats(company, served[0], api or fetcher, served=served[1])
        found, links = await asyncio.to_thread(_listing, page.text, page.url, company.name)
        result.postings += found.postings
        result.warnings += found.warnings
        detail_urls += [u for u in links.detail_urls if u not in detail_urls and u not in seen_pages]
        ats_urls += [u for u in links.ats_urls if u not in ats_urls]
        page_url = links.next_page
    if not result.postings and (board := _linked_board(ats_urls)) is not None:
        try:
            hosted = await _from_ats(company, board, api or fetcher)
        except ScrapeError as error:
            result.errors.append(error)  # the board is out of reach: crawl the site's own pages
        else:
            hosted.pages += result.pages
            hosted.warnings.insert(0, f"{company.url} lists its jobs on {board.board_url}: read from its API")
            return hosted
    if len(detail_urls) > settings.max_detail_pages:
        result.warnings.append(
            f"{len(detail_urls)} job pages found; read the first {settings.max_detail_pages}"
        )
        detail_urls = detail_urls[: settings.max_detail_pages]
    known = {p.job_url for p in result.postings}
    details = await asyncio.gather(*(_detail(url, company, fetcher) for url in detail_urls))
    for url, outcome in zip(detail_urls, details, strict=True):
        if isinstance(outcome, ScrapeError):
            result.errors.append(outcome)
            continue
        result.pages += 1
        postings, warnings, plain = outcome
        result.warnings += warnings
        if plain:
            result.needs_extraction.append(url)
        result.postings += [p for p in postings if p.job_url not in known]
        known.update(p.job_url for p in postings)
    if result.pages and not result.postings and not detail_urls and not result.needs_extraction:
        result.needs_extraction.append(company.url)  # a page with jobs we cannot see structurally
    return result


async def _detail(
    url: str, company: CompanyConfig, fetcher: Fetcher
) -> tuple[list[Posting], list[str], bool] | ScrapeError:
    """A job page's postings, warnings, and whether it had no structured data (needs extraction)."""
    try:
        page = await fetcher.get(url)
    except ScrapeError as error:
        return error
    # parsing runs off the event loop, so responses still arriving are read (and their limit
    # slots given back) while a page is parsed
    found, plain = await asyncio.to_thread(_job_page, page.text, page.url, company.name)
    return found.postings, [f"{url}: {w}" for w in found.warnings], plain


def _job_page(html: str, url: str, company: str) -> tuple[Extracted, bool]:
    """The page's structured postings; failing those, the plain page as a posting (True)."""
    found = extract_postings(html, url, company=company)
    if found.postings:
        return found, False
    posting = page_posting(html, url, company=company)
    if posting is not None:
        found.postings.append(posting)
    return found, True


def _listing(html: str, url: str, company: str) -> tuple[Extracted, Links]:
    return extract_postings(html, url, company=company), find_links(html, url)
