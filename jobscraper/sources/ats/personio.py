"""Personio: the public XML job feed of a company's Personio careers site.

``GET https://{company}.jobs.personio.de/xml?language=en`` (``.personio.com`` serves the same) →
``<workzag-jobs>`` with one ``<position>`` per open job: ``id``, ``subcompany``, ``office`` and
``additionalOffices/office``, ``department``, ``name`` (the title), ``jobDescriptions/
jobDescription/{name, value}`` (the value HTML in CDATA), ``employmentType``, ``seniority``,
``schedule``, ``yearsOfExperience``, ``createdAt``. Every job in one answer, no paging and no
detail request. The feed carries no job URL: it is built from the id as
``https://{company}.jobs.personio.de/job/{id}``. ``office`` is free text the employer typed.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar
from urllib.parse import parse_qs, quote, urlencode
from xml.etree.ElementTree import Element

from jobscraper.errors import ParseError
from jobscraper.sources.ats.base import AtsBoard, AtsClient, ParsedBoard, company_name, parse_entries, require
from jobscraper.sources.ats.coerce import as_date, as_str, interval_word, job_type, join_places, salary_fields
from jobscraper.sources.ats.feed import child, children, local, parse_feed, site_of, text_of
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "PersonioAdapter", "parse_positions"]

_ROOT = "workzag-jobs"
# an employment type that says more than the schedule does ("intern" working full-time is an intern)
_OVERRIDES = ("internship", "contract", "temporary")


def _position(el: Element) -> dict[str, Any]:
    """A ``<position>`` as a plain dict (what :func:`parse_entries` takes)."""
    offices = [
        text_of(el, "office"),
        *(text_of(o) for o in children(child(el, "additionalOffices"), "office")),
    ]
    sections = [
        (text_of(d, "name"), text_of(d, "value"))
        for d in children(child(el, "jobDescriptions"), "jobDescription")
    ]
    pay = child(el, "salaryInformation")
    fields = ("id", "subcompany", "department", "name", "employmentType", "seniority", "schedule",
              "yearsOfExperience", "createdAt")  # fmt: skip
    return {
        **{f: text_of(el, f) for f in fields},
        "offices": offices,
        "sections": sections,
        "salary": {f: text_of(pay, f) for f in ("min", "max", "currencyCode", "type")}
        if pay is not None
        else {},
    }


def _job_type(position: dict[str, Any]) -> str | None:
    by_contract = job_type(position.get("employmentType"))
    if by_contract in _OVERRIDES:
        return by_contract
    return job_type(position.get("schedule")) or by_contract


def _convert(board: AtsBoard, position: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(position.get("name"), "name")
    job_id = require(position.get("id"), "id")
    location = join_places(position["offices"])
    body = "".join(
        (f"<h3>{html.escape(name)}</h3>" if name else "") + (value or "")
        for name, value in position["sections"]
    )
    pay = position["salary"]
    return {
        "job_url": f"{board.board_url.rstrip('/')}/job/{quote(job_id, safe='')}",
        "title": title,
        "company": company_name(board, company, position.get("subcompany")),
        "location": location,
        # the feed has no remote flag: only an office named "Remote …" says so
        "is_remote": True if location and "remote" in location.lower() else None,
        "job_type": _job_type(position),
        "job_level": as_str(position.get("seniority")),
        "job_function": as_str(position.get("department")),
        "experience_range": as_str(position.get("yearsOfExperience")),
        "date_posted": as_date(position.get("createdAt")),
        "description": to_markdown(body),
        **salary_fields(
            pay.get("min"), pay.get("max"), pay.get("currencyCode"), interval_word(pay.get("type"))
        ),
    }


def parse_positions(board: AtsBoard, text: str, *, company: str | None = None) -> ParsedBoard:
    """Postings from the feed's text; ParseError for anything but a ``<workzag-jobs>`` document."""
    root = parse_feed(board.api_url, text)
    if local(root.tag) != _ROOT:
        raise ParseError(board.api_url, f"expected a <{_ROOT}> job feed, got <{local(root.tag)}>")
    positions = [_position(p) for p in children(root, "position")]
    return parse_entries(board, PersonioAdapter.id_prefix, positions, lambda p: _convert(board, p, company))


def _board(token: str, site: str, query: str = "") -> AtsBoard:
    language = (parse_qs(query).get("language") or ["en"])[0]
    api = f"{site}/xml?{urlencode({'language': language})}"
    return AtsBoard("personio", token, api, site)


class PersonioAdapter:
    """Personio careers sites: ``{company}.jobs.personio.de`` or ``.personio.com``."""

    kind: ClassVar[str] = "personio"
    label: ClassVar[str] = "Personio"
    id_prefix: ClassVar[str] = "ps"
    vendor_domains: ClassVar[tuple[str, ...]] = ("personio.de", "personio.com")
    example_url: ClassVar[str] = "https://acme.jobs.personio.de/"

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        """The careers site, a job page or the feed on ``{company}.jobs.personio.de|com``; a
        ``language=`` in the pasted URL is kept (English otherwise)."""
        name, dot, rest = host.partition(".")
        if (
            not dot
            or rest not in ("jobs.personio.de", "jobs.personio.com")
            or not name.replace("-", "").isalnum()
        ):
            return None
        return _board(name, f"https://{host}", query)

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        """A mirror (the demo board): the feed URL as given, or ``/xml`` under the site given;
        job URLs are built under the site."""
        lowered = [s.lower() for s in segments]
        given = bool(lowered) and lowered[-1].endswith("xml")  # /xml, or a file: /feed.xml
        if given:
            segments = segments[:-1]
        elif "job" in lowered:  # a job page, /job/{id}
            segments = segments[: lowered.index("job")]
        site, token = site_of(url, segments, host)
        return AtsBoard(self.kind, token, url.strip(), site) if given else _board(token, site)

    def sniff(self, payload: object) -> bool:
        """Personio answers XML, never JSON: no JSON payload is Personio's."""
        return False

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        """Every position in the feed: one request, descriptions included."""
        return parse_positions(board, await client.get_text(board.api_url), company=company)

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """None: Personio has only its XML feed, with no per-job endpoint. A posting gone from it is
        archived by the next scrape of the company already; between scrapes its job page is
        checked."""
        return None


ADAPTER = PersonioAdapter()
