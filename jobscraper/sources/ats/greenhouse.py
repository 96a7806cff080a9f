"""Greenhouse: the Job Board API (``boards-api.greenhouse.io/v1/boards/{token}/jobs``).

One request returns every open job with its content (``content=true``) and pay ranges
(``pay_transparency=true``); the content is HTML escaped once too often, which
:func:`~jobscraper.sources.html.to_markdown` undoes.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

from jobscraper.sources.ats.base import (
    AtsBoard,
    AtsClient,
    ParsedBoard,
    company_name,
    jobs_of,
    match_token,
    parse_entries,
    path_token,
    require,
)
from jobscraper.sources.ats.coerce import as_date, as_dict, as_list, as_num, as_str, job_type, join_places
from jobscraper.sources.ats.coerce import salary_fields as salary
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "API_HOST", "Greenhouse", "parse_greenhouse"]

API_HOST = "boards-api.greenhouse.io"

# Where the board token is in board, job, embed and API URLs ("host/path?query").
_URLS = (
    # the embed iframe (embed/job_board?for=x) and its loader script (embed/job_board/js?for=x)
    re.compile(r"(?:job-)?boards\.greenhouse\.io/embed/job_\w+(?:/js)?/?\?(?:.*&)?for=([^&#]+)"),
    re.compile(r"(?:job-)?boards\.greenhouse\.io/(?!embed/)([^/?#]+)"),
    re.compile(r"boards-api\.greenhouse\.io/v1/boards/([^/?#]+)"),
)


def _metadata(job: dict[str, Any], *keys: str) -> Any:
    """The value of the first Greenhouse custom field whose name mentions one of ``keys``."""
    for item in map(as_dict, as_list(job.get("metadata"))):
        name = (as_str(item.get("name")) or "").lower()
        value = item.get("value")
        if any(k in name for k in keys) and value:
            return value[0] if isinstance(value, list) else value  # multi_select: the first choice
    return None


def _fields(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(job.get("title"), "title")
    offices = [as_dict(o).get("name") for o in as_list(job.get("offices"))]
    location = as_str(as_dict(job.get("location")).get("name")) or join_places(offices)
    pays = map(as_dict, as_list(job.get("pay_input_ranges")))
    pay = next((r for r in pays if r.get("min_cents")), {})
    low, high = (as_num(pay.get(k)) for k in ("min_cents", "max_cents"))
    top = (high or low or 0) / 100
    # Greenhouse pay ranges carry no interval: a figure this size is a year's pay or an hour's.
    interval = "yearly" if top >= 10_000 else "hourly" if 0 < top <= 500 else None
    departments = join_places([as_dict(d).get("name") for d in as_list(job.get("departments"))])
    return {
        "job_url": require(job.get("absolute_url"), "absolute_url"),
        "title": title,
        "company": company_name(board, company, job.get("company_name")),
        "location": location,
        "is_remote": "remote" in " ".join([location or "", *map(str, filter(None, offices))]).lower(),
        "job_type": job_type(_metadata(job, "employment", "job type", "commitment")),
        "job_level": as_str(_metadata(job, "level", "seniority")),
        "job_function": departments.replace("; ", ", ") if departments else None,
        "date_posted": as_date(job.get("first_published")) or as_date(job.get("updated_at")),
        # `content` is HTML whose markup arrives entity-escaped ("&lt;p&gt;"): unescape once.
        "description": to_markdown(as_str(job.get("content"))),
        **salary(low and low / 100, high and high / 100, pay.get("currency_type"), interval),
    }


def parse_greenhouse(board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
    """Postings from a Greenhouse Job Board API ``/jobs?content=true`` payload."""
    jobs = jobs_of(board, payload)
    return parse_entries(board, Greenhouse.id_prefix, jobs, lambda job: _fields(board, job, company))


class Greenhouse:
    """Greenhouse's boards: every job in one request."""

    kind: ClassVar[str] = "greenhouse"
    label: ClassVar[str] = "Greenhouse"
    id_prefix: ClassVar[str] = "gh"
    vendor_domains: ClassVar[tuple[str, ...]] = ("greenhouse.io",)
    example_url: ClassVar[str] = "https://job-boards.greenhouse.io/yourcompany"

    def board(self, token: str) -> AtsBoard:
        name = quote(token, safe="")
        api = f"https://boards-api.greenhouse.io/v1/boards/{name}/jobs?content=true&pay_transparency=true"
        return AtsBoard(self.kind, token, api, f"https://job-boards.greenhouse.io/{name}")

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        token = match_token(_URLS, host, path, query)
        return self.board(token) if token else None

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        return AtsBoard(self.kind, path_token(segments, "boards") or host, url, url)

    def sniff(self, payload: object) -> bool:
        jobs = payload.get("jobs") if isinstance(payload, dict) else None
        first = next((j for j in jobs if isinstance(j, dict)), None) if isinstance(jobs, list) else None
        return first is not None and "absolute_url" in first

    def parse(self, board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
        """Postings from the one payload the board's API answers."""
        return parse_greenhouse(board, payload, company=company)

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        return self.parse(board, await client.get_json(board.api_url), company=company)

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """The Job Board API's ``GET /v1/boards/{token}/jobs/{id}`` (documented beside the
        listing; 404 once the job is gone). Only on Greenhouse's own API host: a mirror (the demo
        board) serves the listing alone, so its jobs keep the page check."""
        if urlsplit(board.api_url).hostname != API_HOST:
            return None
        return f"https://{API_HOST}/v1/boards/{quote(board.token, safe='')}/jobs/{quote(source_id, safe='')}"


ADAPTER = Greenhouse()
