"""Workable: the public careers app's API behind ``apply.workable.com/{account}/``.

The listing is ``POST /api/v3/accounts/{account}/jobs`` with a filter body; each answer carries a
``nextPage`` token that goes back in the body (``"token"``) for the next page. Listing entries
hold no text, so each job's details (``GET /api/v2/accounts/{account}/jobs/{shortcode}``: the
description, requirements and benefits as HTML) are fetched too; a job whose details cannot be
had keeps its listing fields, with a note. The public API publishes no pay and no employer name,
so neither is filled from it (the employer is the configured name or the account title-cased).

Job pages live at ``/{account}/j/{shortcode}/`` on the same host as the API, so a mirror that
serves ``{prefix}/api/v3/accounts/{account}/jobs`` gets its job links under ``{prefix}`` too.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import quote, unquote, urlsplit

from jobscraper.sources.ats.base import (
    AtsBoard,
    AtsClient,
    ParsedBoard,
    Skip,
    company_name,
    parse_entries,
    path_token,
    require,
    shape_error,
)
from jobscraper.sources.ats.coerce import as_date as iso_date
from jobscraper.sources.ats.coerce import as_dict, as_list, as_str, job_type, workplace
from jobscraper.sources.ats.detail_calls import with_details
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "Workable", "detail_url", "job_url"]

HOST = "apply.workable.com"
# The body the careers app sends for an unfiltered listing; the next page adds "token".
_FILTERS: dict[str, object] = {"query": "", "location": [], "department": [], "worktype": [], "remote": []}
_DATES = ("published", "created", "created_at")  # when the job went up, best first
_MAX_PAGES = 200  # 10 jobs a page: 2,000 jobs, far beyond any one account's board
_ACCOUNT = re.compile(r"^[A-Za-z0-9][\w-]*$")
# apply.workable.com paths and workable.com subdomains that are never an account
_NOT_ACCOUNTS = frozenset({"api", "j", "static", "assets"})
_NOT_SUBDOMAINS = frozenset({"www", "apply", "jobs", "help", "resources", "api", "blog", "careers"})
_MIRROR = re.compile(r"^(?P<prefix>.*?)/api/v\d+/accounts/(?P<account>[^/]+)/jobs/?$")


def _board(account: str) -> AtsBoard:
    name = quote(account, safe="")
    return AtsBoard(
        "workable", account, f"https://{HOST}/api/v3/accounts/{name}/jobs", f"https://{HOST}/{name}/"
    )


def _account_from_path(segments: list[str]) -> str | None:
    lowered = [s.lower() for s in segments]
    if lowered[:1] == ["api"]:  # /api/v3/accounts/{a}/jobs, /api/v1/widget/accounts/{a}
        return segments[lowered.index("accounts") + 1] if "accounts" in lowered[:-1] else None
    return segments[0] if segments and lowered[0] not in _NOT_ACCOUNTS else None


def _site(board: AtsBoard) -> tuple[str, str, str]:
    """(origin + prefix, account, api path prefix) the API and job pages of ``board`` share."""
    parts = urlsplit(board.api_url)
    match = _MIRROR.match(parts.path)
    if match is None:
        return f"https://{HOST}", quote(board.token, safe=""), ""
    return f"{parts.scheme}://{parts.netloc}{match['prefix']}", match["account"], match["prefix"]


def job_url(board: AtsBoard, shortcode: str) -> str:
    """The public page of one job: ``https://apply.workable.com/{account}/j/{shortcode}/``."""
    site, account, _ = _site(board)
    return f"{site}/{account}/j/{quote(shortcode, safe='')}/"


def detail_url(board: AtsBoard, shortcode: str) -> str:
    """Where one job's details are: the v2 job endpoint beside the v3 listing."""
    parts = urlsplit(board.api_url)
    if _MIRROR.match(parts.path) is None:  # a mirror laid out otherwise: {listing URL}/{shortcode}
        return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/{quote(shortcode, safe='')}"
    site, account, _ = _site(board)
    return f"{site}/api/v2/accounts/{account}/jobs/{quote(shortcode, safe='')}"


def _place(location: Any) -> str | None:
    """ "City, Region, Country" of one Workable location object, repeated parts once."""
    loc = as_dict(location)
    parts: list[str] = []
    for key in ("city", "region", "country"):
        text = as_str(loc.get(key))
        if text and text.lower() not in (p.lower() for p in parts):
            parts.append(text)
    return ", ".join(parts) or None


def _places(job: dict[str, Any]) -> str | None:
    offices = [loc for loc in as_list(job.get("locations")) if as_dict(loc).get("hidden") is not True]
    seen: list[str] = []
    for place in map(_place, offices or [job.get("location")]):
        if place and place.lower() not in (s.lower() for s in seen):
            seen.append(place)
    return "; ".join(seen) or None


def _description(job: dict[str, Any]) -> str | None:
    body = as_str(job.get("description")) or ""
    for heading, key in (("Requirements", "requirements"), ("Benefits", "benefits")):
        text = as_str(job.get(key))
        if text:
            body += f"<h3>{heading}</h3>{text}"
    return to_markdown(body)


def _convert(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(job.get("title"), "title")
    shortcode = require(job.get("shortcode"), "shortcode")
    if job.get("isInternal") is True:
        raise Skip("internal job")
    location = _places(job)
    is_remote, where = workplace(job.get("workplace"), location)
    if job.get("remote") is True:
        is_remote, where = True, where or "remote"
        location = location or "Remote"
    departments = [as_str(d) for d in as_list(job.get("department")) or [job.get("department")]]
    return {
        "job_url": job_url(board, shortcode),
        "title": title,
        "company": company_name(board, company),
        "location": location,
        "is_remote": is_remote,
        "work_from_home_type": where,
        "job_type": job_type(job.get("type") or job.get("employment_type")),
        "job_function": ", ".join(d for d in departments if d) or None,
        "date_posted": next(filter(None, map(iso_date, (job.get(k) for k in _DATES))), None),
        "description": _description(job),
    }


class Workable:
    """Workable's public careers API (listing by POST with a page token, details per job)."""

    kind: ClassVar[str] = "workable"
    label: ClassVar[str] = "Workable"
    id_prefix: ClassVar[str] = "wk"
    vendor_domains: ClassVar[tuple[str, ...]] = ("workable.com",)
    example_url: ClassVar[str] = "https://apply.workable.com/yourcompany/"

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        segments = [unquote(s).strip() for s in path.split("/") if s]
        if host == HOST:
            account = _account_from_path(segments)
        elif host.endswith(".workable.com") and host.count(".") == 2:  # legacy {account}.workable.com
            account = host.split(".", maxsplit=1)[0]
            account = None if account in _NOT_SUBDOMAINS else account
        else:
            return None
        return _board(account) if account and _ACCOUNT.match(account) else None

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        token = path_token(segments, "accounts", frozenset({"widget"})) or host
        return AtsBoard(self.kind, token, url, url)

    def sniff(self, payload: object) -> bool:
        results = payload.get("results") if isinstance(payload, dict) else None
        first = next((r for r in results if isinstance(r, dict)), None) if isinstance(results, list) else None
        return first is not None and "shortcode" in first and "title" in first

    async def _listing(self, board: AtsBoard, client: AtsClient) -> tuple[list[Any], int, list[str]]:
        entries: list[Any] = []
        seen: set[str] = set()
        token: str | None = None
        pages = 0
        while True:
            body = {**_FILTERS, "token": token} if token else dict(_FILTERS)
            payload = await client.post_json(board.api_url, body)
            pages += 1
            results = payload.get("results") if isinstance(payload, dict) else None
            if not isinstance(results, list):
                raise shape_error(board.api_url, payload, 'an object with a "results" list')
            entries += results
            seen.add(token or "")
            token = as_str(as_dict(payload).get("nextPage"))
            if not token or token in seen or not results:
                return entries, pages, []
            if pages >= _MAX_PAGES:
                return entries, pages, [f"listing stopped after {pages} pages; more were offered"]

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        entries, pages, notes = await self._listing(board, client)
        detailed = await with_details(
            client, entries, "shortcode", self.id_prefix, lambda code: detail_url(board, code)
        )
        parsed = parse_entries(
            board,
            self.id_prefix,
            detailed.entries,
            lambda job: _convert(board, job, company),
            id_key="shortcode",
        )
        parsed.skipped += notes + detailed.notes
        parsed.requests = pages + detailed.requests
        return parsed

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """The job's details, as the scrape reads them (:func:`detail_url`; 404 once it is gone)."""
        return detail_url(board, source_id)


ADAPTER = Workable()
