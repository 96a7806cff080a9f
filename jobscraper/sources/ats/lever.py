"""Lever: the Postings API (``api.lever.co/v0/postings/{company}?mode=json``, ``api.eu.`` in the EU).

One request returns every open posting as a bare list (grouped by team with ``&group=team``); the
description is the opening HTML, its ``lists`` (requirements, benefits) and the closing text.
"""

from __future__ import annotations

import html
import re
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

from jobscraper.sources.ats.base import (
    AtsBoard,
    AtsClient,
    ParsedBoard,
    company_name,
    match_token,
    parse_entries,
    path_token,
    require,
    shape_error,
)
from jobscraper.sources.ats.coerce import (
    as_dict,
    as_list,
    as_str,
    epoch_ms_date,
    interval_word,
    job_type,
    join_places,
    salary_fields,
    workplace,
)
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "Lever", "parse_lever"]

_API_HOSTS = ("api.lever.co", "api.eu.lever.co")
_URLS = (
    re.compile(r"jobs(?:\.eu)?\.lever\.co/([^/?#]+)"),
    re.compile(r"api(?:\.eu)?\.lever\.co/v0/postings/([^/?#]+)"),
)


def _fields(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(job.get("text"), "title (text)")
    cats = as_dict(job.get("categories"))
    location = join_places([cats.get("location"), *as_list(cats.get("allLocations"))])
    is_remote, where = workplace(job.get("workplaceType"), location)
    body = as_str(job.get("description")) or ""
    for block in map(as_dict, as_list(job.get("lists"))):  # "Requirements", "Benefits", …
        heading, items = html.escape(as_str(block.get("text")) or ""), as_str(block.get("content")) or ""
        body += f"<h3>{heading}</h3><ul>{items}</ul>"
    body += as_str(job.get("additional")) or ""
    pay = as_dict(job.get("salaryRange"))
    return {
        "job_url": require(job.get("hostedUrl"), "hostedUrl"),
        "job_url_direct": as_str(job.get("applyUrl")),
        "title": title,
        "company": company_name(board, company),
        "location": location,
        "is_remote": is_remote,
        "work_from_home_type": where,
        "job_type": job_type(cats.get("commitment")),
        "job_level": as_str(cats.get("level")),
        "job_function": as_str(cats.get("department")) or as_str(cats.get("team")),
        "date_posted": epoch_ms_date(job.get("createdAt")),
        "description": to_markdown(body) or to_markdown(as_str(job.get("descriptionPlain"))),
        **salary_fields(
            pay.get("min"), pay.get("max"), pay.get("currency"), interval_word(pay.get("interval"))
        ),
    }


def parse_lever(board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
    """Postings from a Lever Postings API ``?mode=json`` payload (a bare list; grouped lists too)."""
    if not isinstance(payload, list):
        raise shape_error(board.api_url, payload, "a JSON list of postings")
    if payload and all(isinstance(g, dict) and "postings" in g and "text" not in g for g in payload):
        payload = [p for g in payload for p in as_list(g["postings"])]  # `&group=team` answers
    return parse_entries(board, Lever.id_prefix, payload, lambda job: _fields(board, job, company))


class Lever:
    """Lever's job sites: every posting in one request."""

    kind: ClassVar[str] = "lever"
    label: ClassVar[str] = "Lever"
    id_prefix: ClassVar[str] = "lv"
    vendor_domains: ClassVar[tuple[str, ...]] = ("lever.co",)
    example_url: ClassVar[str] = "https://jobs.lever.co/yourcompany"

    def board(self, token: str, *, eu: bool = False) -> AtsBoard:
        name, region = quote(token, safe=""), ".eu" if eu else ""
        api = f"https://api{region}.lever.co/v0/postings/{name}?mode=json"
        return AtsBoard(self.kind, token, api, f"https://jobs{region}.lever.co/{name}")

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        token = match_token(_URLS, host, path, query)
        return self.board(token, eu=host.startswith(("jobs.eu.", "api.eu."))) if token else None

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        return AtsBoard(self.kind, path_token(segments, "postings") or host, url, url)

    def sniff(self, payload: object) -> bool:
        first = next((j for j in payload if isinstance(j, dict)), None) if isinstance(payload, list) else None
        if first is not None and "text" not in first:  # the `&group=team` answer: groups of postings
            first = next((p for p in as_list(first.get("postings")) if isinstance(p, dict)), first)
        return first is not None and "hostedUrl" in first and "text" in first

    def parse(self, board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
        """Postings from the one payload the board's API answers."""
        return parse_lever(board, payload, company=company)

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        return self.parse(board, await client.get_json(board.api_url), company=company)

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """The Postings API's ``GET /v0/postings/{company}/{id}`` (documented beside the listing;
        404 once the posting is gone), in the board's region. Only on Lever's own API hosts: a
        mirror (the demo board) serves the listing alone, so its jobs keep the page check."""
        host = urlsplit(board.api_url).hostname or ""
        if host not in _API_HOSTS:
            return None
        return f"https://{host}/v0/postings/{quote(board.token, safe='')}/{quote(source_id, safe='')}"


ADAPTER = Lever()
