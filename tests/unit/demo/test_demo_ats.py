"""The demo board serves every ATS of the registry that has a demo module, and each is read end to
end — `jobscraper scrape --company URL --ats KIND` on the demo's URL — by the real adapter."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator

import pytest

from jobscraper.config import ScrapingSettings
from jobscraper.demo import STYLES, DemoBoard, DemoKnobs
from jobscraper.demo.ats import DemoAts, demo_ats, demo_kinds, module_name
from jobscraper.scraping.fetch import Fetcher
from jobscraper.sources.ats import resolve_board
from jobscraper.sources.company import CompanyResult, scrape_company
from jobscraper.vocabulary import ATS_KINDS

FAST = ScrapingSettings(per_domain_min_delay_s=0, per_domain_concurrency=4, max_concurrency=8, max_retries=0)


@pytest.fixture(scope="module")
def board() -> Iterator[DemoBoard]:
    with DemoBoard(DemoKnobs(companies=len(STYLES), jobs_per_company=12)) as running:
        yield running


def test_the_first_seven_styles_are_what_they_always_were() -> None:
    assert STYLES[:7] == ("greenhouse", "lever", "ashby", "jsonld", "listing", "js", "plain")
    assert STYLES[7:] == demo_kinds()[3:]  # every later kind with a demo shape, in registry order


@pytest.mark.parametrize("kind", demo_kinds())
def test_every_demo_module_has_its_shape(kind: str) -> None:
    module = importlib.import_module(module_name(kind))
    assert isinstance(getattr(module, "DEMO", None), DemoAts), f"{module.__name__} needs DEMO = DemoAts(...)"
    assert demo_ats(kind) is module.DEMO


def _scrape(board: DemoBoard, kind: str) -> tuple[str, CompanyResult]:
    [company] = [c for c in board.company_configs() if c.ats == kind]

    async def main() -> CompanyResult:
        fetcher = Fetcher(FAST)
        try:
            return await scrape_company(company, fetcher, FAST)
        finally:
            await fetcher.aclose()

    return company.name, asyncio.run(main())


@pytest.mark.parametrize("kind", demo_kinds())
def test_every_demo_ats_is_scraped_by_its_adapter(board: DemoBoard, kind: str) -> None:
    name, result = _scrape(board, kind)
    expected = [j for j in board.jobs() if j.company.name == name]
    assert result.method == kind and result.errors == []
    assert sorted(p.title for p in result.postings) == sorted(j.title for j in expected)
    assert {p.site for p in result.postings} == {kind}
    assert result.pages >= 1


def test_the_demo_urls_resolve_to_their_kind(board: DemoBoard) -> None:
    for company in board.company_configs():
        if company.ats in ATS_KINDS:
            target = resolve_board(company.url, company.ats)
            assert target is not None and target.kind == company.ats
