"""The demo board's ATS jobs that close in week 2 are gone from their posting endpoints too: the
real adapters scrape week 1 through a real Fetcher, each job's endpoint is found as a stored job's
would be (its site, id, job URL and watched company), and the real check reads week 1 as open and
week 2's dropped jobs as closed (a 404 from the API) — the rest stay open."""

from __future__ import annotations

import asyncio

from jobscraper.config import ScrapingSettings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.demo.ats_bamboohr import opening_id
from jobscraper.demo.ats_smartrecruiters import posting_id
from jobscraper.demo.ats_workable import shortcode
from jobscraper.demo.data import STYLES, DemoJob
from jobscraper.posting import Posting
from jobscraper.scraping.fetch import Fetcher
from jobscraper.scraping.liveness import check_jobs
from jobscraper.sources.ats.detail_check import detail_url_for
from jobscraper.sources.company import scrape_company
from jobscraper.store.liveness import CheckResult, CheckTarget

KINDS = ("workable", "smartrecruiters", "workday", "bamboohr")  # the demo ATS with posting endpoints


def _key_of(job: DemoJob) -> dict[str, int]:
    """The ids the adapters give a demo job, per kind."""
    ids = (f"wk-{shortcode(job)}", f"sr-{posting_id(job)}", f"wd-JR{job.key}", f"bh-{opening_id(job)}")
    return dict.fromkeys(ids, job.key)


def _settings() -> ScrapingSettings:
    return ScrapingSettings(per_domain_min_delay_s=0, max_retries=0)


async def _scrape(board: DemoBoard) -> tuple[list[CheckTarget], list[Posting], set[str]]:
    fetcher = Fetcher(_settings())
    targets, postings, kept = [], [], set()
    try:
        for config in board.company_configs():
            if config.ats not in KINDS:
                continue
            result = await scrape_company(config, fetcher, _settings())
            kept |= {w.split(":")[0] for w in result.warnings if "HTTP 404" in w}
            for posting in result.postings:
                detail = detail_url_for(config.ats, posting.id, posting.job_url, config.url, config.ats)
                assert detail is not None and detail != posting.job_url, posting
                targets.append(CheckTarget(job_id=len(targets), url=posting.job_url, detail_url=detail))
                postings.append(posting)
    finally:
        await fetcher.aclose()
    return targets, postings, kept


async def _check(targets: list[CheckTarget]) -> list[CheckResult]:
    fetcher = Fetcher(_settings())
    try:
        return await check_jobs(fetcher, targets, concurrency=4)
    finally:
        await fetcher.aclose()


def test_week_two_closes_the_dropped_ats_jobs_at_their_posting_endpoints() -> None:
    with DemoBoard(DemoKnobs(companies=len(STYLES), jobs_per_company=8)) as board:
        targets, postings, no_details = asyncio.run(_scrape(board))
        keys = {i: k for job in board.jobs() for i, k in _key_of(job).items()}
        assert {p.site for p in postings} == set(KINDS)
        # BambooHR's demo lists some openings whose details are gone (a job closing between the
        # list and its details): their endpoint already says closed in week 1
        week1 = asyncio.run(_check(targets))
        assert {p.id for p, r in zip(postings, week1, strict=True) if r.verdict != "open"} == no_details
        board.knobs.version = 2
        still = {k for job in board.jobs() for k in _key_of(job)}
        week2 = asyncio.run(_check(targets))
    dropped = {p.id for p in postings if p.id not in still}
    assert dropped and all(keys[str(p)] % 7 == 3 for p in dropped)  # week 2 drops every 7th job
    closed = {p.id for p, r in zip(postings, week2, strict=True) if r.verdict == "closed"}
    assert closed == dropped | no_details
    assert {r.verdict for r in week2} == {"open", "closed"}
    reasons = {r.reason for p, r in zip(postings, week2, strict=True) if p.id in dropped}
    assert reasons == {"HTTP 404 from the API"}
