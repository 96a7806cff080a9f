"""Teamtailor: the public RSS feed of a company's Teamtailor careers site.

``GET https://{company}.teamtailor.com/jobs.rss`` → RSS 2.0 with one ``<item>`` per open job:
``title``, ``link``, ``guid``, ``pubDate`` (RFC 822), ``description`` (HTML), ``remoteStatus``,
and in the namespace ``https://teamtailor.com/locations`` ``locations/location/{name, city,
country, …}``, ``department`` and ``role``. Feeds bind that namespace to ``tt:`` or
``teamtailor:`` (and older ones put the place as the text of ``location``), so children are read
by local name. Every job in one answer; Teamtailor's JSON API needs a company key and is not used.

A custom careers domain serves the same feed, but nothing in its URL says Teamtailor: it is read
only with an explicit ``ats: teamtailor``.
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar
from xml.etree.ElementTree import Element

from jobscraper.errors import ParseError
from jobscraper.sources.ats.base import AtsBoard, AtsClient, ParsedBoard, company_name, parse_entries, require
from jobscraper.sources.ats.coerce import as_str, join_places, workplace
from jobscraper.sources.ats.feed import child, children, local, parse_feed, site_of, text_of
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "TeamtailorAdapter", "parse_items"]

_HOST = re.compile(r"([a-z0-9][a-z0-9-]*)\.(?:na\.)?teamtailor\.com")
_NOT_BOARDS = frozenset({"www", "app", "api", "na", "support", "status", "docs", "blog", "assets"})
_FEED = "jobs.rss"
_JOB_ID = re.compile(r"/jobs/(\d+)")
# remoteStatus: "none" (on site), "hybrid", "temporary" (remote for now), "fully" (remote)
_REMOTE_STATUS = {
    "none": "onsite",
    "onsite": "onsite",
    "hybrid": "hybrid",
    "fully": "remote",
    "remote": "remote",
}


def _place(location: Element) -> str | None:
    """One ``location``: "city, country", else its name (with the country), else its own text."""
    if not len(location):
        return text_of(location)
    city, country, name = (text_of(location, f) for f in ("city", "country", "name"))
    if city:
        return ", ".join(p for p in (city, country) if p)
    if name and country and country.lower() not in name.lower():
        return f"{name}, {country}"
    return name or country


def _item(item: Element) -> dict[str, Any]:
    """An ``<item>`` as a plain dict (what :func:`parse_entries` takes); its id is the job's
    number in the link (``/jobs/8118064-backend-engineer``), else the guid."""
    link = text_of(item, "link")
    number = _JOB_ID.search(link or "")
    places = [_place(loc) for group in children(item, "locations") for loc in children(group, "location")]
    places += [_place(loc) for loc in children(item, "location")]  # feeds without the wrapper
    return {
        "id": number.group(1) if number else text_of(item, "guid"),
        **{
            f: text_of(item, f)
            for f in ("title", "description", "pubDate", "remoteStatus", "department", "role")
        },
        "link": link,
        "places": places,
    }


def _date(value: Any) -> date | None:
    try:
        return parsedate_to_datetime(as_str(value) or "").date()
    except (TypeError, ValueError):  # no date, or not RFC 822
        return None


def _convert(board: AtsBoard, item: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(item.get("title"), "title")
    location = join_places(item["places"])
    status = re.sub(r"[^a-z]", "", (as_str(item.get("remoteStatus")) or "").lower())
    status = "fully" if status.startswith("fully") else status
    is_remote, kind = workplace(_REMOTE_STATUS.get(status), location)
    return {
        "job_url": require(item.get("link"), "link"),
        "title": title,
        "company": company_name(board, company),
        "location": location,
        "is_remote": is_remote,
        "work_from_home_type": kind,
        "job_function": as_str(item.get("department")) or as_str(item.get("role")),
        "date_posted": _date(item.get("pubDate")),
        "description": to_markdown(as_str(item.get("description"))),
    }


def parse_items(board: AtsBoard, text: str, *, company: str | None = None) -> ParsedBoard:
    """Postings from the feed's text; ParseError for anything but an RSS document."""
    root = parse_feed(board.api_url, text)
    channel = child(root, "channel")
    if local(root.tag) != "rss" or channel is None:
        raise ParseError(board.api_url, f"expected an RSS feed (<rss><channel>), got <{local(root.tag)}>")
    items = [_item(i) for i in children(channel, "item")]
    return parse_entries(board, TeamtailorAdapter.id_prefix, items, lambda i: _convert(board, i, company))


class TeamtailorAdapter:
    """Teamtailor careers sites: ``{company}.teamtailor.com`` (a custom domain only when asked)."""

    kind: ClassVar[str] = "teamtailor"
    label: ClassVar[str] = "Teamtailor"
    id_prefix: ClassVar[str] = "tt"
    vendor_domains: ClassVar[tuple[str, ...]] = ("teamtailor.com",)
    example_url: ClassVar[str] = "https://acme.teamtailor.com/jobs"

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        """The careers site, a job page or the feed on ``{company}.teamtailor.com``."""
        match = _HOST.fullmatch(host)
        if match is None or match.group(1) in _NOT_BOARDS:
            return None
        return AtsBoard(self.kind, match.group(1), f"https://{host}/{_FEED}", f"https://{host}/jobs")

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        """A custom careers domain or a mirror: the feed URL as given, else its ``/jobs.rss``."""
        lowered = [s.lower() for s in segments]
        given = bool(lowered) and lowered[-1].endswith(".rss")  # /jobs.rss, or a file: /feed.rss
        if given:
            segments = segments[:-1]
        elif "jobs" in lowered:  # the job list or a job page, /jobs/{id}-{slug}
            segments = segments[: lowered.index("jobs")]
        site, token = site_of(url, segments, host)
        return AtsBoard(self.kind, token, url.strip() if given else f"{site}/{_FEED}", f"{site}/jobs")

    def sniff(self, payload: object) -> bool:
        """Teamtailor's public feed is RSS, never JSON: no JSON payload is Teamtailor's."""
        return False

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        """Every item in the feed: one request, descriptions included."""
        return parse_items(board, await client.get_text(board.api_url), company=company)

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """None: Teamtailor's public side is its RSS feed, with no per-job endpoint (the JSON API
        needs a key). A posting gone from it is archived by the next scrape of the company
        already; between scrapes its job page is checked."""
        return None


ADAPTER = TeamtailorAdapter()
