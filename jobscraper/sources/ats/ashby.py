"""Ashby: the Posting API (``api.ashbyhq.com/posting-api/job-board/{name}``).

One request returns every listed job with its compensation (``includeCompensation=true``);
unlisted jobs are left out.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import quote

from jobscraper.sources.ats.base import (
    AtsBoard,
    AtsClient,
    ParsedBoard,
    Skip,
    company_name,
    jobs_of,
    match_token,
    parse_entries,
    path_token,
    require,
)
from jobscraper.sources.ats.coerce import (
    as_date,
    as_dict,
    as_list,
    as_str,
    interval_word,
    job_type,
    join_places,
    salary_fields,
    workplace,
)
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "Ashby", "parse_ashby"]

_URLS = (
    re.compile(r"jobs\.ashbyhq\.com/([^/?#]+)"),
    re.compile(r"api\.ashbyhq\.com/posting-api/job-board/([^/?#]+)"),
)


def _fields(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(job.get("title"), "title")
    if job.get("isListed") is False:
        raise Skip("unlisted")
    secondary = [as_dict(s).get("location") for s in as_list(job.get("secondaryLocations"))]
    location = join_places([job.get("location"), *secondary])
    is_remote, where = workplace(job.get("workplaceType"), location)
    if job.get("isRemote") is True:
        is_remote, where = True, where or "remote"
    elif job.get("isRemote") is False and is_remote is None:
        is_remote = False
    comp = as_dict(job.get("compensation"))
    tiers = [c for t in as_list(comp.get("compensationTiers")) for c in as_list(as_dict(t).get("components"))]
    salaries = [as_dict(c) for c in [*as_list(comp.get("summaryComponents")), *tiers]]
    pay = next((c for c in salaries if c.get("compensationType") == "Salary"), {})
    interval = interval_word(pay.get("interval"))
    return {
        "job_url": require(job.get("jobUrl"), "jobUrl"),
        "job_url_direct": as_str(job.get("applyUrl")),
        "title": title,
        "company": company_name(board, company),
        "location": location,
        "is_remote": is_remote,
        "work_from_home_type": where,
        "job_type": job_type(job.get("employmentType")),
        "job_function": as_str(job.get("department")) or as_str(job.get("team")),
        "date_posted": as_date(job.get("publishedAt")),
        "description": to_markdown(as_str(job.get("descriptionHtml")))
        or to_markdown(as_str(job.get("descriptionPlain"))),
        **salary_fields(pay.get("minValue"), pay.get("maxValue"), pay.get("currencyCode"), interval),
    }


def parse_ashby(board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
    """Postings from an Ashby Posting API ``job-board/{name}?includeCompensation=true`` payload."""
    jobs = jobs_of(board, payload)
    return parse_entries(board, Ashby.id_prefix, jobs, lambda job: _fields(board, job, company))


class Ashby:
    """Ashby's job boards: every listed job in one request."""

    kind: ClassVar[str] = "ashby"
    label: ClassVar[str] = "Ashby"
    id_prefix: ClassVar[str] = "ab"
    vendor_domains: ClassVar[tuple[str, ...]] = ("ashbyhq.com",)
    example_url: ClassVar[str] = "https://jobs.ashbyhq.com/yourcompany"

    def board(self, token: str) -> AtsBoard:
        name = quote(token, safe="")
        api = f"https://api.ashbyhq.com/posting-api/job-board/{name}?includeCompensation=true"
        return AtsBoard(self.kind, token, api, f"https://jobs.ashbyhq.com/{name}")

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        token = match_token(_URLS, host, path, query)
        return self.board(token) if token else None

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        return AtsBoard(self.kind, path_token(segments, "job-board") or host, url, url)

    def sniff(self, payload: object) -> bool:
        jobs = payload.get("jobs") if isinstance(payload, dict) else None
        first = next((j for j in jobs if isinstance(j, dict)), None) if isinstance(jobs, list) else None
        return first is not None and "jobUrl" in first

    def parse(self, board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
        """Postings from the one payload the board's API answers."""
        return parse_ashby(board, payload, company=company)

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        return self.parse(board, await client.get_json(board.api_url), company=company)

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """None: the Posting API is the board's one listing, with no per-job endpoint. A job
        gone from it is archived by the next scrape of the company; until then its page is checked."""
        return None


ADAPTER = Ashby()
