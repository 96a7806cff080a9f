"""Jobvite: a company's public XML job feed, found from its careers page on ``jobs.jobvite.com``.

``GET https://app.jobvite.com/CompanyJobs/Xml.aspx?c={companyEId}`` → ``<result>`` with one
``<job>`` per open job: ``id``, ``title``, ``requisitionid``, ``category``, ``jobtype``
("Full-Time"), ``location``, ``date`` (M/D/YYYY), ``detail-url``, ``apply-url``, ``description``
(the full HTML) and ``briefdescription``. Every job in one answer, no paging, no detail request,
no pay. The feed is keyed by an opaque ``companyEId`` that is not in the careers URL
(``jobs.jobvite.com/{slug}``): the careers page carries it in its inline script as
``companyEId: '…'``, so a pasted careers URL costs one extra request for that page (asked with
``fr=true&nl=1``, which renders the listing instead of redirecting to a company's own domain).
A pasted feed URL (``…/CompanyJobs/Xml.aspx?c=…``, on ``app.``, ``www.``, ``feed.`` or ``hire.``)
is read as it is. The feed throttles hard (429 with ``Retry-After``), which the client waits out.

Confirmed from public consumers' code rather than a vendor document: mozilla/django-jobvite
(the element names above) and two job trackers that read the feed and discover the id the same
way. A board with no open job answers with a redirect to a "NoJobs" page rather than an empty
``<result/>``; that page is read as an empty board, any other HTML as a ParseError.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar
from urllib.parse import parse_qs, quote, urlencode, urlsplit
from xml.etree.ElementTree import Element

from jobscraper.errors import ParseError
from jobscraper.sources.ats.base import AtsBoard, AtsClient, ParsedBoard, company_name, parse_entries, require
from jobscraper.sources.ats.coerce import as_str, job_type, join_places
from jobscraper.sources.ats.feed import children, local, parse_feed, text_of
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "JobviteAdapter", "company_eid", "parse_jobs"]

_FEED_HOSTS = frozenset({"app.jobvite.com", "jobvite.com", "feed.jobvite.com", "hire.jobvite.com"})
_FEED_PATH = "/companyjobs/xml.aspx"
_BOARD_HOST = "jobs.jobvite.com"
# first path segments of jobs.jobvite.com that are Jobvite's own, not a company's
_NOT_BOARDS = frozenset({"api", "__assets__", "careers", "companyjobs", "search", "static", "jobs"})
_EID = re.compile(r"""companyEId\s*[:=]\s*['"]([A-Za-z0-9_-]{4,40})['"]""")
_NO_JOBS = re.compile(r"nojobs|no (?:open )?jobs|no (?:current )?openings|no open positions", re.I)
_US_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_FIELDS = ("id", "title", "requisitionid", "category", "jobtype", "date", "detail-url", "apply-url",
           "description", "briefdescription")  # fmt: skip


def company_eid(page: str) -> str | None:
    """The ``companyEId`` in a Jobvite careers page's inline script; None when it has none."""
    found = _EID.search(page)
    return found.group(1) if found else None


def _feed_url(eid: str, query: str = "") -> str:
    """The feed of ``eid``; a careers-site id (``cs=``) in the pasted query is kept."""
    site = (parse_qs(query).get("cs") or [""])[0]
    params = {"c": eid, "cs": site} if site else {"c": eid}
    return f"https://app.jobvite.com/CompanyJobs/Xml.aspx?{urlencode(params)}"


def _us_date(value: Any) -> date | None:
    found = _US_DATE.match(as_str(value) or "")
    if found is None:
        return None
    month, day, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _job(el: Element) -> dict[str, Any]:
    """A ``<job>`` as a plain dict; every ``<location>`` is one office."""
    return {**{f: text_of(el, f) for f in _FIELDS}, "offices": [text_of(x) for x in children(el, "location")]}


def _convert(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(job.get("title"), "title")
    url = require(job.get("detail-url") or job.get("apply-url"), "detail-url")
    location = join_places(job["offices"])
    return {
        "job_url": url,
        "title": title,
        "company": company_name(board, company),
        "location": location,
        # the feed has no remote flag: only an office named "Remote …" says so
        "is_remote": True if location and "remote" in location.lower() else None,
        "job_type": job_type(job.get("jobtype")),
        "job_function": as_str(job.get("category")),
        "date_posted": _us_date(job.get("date")),
        "description": to_markdown(job.get("description") or job.get("briefdescription") or ""),
    }


def parse_jobs(board: AtsBoard, text: str, *, company: str | None = None) -> ParsedBoard:
    """Postings from the feed's text. The "NoJobs" page an empty board redirects to is an empty
    board; any other answer that is not a ``<result>`` document is a ParseError."""
    try:
        root = parse_feed(board.api_url, text)
    except ParseError:
        if _NO_JOBS.search(text[:20_000]):
            return ParsedBoard()
        raise
    if local(root.tag) != "result":
        if local(root.tag).lower() == "html" and _NO_JOBS.search(text[:20_000]):
            return ParsedBoard()
        raise ParseError(board.api_url, f"expected a <result> job feed, got <{local(root.tag)}>")
    jobs = [_job(j) for j in children(root, "job")]
    return parse_entries(board, JobviteAdapter.id_prefix, jobs, lambda j: _convert(board, j, company))


def _is_feed(path: str) -> bool:
    return path.lower().rstrip("/").endswith(_FEED_PATH)


class JobviteAdapter:
    """Jobvite careers pages (``jobs.jobvite.com/{company}``) and their XML feed."""

    kind: ClassVar[str] = "jobvite"
    label: ClassVar[str] = "Jobvite"
    id_prefix: ClassVar[str] = "jv"
    vendor_domains: ClassVar[tuple[str, ...]] = ("jobvite.com",)
    example_url: ClassVar[str] = "https://jobs.jobvite.com/acme/jobs"

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        """A careers page or job page on ``jobs.jobvite.com/{company}`` (also the older
        ``/careers/{company}/…``), or the feed URL with its ``c=`` id."""
        if host in _FEED_HOSTS and _is_feed(path):
            eid = (parse_qs(query).get("c") or [""])[0].strip()
            if not re.fullmatch(r"[A-Za-z0-9_-]{4,40}", eid):
                return None
            feed = _feed_url(eid, query)
            return AtsBoard(self.kind, eid, feed, feed)
        if host != _BOARD_HOST:
            return None
        segments = [s for s in path.split("/") if s]
        if segments[:1] == ["careers"]:  # jobs.jobvite.com/careers/{company}/job/{id}
            segments = segments[1:]
        slug = segments[0] if segments else ""
        if not slug or slug.lower() in _NOT_BOARDS or not re.fullmatch(r"[\w.-]+", slug):
            return None
        page = f"https://{_BOARD_HOST}/{quote(slug, safe='')}"
        # the board's id is discovered from its page at scrape time (api_url: that page)
        return AtsBoard(self.kind, slug.lower(), f"{page}?fr=true&nl=1", page)

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        """A mirror (the demo board): only the feed itself, requested as given."""
        path = "/" + "/".join(segments)
        if not _is_feed(path):
            raise ValueError(
                f"{url} is not a Jobvite feed; give its feed URL (…/CompanyJobs/Xml.aspx?c=…) "
                f"or a careers URL like {self.example_url}"
            )
        query = url.partition("?")[2]
        token = (parse_qs(query).get("c") or [host])[0]
        return AtsBoard(self.kind, token, url.strip(), url.strip())

    def sniff(self, payload: object) -> bool:
        """Jobvite answers XML, never JSON: no JSON payload is Jobvite's."""
        return False

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        """Every job in the feed: one request, or two when the careers page must name its id."""
        if _is_feed(urlsplit(board.api_url).path):
            return parse_jobs(board, await client.get_text(board.api_url), company=company)
        eid = company_eid(await client.get_text(board.api_url))
        if eid is None:
            raise ParseError(
                board.api_url,
                "no companyEId in the careers page, so its job feed cannot be found; "
                "configure the feed URL (https://app.jobvite.com/CompanyJobs/Xml.aspx?c=…) instead",
            )
        feed = AtsBoard(self.kind, board.token, _feed_url(eid), board.board_url)
        parsed = parse_jobs(feed, await client.get_text(feed.api_url), company=company)
        parsed.requests = 2
        return parsed

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """None: Jobvite's public side is its XML feed, with no per-job endpoint. A posting gone
        from it is archived by the next scrape of the company already; between scrapes its job
        page is checked."""
        return None


ADAPTER = JobviteAdapter()
