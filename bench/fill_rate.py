"""Which fields each source fills: a fill-rate table over the demo board, read by the real adapters.

Every source the demo board serves is read in this process, the way a run reads it, with no
network: each demo company (one per style: every ATS with a demo shape, the career-page styles)
through :func:`~jobscraper.sources.company.scrape_company` and the real Fetcher; the JobSpy boards
(LinkedIn, Indeed) through :class:`~jobscraper.sources.boards.BoardSource` with JobSpy routed to
the demo board; the demo's remote boards (Remotive, We Work Remotely) through
:meth:`BoardSource.search_remote`. The remote boards the demo does not serve (Remote OK, Arbeitnow,
Himalayas) are read from their recorded fixtures (``tests/fixtures/remote``) by the same adapters,
marked "fixture" in the table.

Per source: the number of postings, then the share (percent) whose title, company, location,
remote flag (set either way), job type, posting date, salary (either end) and description are
filled. A field no posting of a source has is a column of 0 — what the source's format lacks (or
what the demo shape leaves out, as the real API does: Personio's feed and Jobvite's have no pay).
This is a table of what is filled, not a speed figure: there is no baseline and no ratio.

    uv run --frozen python bench/fill_rate.py [--jobs 12]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from jobscraper.config import ScrapingSettings
from jobscraper.demo import STYLES, DemoBoard, DemoKnobs, remote_board
from jobscraper.posting import Posting
from jobscraper.scraping.fetch import Fetcher
from jobscraper.sources.boards import BoardSource
from jobscraper.sources.company import scrape_company
from jobscraper.sources.remote.run import board_for
from jobscraper.sources.site_result import SiteResult
from jobscraper.vocabulary import REMOTE_SITES

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "remote"
FIELDS: dict[str, Callable[[Posting], object]] = {
    "title": lambda p: p.title,
    "company": lambda p: p.company,
    "location": lambda p: p.location,
    "remote": lambda p: p.is_remote is not None,
    "type": lambda p: p.job_type,
    "date": lambda p: p.date_posted,
    "salary": lambda p: p.min_amount or p.max_amount,
    "description": lambda p: p.description,
}


def _settings(base_url: str) -> ScrapingSettings:
    return ScrapingSettings(
        per_domain_min_delay_s=0,
        per_domain_concurrency=8,
        max_concurrency=16,
        max_retries=0,
        respect_robots_txt=False,
        jobspy_base_url=base_url,
    )


async def _companies(board: DemoBoard, settings: ScrapingSettings) -> list[tuple[str, str, list[Posting]]]:
    rows = []
    fetcher = Fetcher(settings)
    try:
        for company, style in zip(board.company_configs(), STYLES, strict=False):
            result = await scrape_company(company, fetcher, settings)
            note = result.method + (f", {len(result.errors)} error(s)" if result.errors else "")
            if result.needs_extraction:  # pages with no structured data: the LLM's work, not counted
                note += f", {len(result.needs_extraction)} page(s) need extraction"
            rows.append((style, f"demo ({note})", result.postings))
        source = BoardSource(settings)
        try:
            for site in source_sites(await source.search_remote(remote_board.demo_search(), fetcher)):
                rows.append(site)
        finally:
            source.close()
    finally:
        await fetcher.aclose()
    return rows


def source_sites(results: list[SiteResult]) -> list[tuple[str, str, list[Posting]]]:
    """(site, how it was read, postings) of board results."""
    return [(r.site, "demo" + (f" (stopped: {r.error})" if r.error else ""), r.postings) for r in results]


def _jobspy(settings: ScrapingSettings, board: DemoBoard) -> list[tuple[str, str, list[Posting]]]:
    source = BoardSource(settings)
    try:
        return source_sites(source.search(board.search()))
    finally:
        source.close()


def _fixtures(served: set[str]) -> list[tuple[str, str, list[Posting]]]:
    """The remote boards the demo does not serve, read from their recorded pages."""
    rows = []
    for site in REMOTE_SITES:
        if site in served:
            continue
        reader = board_for(site)
        postings: list[Posting] = []
        for path in sorted(FIXTURES.glob(f"{site}*")):
            postings += reader.parse(path.read_text(encoding="utf-8"), f"https://{site}.example/").postings
        rows.append(
            (site, f"fixture ({', '.join(p.name for p in sorted(FIXTURES.glob(f'{site}*')))})", postings)
        )
    return rows


def _table(rows: list[tuple[str, str, list[Posting]]]) -> str:
    head = ["source", "read from", "jobs", *FIELDS]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * 3 + ["--:"] * len(FIELDS)) + "|"]
    for name, how, postings in rows:
        shares = [
            f"{100 * sum(1 for p in postings if get(p)) / len(postings):.0f}" if postings else "–"
            for get in FIELDS.values()
        ]
        lines.append(f"| {name} | {how} | {len(postings)} | " + " | ".join(shares) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=12, help="jobs per demo company")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with DemoBoard(DemoKnobs(companies=len(STYLES), jobs_per_company=args.jobs, latency_s=0)) as board:
        settings = _settings(board.base_url)
        rows = asyncio.run(_companies(board, settings))
        rows += _jobspy(settings, board)
    rows += _fixtures({name for name, _, _ in rows})
    print(f"Fill rates (% of each source's postings with the field set); {args.jobs} jobs per demo company\n")
    print(_table(rows))


if __name__ == "__main__":
    main()
