"""Workday: the public CXS API behind every ``{tenant}.wd{N}.myworkdayjobs.com`` careers site.

A Workday careers site is a JavaScript app over a JSON API on the same host:

- the listing, ``POST /wday/cxs/{tenant}/{site}/jobs`` with ``{"appliedFacets": {}, "limit": 20,
  "offset": N, "searchText": ""}`` — at most 20 postings a page, and ``total`` is only reported (non-zero)
  on the first page, so the rest of the pages are requested together once it is known (the
  Fetcher's per-domain limit bounds them), and then one by one while a page comes back full of
  postings not seen before. Some large tenants report ``total: 2000`` and answer every offset past
  2,000 with the first pages again: such a listing ends at the first page that repeats itself,
  with a warning that only part of the board could be read;
- one posting's details, ``GET /wday/cxs/{tenant}/{site}{externalPath}`` → ``jobPostingInfo``: the
  description (HTML), the exact ``startDate``, ``timeType``, ``remoteType``, every office
  (``location`` + ``additionalLocations``), and ``hiringOrganization.name`` next to it.

The listing alone says "2 Locations" and "Posted 3 Days Ago", so details are fetched for every
posting; a posting whose details fail (a 404 when it closed between the two calls) is kept with
what the listing said and a warning. The CXS API has no salary field: none is invented.

A posting's job URL is its public careers page, ``{board_url}{externalPath}``, built from the
listing so that it is the same whether or not its details could be read (it is the job's identity).
``wd{N}.myworkdaysite.com/recruiting/{tenant}/{site}`` sites (the tenant in the path) are read the same way.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote, urlsplit

from jobscraper.errors import ScrapeError
from jobscraper.sources.ats.base import (
    AtsBoard,
    AtsClient,
    ParsedBoard,
    company_name,
    parse_entries,
    require,
    shape_error,
)
from jobscraper.sources.ats.coerce import (
    as_date,
    as_dict,
    as_list,
    as_num,
    as_str,
    job_type,
    join_places,
    workplace,
)
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "PAGE_SIZE", "WorkdayAdapter", "posted_on"]

PAGE_SIZE = 20
"""The most postings Workday's listing answers per request (a larger ``limit`` is refused)."""
IN_HAND = 32
"""Requests one board hands the Fetcher at once: its limits decide how many are in flight; this
keeps the Fetcher's queue short so another company's requests are not stuck behind thousands."""
MAX_PAGES = 2500
"""50,000 postings: a safety net (the largest tenants list ~20,000); beyond it, a warning."""

_JOBS_HOST = re.compile(r"(?P<tenant>[a-z0-9][\w-]*)\.(?P<dc>wd\d+)\.myworkdayjobs\.com")
_SITE_HOST = re.compile(r"wd\d+\.myworkdaysite\.com")
_LOCALE = re.compile(r"[a-z]{2}-[a-z]{2}", re.IGNORECASE)  # "en-US" before the site's name
_NAME = re.compile(r"\w[\w.\-]*")  # a tenant's or a site's name
_COUNT = re.compile(r"\d+\s+locations?", re.IGNORECASE)  # the listing's "2 Locations"
_POSTED = re.compile(
    r"(?:posted\s+)?(?:(?P<today>today)|(?P<yesterday>yesterday)|(?P<days>\d+)(?P<plus>\+)?\s+days?\s+ago)",
    re.IGNORECASE,
)
_REQ_ID = re.compile(r"_([A-Za-z0-9][A-Za-z0-9-]*)$")  # "/job/Berlin/Data-Engineer_JR-1042" → "JR-1042"
_T = TypeVar("_T")
_TWICE = object()  # what a job entry listed a second time becomes
_REMOTE = {"flexible": "hybrid", "office": "onsite", "inoffice": "onsite"}  # remoteType → workplace()


def posted_on(text: Any, today: date) -> date | None:
    """The date a Workday "Posted …" label stands for, counted back from ``today``.

    "Posted Today" is today, "Posted Yesterday" the day before, "Posted 3 Days Ago" three days
    back; "Posted 30+ Days Ago" is None — it only says the posting is at least that old, and a
    made-up date would sort it among the month-old ones.
    """
    match = _POSTED.fullmatch((as_str(text) or "").strip())
    if match is None or match["plus"]:
        return None
    days = 0 if match["today"] else 1 if match["yesterday"] else int(match["days"])
    return today - timedelta(days=days)


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _board(host: str, tenant: str, site: str) -> AtsBoard:
    """The board of ``site`` on ``host``: its listing endpoint and its public careers page."""
    base = f"https://{host}"
    api = f"{base}/wday/cxs/{quote(tenant)}/{quote(site)}/jobs"
    public = (
        f"{base}/recruiting/{quote(tenant)}/{quote(site)}"
        if _SITE_HOST.fullmatch(host)
        else f"{base}/{quote(site)}"
    )
    return AtsBoard("workday", tenant, api, public, site=site)


def _cxs(segments: list[str]) -> tuple[str, str] | None:
    """(tenant, site) of an API path ``/wday/cxs/{tenant}/{site}/…``."""
    lowered = [s.lower() for s in segments]
    for i in range(len(segments) - 3):
        if lowered[i : i + 2] == ["wday", "cxs"]:
            return segments[i + 2], segments[i + 3]
    return None


@dataclass
class WorkdayAdapter:
    """Workday's public careers API (see the module docstring); ``today`` dates "Posted 3 Days Ago"."""

    kind: ClassVar[str] = "workday"
    label: ClassVar[str] = "Workday"
    id_prefix: ClassVar[str] = "wd"
    vendor_domains: ClassVar[tuple[str, ...]] = ("myworkdayjobs.com", "myworkdaysite.com", "workday.com")
    example_url: ClassVar[str] = "https://yourcompany.wd5.myworkdayjobs.com/en-US/External"
    today: Callable[[], date] = field(default=date.today)

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        """A careers page, a job page or the API URL of a Workday site; None for anything else."""
        segments = _segments(path)
        found = _cxs(segments)
        jobs_host = _JOBS_HOST.fullmatch(host)
        if jobs_host:
            if found is None:
                rest = segments[1:] if segments and _LOCALE.fullmatch(segments[0]) else segments
                site = rest[0] if rest and rest[0].lower() not in ("job", "wday", "details") else ""
                found = (jobs_host["tenant"], site)
        elif _SITE_HOST.fullmatch(host):
            if found is None:
                rest = segments[1:] if segments and _LOCALE.fullmatch(segments[0]) else segments
                found = (rest[1], rest[2]) if len(rest) >= 3 and rest[0].lower() == "recruiting" else None
        else:
            return None
        if found is None or not all(_NAME.fullmatch(name) for name in found):
            return None
        return _board(host, *found)

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        """A mirror of the API (the demo board): ``…/wday/cxs/{tenant}/{site}/jobs`` as given.

        The job URLs are built as on Workday's own host (``{origin}/{site}{externalPath}``)."""
        parts = urlsplit(url.strip())
        origin = f"{parts.scheme}://{parts.netloc}"
        address = origin + parts.path.rstrip("/")
        found = _cxs(segments)
        api = address if address.lower().endswith("/jobs") else address + "/jobs"
        if found is None:
            token = next((s for s in reversed(segments) if s.lower() not in ("jobs", "wday", "cxs")), host)
            return AtsBoard(self.kind, token, api, api.removesuffix("/jobs"))
        tenant, site = found
        return AtsBoard(self.kind, tenant, api, f"{origin}/{quote(site)}", site=site)

    def sniff(self, payload: object) -> bool:
        """A listing answer: ``jobPostings`` whose entries carry an ``externalPath``."""
        postings = as_list(payload.get("jobPostings")) if isinstance(payload, dict) else []
        first = next((p for p in postings if isinstance(p, dict)), None)
        return first is not None and "externalPath" in first

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        """Every page of the listing, and every posting's details (see the module docstring)."""
        return await _Scrape(board, client, company, self.today()).run()

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """The posting's details as the scrape reads them, ``…/wday/cxs/{tenant}/{site}{externalPath}``
        (404 once it is gone): the path is the job URL's part after the board's careers page,
        since the job URL was built as ``{board_url}{externalPath}``. None for another URL."""
        path = job_url.removeprefix(board.board_url) if job_url.startswith(board.board_url + "/") else ""
        return board.api_url.removesuffix("/jobs") + path if path.startswith("/job/") else None


@dataclass
class _Scrape:
    """One board's scrape: the pages, the details, and what went wrong on the way."""

    board: AtsBoard
    client: AtsClient
    company: str | None
    today: date
    requests: int = 0
    warnings: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    gate: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(IN_HAND))

    async def run(self) -> ParsedBoard:
        first = await self._page(0)
        total = int(as_num(first.get("total")) or 0)
        pages = min(-(-total // PAGE_SIZE), MAX_PAGES)
        # page 1's details and pages 2..n (with their details) all at once: the limiter orders them
        rest = [self._entries(self._page(n * PAGE_SIZE)) for n in range(1, pages)]
        chunks = await _all([self._entries(first), *rest])
        # a listing that grew since page 1 (or said no total): go on while pages bring new postings
        number, last = max(pages, 1), chunks[-1]
        while last.full and last.new and number < MAX_PAGES:
            last = await self._entries(self._page(number * PAGE_SIZE))
            chunks.append(last)
            number += 1
        if last.full and not last.new:
            self.warnings.append(
                f"the listing repeats itself from offset {(number - 1) * PAGE_SIZE} (Workday shows no more "
                f"of this board, which says total {total}): only part of it was read"
            )
        elif last.full:
            self.warnings.append(f"listing cut short at {MAX_PAGES * PAGE_SIZE} postings")
        return self._parsed([e for chunk in chunks for e in chunk.entries])

    async def _page(self, offset: int) -> dict[str, Any]:
        body = {"appliedFacets": {}, "limit": PAGE_SIZE, "offset": offset, "searchText": ""}
        self.requests += 1
        async with self.gate:
            payload = await self.client.post_json(self.board.api_url, body)
        if not isinstance(payload, dict) or not isinstance(payload.get("jobPostings"), list):
            raise shape_error(self.board.api_url, payload, 'an object with a "jobPostings" list')
        return payload

    async def _entries(self, page: dict[str, Any] | Awaitable[dict[str, Any]]) -> _Chunk:
        payload = page if isinstance(page, dict) else await page
        postings: list[Any] = payload["jobPostings"]
        entries = await _all([self._entry(p) for p in postings])
        new = sum(entry is not _TWICE for entry in entries)
        return _Chunk(entries, full=len(postings) >= PAGE_SIZE, new=new)

    async def _entry(self, listing: Any) -> Any:
        """The listing entry with its details (``None`` when they could not be had)."""
        if not isinstance(listing, dict):
            return listing  # reported as not an object by parse_entries
        path = as_str(listing.get("externalPath"))
        uid = _source_id(path, listing)
        entry = {"id": uid, "listing": listing, "info": None, "org": None, "description": None}
        if path is None:
            return entry
        if path in self.seen:  # listed twice: it moved to the next page while the pages were read
            return _TWICE
        self.seen.add(path)
        label = f"wd-{uid}"
        detail_url = self.board.api_url.removesuffix("/jobs") + path  # also WorkdayAdapter.detail_url
        self.requests += 1
        try:
            async with self.gate:
                payload = await self.client.get_json(detail_url)
        except ScrapeError as error:
            gone = getattr(error, "status", None) == 404
            why = "no longer there (HTTP 404)" if gone else f"unavailable ({error.reason})"
            self.warnings.append(f"{label}: details {why}; kept what the listing says")
            return entry
        info = payload.get("jobPostingInfo") if isinstance(payload, dict) else None
        if not isinstance(info, dict):
            self.warnings.append(f"{label}: details without jobPostingInfo; kept what the listing says")
            return entry
        # converted now, while other requests are in flight, not in one long pass after the last
        markdown = to_markdown(as_str(info.get("jobDescription")))
        org = as_dict(as_dict(payload).get("hiringOrganization"))
        return {**entry, "info": info, "org": org, "description": markdown}

    def _parsed(self, entries: list[Any]) -> ParsedBoard:
        unique = [entry for entry in entries if entry is not _TWICE]
        result = parse_entries(self.board, "wd", unique, self._posting)
        result.skipped += self.warnings
        result.requests = self.requests
        return result

    def _posting(self, entry: dict[str, Any]) -> dict[str, Any]:
        listing: dict[str, Any] = entry["listing"]
        info: dict[str, Any] = entry["info"] or {}
        path = require(listing.get("externalPath"), "externalPath")
        offices = [info.get("location"), *as_list(info.get("additionalLocations"))]
        location = join_places([o.get("descriptor") if isinstance(o, dict) else o for o in offices])
        listed = as_str(listing.get("locationsText"))
        if location is None and listed and not _COUNT.fullmatch(listed):
            location = listed
        kind = re.sub(
            r"[^a-z]", "", (as_str(info.get("remoteType") or listing.get("remoteType")) or "").lower()
        )
        is_remote, wfh = workplace(_REMOTE.get(kind, kind), location)
        return {
            "job_url": self.board.board_url + path,
            "title": require(listing.get("title") or info.get("title"), "title"),
            "company": company_name(self.board, self.company, as_dict(entry["org"]).get("name")),
            "location": location,
            "is_remote": is_remote,
            "work_from_home_type": wfh,
            "job_type": job_type(info.get("timeType") or listing.get("timeType")),
            "date_posted": as_date(info.get("startDate"))
            or posted_on(info.get("postedOn") or listing.get("postedOn"), self.today),
            "description": entry["description"],
        }


@dataclass
class _Chunk:
    entries: list[Any]
    full: bool
    new: int  # entries not listed on a page read before


def _source_id(path: str | None, listing: Mapping[str, Any]) -> str | None:
    """The requisition id at the end of the job's path ("…_JR-1042"), else its first bullet field."""
    match = _REQ_ID.search(path or "")
    if match:
        return match.group(1)
    bullets = [as_str(b) for b in as_list(listing.get("bulletFields"))]
    return next((b for b in bullets if b), None) or (path.rsplit("/", 1)[-1] if path else None)


async def _all(work: list[Awaitable[_T]]) -> list[_T]:
    """Every awaitable's result in order; on the first failure the rest are cancelled, then it is raised."""
    tasks = [asyncio.ensure_future(w) for w in work]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


ADAPTER = WorkdayAdapter()
"""The one Workday adapter the registry lists."""
