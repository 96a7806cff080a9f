"""SmartRecruiters: the public Posting API (``api.smartrecruiters.com/v1/companies/{company}/postings``).

The listing is paged by ``limit`` (at most 100) and ``offset``, with ``totalFound`` on every
page; the server may serve fewer than asked, so the next offset is counted from what came. A
listing entry has no text and no public link, so each posting's details are fetched
(``…/postings/{id}``: ``jobAd.sections`` as HTML, ``postingUrl``, ``applyUrl`` and, where the
company publishes one, ``compensation``); a posting whose details cannot be had keeps its listing
fields, with a note, and a job link built the way the public pages are
(``jobs.smartrecruiters.com/{company}/{id}``). A company identifier is case-sensitive and kept as
given. The API gives one location per posting (an employer hiring in several cities posts once
per city).
"""

from __future__ import annotations

import html
import re
from typing import Any, ClassVar
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from jobscraper.posting import is_http_url
from jobscraper.sources.ats.base import (
    AtsBoard,
    AtsClient,
    ParsedBoard,
    company_name,
    parse_entries,
    path_token,
    require,
    shape_error,
)
from jobscraper.sources.ats.coerce import (
    as_date,
    as_dict,
    as_num,
    as_str,
    interval_word,
    job_type,
    salary_fields,
)
from jobscraper.sources.ats.detail_calls import with_details
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "SmartRecruiters", "detail_url", "page_url"]

API_HOST = "api.smartrecruiters.com"
JOBS_HOST = "jobs.smartrecruiters.com"
PAGE = 100  # the API's largest page
_MAX_PAGES = 100  # 10,000 postings: more than the largest employers publish
_COMPANY = re.compile(r"^[\w][\w.\-]*$")
_PAGE_HOSTS = (JOBS_HOST, "careers.smartrecruiters.com")
# first path segments on the public page hosts that are not a company
_NOT_COMPANIES = frozenset({"sr-jobs", "oneclick-ui", "ui", "static", "api", "search"})
_MIRROR = re.compile(r"^(?P<prefix>.*?)/v1/companies/(?P<company>[^/]+)/postings/?$")
_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def _board(company: str) -> AtsBoard:
    name = quote(company, safe="")
    return AtsBoard(
        "smartrecruiters",
        company,
        f"https://{API_HOST}/v1/companies/{name}/postings",
        f"https://{JOBS_HOST}/{name}",
    )


def page_url(board: AtsBoard, offset: int) -> str:
    """The listing page at ``offset``: ``board.api_url`` with ``limit`` and ``offset`` set."""
    parts = urlsplit(board.api_url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("limit", "offset")]
    query += [("limit", str(PAGE)), ("offset", str(offset))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def detail_url(board: AtsBoard, posting_id: str) -> str:
    """One posting's details: ``{listing URL without its query}/{id}``."""
    parts = urlsplit(board.api_url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/{quote(posting_id, safe='')}"


def _job_page(board: AtsBoard, job: dict[str, Any], posting_id: str) -> str:
    """The public page: the details' ``postingUrl``, else the company's page for the id."""
    given = as_str(job.get("postingUrl"))
    if given and is_http_url(given):
        return given
    parts = urlsplit(board.api_url)
    match = _MIRROR.match(parts.path)
    if parts.hostname == API_HOST or match is None:
        company = as_str(as_dict(job.get("company")).get("identifier")) or board.token
        return f"https://{JOBS_HOST}/{quote(company, safe='')}/{quote(posting_id, safe='')}"
    # a mirror serving {prefix}/v1/companies/{c}/postings: its pages at {prefix}/{c}/{id}
    return f"{parts.scheme}://{parts.netloc}{match['prefix']}/{match['company']}/{quote(posting_id, safe='')}"


def _location(job: dict[str, Any]) -> tuple[str | None, bool | None, str | None]:
    """(location, is_remote, work_from_home_type) from the posting's ``location`` object."""
    loc = as_dict(job.get("location"))
    place = as_str(loc.get("fullLocation"))
    if place is None:
        parts: list[str] = []
        for key in ("city", "region", "country"):
            text = as_str(loc.get(key))
            if text and text.lower() not in (p.lower() for p in parts):
                parts.append(text.upper() if key == "country" and len(text) == 2 else text)
        place = ", ".join(parts) or None
    remote, hybrid = loc.get("remote"), loc.get("hybrid")
    if remote is True:
        return place or "Remote", True, "remote"
    if hybrid is True:
        return place, False, "hybrid"
    if remote is False:
        return place, False, "onsite" if hybrid is False else None
    return place, None, None


def _description(job: dict[str, Any]) -> str | None:
    sections = as_dict(as_dict(job.get("jobAd")).get("sections"))
    body = ""
    for key in _SECTIONS:
        section = as_dict(sections.get(key))
        text = as_str(section.get("text"))
        if text:
            heading = as_str(section.get("title"))
            body += (f"<h3>{html.escape(heading)}</h3>" if heading else "") + text
    return to_markdown(body)


def _salary(job: dict[str, Any]) -> dict[str, Any]:
    pay = as_dict(job.get("compensation"))
    interval = interval_word(pay.get("period") or pay.get("interval"))
    return salary_fields(pay.get("min"), pay.get("max"), pay.get("currency"), interval)


def _label(value: Any) -> str | None:
    item = as_dict(value)
    return as_str(item.get("label")) or as_str(item.get("id"))


def _convert(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(job.get("name"), "name")
    posting_id = require(job.get("id"), "id")
    location, is_remote, where = _location(job)
    apply = as_str(job.get("applyUrl"))
    return {
        "job_url": _job_page(board, job, posting_id),
        "job_url_direct": apply if apply and is_http_url(apply) else None,
        "title": title,
        "company": company_name(board, company, as_dict(job.get("company")).get("name")),
        "location": location,
        "is_remote": is_remote,
        "work_from_home_type": where,
        "job_type": job_type(_label(job.get("typeOfEmployment"))),
        "job_level": _label(job.get("experienceLevel")),
        "job_function": _label(job.get("department")) or _label(job.get("function")),
        "date_posted": as_date(job.get("releasedDate")),
        "description": _description(job),
        **_salary(job),
    }


class SmartRecruiters:
    """SmartRecruiters' public Posting API (paged listing, details per posting)."""

    kind: ClassVar[str] = "smartrecruiters"
    label: ClassVar[str] = "SmartRecruiters"
    id_prefix: ClassVar[str] = "sr"
    vendor_domains: ClassVar[tuple[str, ...]] = ("smartrecruiters.com",)
    example_url: ClassVar[str] = "https://jobs.smartrecruiters.com/YourCompany"

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        segments = [unquote(s).strip() for s in path.split("/") if s]
        company: str | None = None
        if host in _PAGE_HOSTS and segments and segments[0].lower() not in _NOT_COMPANIES:
            company = segments[0]
        elif (
            host == API_HOST
            and [s.lower() for s in segments[:2]] == ["v1", "companies"]
            and len(segments) > 2
        ):
            company = segments[2]
        return _board(company) if company and _COMPANY.match(company) else None

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        return AtsBoard(self.kind, path_token(segments, "companies") or host, url, url)

    def sniff(self, payload: object) -> bool:
        content = payload.get("content") if isinstance(payload, dict) else None
        if not isinstance(content, list) or "totalFound" not in as_dict(payload):
            return False
        first = next((p for p in content if isinstance(p, dict)), None)
        return first is None or ("name" in first and "id" in first)

    async def _listing(self, board: AtsBoard, client: AtsClient) -> tuple[list[Any], int, list[str]]:
        entries: list[Any] = []
        offset = pages = 0
        while True:
            url = page_url(board, offset)
            payload = await client.get_json(url)
            pages += 1
            content = payload.get("content") if isinstance(payload, dict) else None
            if not isinstance(content, list):
                raise shape_error(url, payload, 'an object with a "content" list')
            entries += content
            offset += len(content)
            total = as_num(as_dict(payload).get("totalFound"))
            if not content or (total is not None and offset >= total):
                return entries, pages, []
            if total is None and len(content) < PAGE:  # no total given: a short page is the last
                return entries, pages, []
            if pages >= _MAX_PAGES:
                return entries, pages, [f"listing stopped after {pages} pages; more were offered"]

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        entries, pages, notes = await self._listing(board, client)
        detailed = await with_details(client, entries, "id", self.id_prefix, lambda i: detail_url(board, i))
        parsed = parse_entries(board, self.id_prefix, detailed.entries, lambda j: _convert(board, j, company))
        parsed.skipped += notes + detailed.notes
        parsed.requests = pages + detailed.requests
        return parsed

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """The posting's details, as the scrape reads them (:func:`detail_url`; 404 once it is gone)."""
        return detail_url(board, source_id)


ADAPTER = SmartRecruiters()
