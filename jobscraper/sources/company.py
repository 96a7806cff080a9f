"""One company's jobs: from its ATS API when it has one, else by crawling its career site.

Order of preference (DESIGN §3): a known ATS JSON API; then the site's structured data
(JSON-LD / microdata) on the listing page and on every job detail page it links to, following
pagination up to ``max_pages_per_site`` listing pages and ``max_detail_pages`` detail pages. A
page with no structured data is kept as *needs extraction* (counted and listed, for the LLM
extraction service) — never silently dropped. A broken detail page is recorded as an error and
the crawl goes on; only a first page that cannot be fetched fails the company.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

from jobscraper.config import CompanyConfig, ScrapingSettings
from jobscraper.errors import ParseError, ScrapeError, SourceUnavailable
from jobscraper.posting import Posting
from jobscraper.scraping.fetch import Fetcher
from jobscraper.sources.ats import AtsBoard, parse_board, resolve_board
from jobscraper.sources.structured import extract_postings, find_links

__all__ = ["CompanyResult", "scrape_company"]


@dataclass
class CompanyResult:
    company: str
    method: str  # greenhouse | lever | ashby | html
    postings: list[Posting] = field(default_factory=list)
    needs_extraction: list[str] = field(default_factory=list)
    errors: list[ScrapeError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0


async def scrape_company(
    company: CompanyConfig, fetcher: Fetcher, settings: ScrapingSettings
) -> CompanyResult:
    """Every posting ``company`` publishes; raises only when its first page cannot be had."""
    try:
        board = resolve_board(company.url, company.ats)
    except ValueError as exc:
        raise ParseError(company.url, str(exc)) from exc
    if board is not None:
        return await _from_ats(company, board, fetcher)
    if company.render_js:
        raise SourceUnavailable(
            company.url, "render_js: rendering JavaScript with Chromium is not available in this version"
        )
    return await _crawl(company, fetcher, settings)


async def _from_ats(company: CompanyConfig, board: AtsBoard, fetcher: Fetcher) -> CompanyResult:
    page = await fetcher.get(board.api_url)
    try:
        payload = json.loads(page.text)
    except json.JSONDecodeError as exc:
        raise ParseError(board.api_url, f"not JSON: {exc.msg} at line {exc.lineno}") from exc
    parsed = parse_board(board, payload, company=company.name)
    return CompanyResult(
        company=company.name, method=board.kind, postings=parsed.postings, warnings=parsed.skipped, pages=1
    )


async def _crawl(company: CompanyConfig, fetcher: Fetcher, settings: ScrapingSettings) -> CompanyResult:
    result = CompanyResult(company=company.name, method="html")
    seen_pages: set[str] = set()
    detail_urls: list[str] = []
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
        found = extract_postings(page.text, page.url, company=company.name)
        result.postings += found.postings
        result.warnings += found.warnings
        links = find_links(page.text, page.url)
        detail_urls += [u for u in links.detail_urls if u not in detail_urls and u not in seen_pages]
        page_url = links.next_page
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
        postings, warnings = outcome
        result.warnings += warnings
        if not postings:
            result.needs_extraction.append(url)
        result.postings += [p for p in postings if p.job_url not in known]
        known.update(p.job_url for p in postings)
    if result.pages and not result.postings and not detail_urls and not result.needs_extraction:
        result.needs_extraction.append(company.url)  # a page with jobs we cannot see structurally
    return result


async def _detail(
    url: str, company: CompanyConfig, fetcher: Fetcher
) -> tuple[list[Posting], list[str]] | ScrapeError:
    try:
        page = await fetcher.get(url)
    except ScrapeError as error:
        return error
    found = extract_postings(page.text, page.url, company=company.name)
    return found.postings, [f"{url}: {w}" for w in found.warnings]
