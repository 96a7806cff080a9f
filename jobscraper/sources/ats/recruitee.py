"""Recruitee: the careers site's public offers API, every open job in one JSON answer.

``GET https://{company}.recruitee.com/api/offers/`` → ``{"offers": [...]}``, no key and no paging
(the whole board in one answer, as consumers of the API and the API's own careers-site docs show).
Each offer carries its description and requirements (HTML), so no detail request is needed.
Salary arrives as strings with a period (``{"min": "50000", "max": "60000", "currency": "EUR",
"period": "year"}``); the period becomes the interval word, an unknown one none.
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
    parse_entries,
    require,
    shape_error,
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
from jobscraper.sources.ats.feed import site_of
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "RecruiteeAdapter"]

_HOST = re.compile(r"([a-z0-9][a-z0-9-]*)\.recruitee\.com")
# Recruitee's own hosts on its domain, which are not a company's careers site
_NOT_BOARDS = frozenset({"www", "api", "app", "blog", "docs", "help", "support", "status", "careers-api"})
_API_PATH = "/api/offers/"


def _place(item: Any) -> str | None:
    """One entry of ``locations[]``: "city, state, country" when it has a city, else its name,
    else its full address (written country first by some tenants), else what it has."""
    if isinstance(item, str):
        return as_str(item)
    loc = as_dict(item)
    parts = ", ".join(p for p in (as_str(loc.get(k)) for k in ("city", "state", "country")) if p)
    if as_str(loc.get("city")):
        return parts
    return as_str(loc.get("name")) or as_str(loc.get("full_address")) or parts or None


def _location(offer: dict[str, Any]) -> str | None:
    listed = join_places([_place(item) for item in as_list(offer.get("locations"))])
    city_country = ", ".join(p for p in (as_str(offer.get("city")), as_str(offer.get("country"))) if p)
    return listed or as_str(offer.get("location")) or city_country or None


def _workplace(offer: dict[str, Any], location: str | None) -> tuple[bool | None, str | None]:
    for flag, kind in (("remote", "remote"), ("hybrid", "hybrid"), ("on_site", "onsite")):
        if offer.get(flag) is True:
            return workplace(kind, location)
    return workplace(None, location)


def _department(value: Any) -> str | None:
    return as_str(as_dict(value).get("name")) if isinstance(value, dict) else as_str(value)


def _offer(board: AtsBoard, offer: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(offer.get("title"), "title")
    if as_str(offer.get("status")) not in (None, "published"):  # a draft or closed offer
        raise Skip(f"status {offer.get('status')}")
    slug = as_str(offer.get("slug"))
    url = as_str(offer.get("careers_url")) or (slug and f"{board.board_url.rstrip('/')}/o/{quote(slug)}")
    location = _location(offer)
    is_remote, kind = _workplace(offer, location)
    body = as_str(offer.get("description")) or ""
    requirements = as_str(offer.get("requirements"))
    if requirements:
        body += f"<h3>Requirements</h3>{requirements}"
    pay = as_dict(offer.get("salary"))
    return {
        "job_url": require(url, "careers_url"),
        "job_url_direct": as_str(offer.get("careers_apply_url")),
        "title": title,
        "company": company_name(board, company, offer.get("company_name")),
        "location": location,
        "is_remote": is_remote,
        "work_from_home_type": kind,
        "job_type": job_type(offer.get("employment_type_code")),
        "job_level": as_str(offer.get("experience_code")),
        "job_function": _department(offer.get("department")),
        "date_posted": as_date(offer.get("published_at")) or as_date(offer.get("created_at")),
        "description": to_markdown(body),
        **salary_fields(
            pay.get("min"), pay.get("max"), pay.get("currency"), interval_word(pay.get("period"))
        ),
    }


def parse_offers(board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
    """Postings from an ``/api/offers/`` answer; ParseError for a payload of another shape."""
    offers = payload.get("offers") if isinstance(payload, dict) else None
    if not isinstance(offers, list):
        raise shape_error(board.api_url, payload, 'an object with an "offers" list')
    return parse_entries(board, RecruiteeAdapter.id_prefix, offers, lambda o: _offer(board, o, company))


def _board(token: str, site: str) -> AtsBoard:
    return AtsBoard("recruitee", token, f"{site.rstrip('/')}{_API_PATH}", f"{site.rstrip('/')}/")


class RecruiteeAdapter:
    """Recruitee careers sites: ``{company}.recruitee.com`` (and ``/o/{slug}`` job pages)."""

    kind: ClassVar[str] = "recruitee"
    label: ClassVar[str] = "Recruitee"
    id_prefix: ClassVar[str] = "rc"
    vendor_domains: ClassVar[tuple[str, ...]] = ("recruitee.com",)
    example_url: ClassVar[str] = "https://acme.recruitee.com/"

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        """The careers site, a job page or the API URL on ``{company}.recruitee.com``."""
        match = _HOST.fullmatch(host)
        if match is None or match.group(1) in _NOT_BOARDS:
            return None
        return _board(match.group(1), f"https://{host}")

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        """A custom careers domain or a mirror: its ``/api/offers/``, or the API URL as given."""
        lowered = [s.lower() for s in segments]
        last = lowered[-1] if lowered else ""
        given = lowered[-2:] == ["api", "offers"] or last.endswith(".json")
        if given:  # the API's path, or a file of its answer (a mirror)
            segments = segments[: -2 if last == "offers" else -1]
        elif "o" in lowered:  # a job page, /o/{slug}: the site is what comes before
            segments = segments[: lowered.index("o")]
        site, token = site_of(url, segments, host)
        return AtsBoard(self.kind, token, url.strip() if given else f"{site}{_API_PATH}", f"{site}/")

    def sniff(self, payload: object) -> bool:
        """An ``{"offers": [...]}`` object whose first offer has Recruitee's ``careers_url``."""
        offers = payload.get("offers") if isinstance(payload, dict) else None
        first = next((o for o in offers if isinstance(o, dict)), None) if isinstance(offers, list) else None
        return first is not None and "careers_url" in first and "title" in first

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        """Every published offer: one request, no paging, descriptions included."""
        return parse_offers(board, await client.get_json(board.api_url), company=company)

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """None: the offers API is one answer for the whole board; the scrape reads no per-offer
        endpoint. A posting gone from it is archived by the next scrape of the company already;
        between scrapes its job page is checked."""
        return None


ADAPTER = RecruiteeAdapter()
