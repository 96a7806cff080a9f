"""BambooHR: a company's hosted careers site, its public JSON list and each opening's details.

``GET https://{company}.bamboohr.com/careers/list`` → ``{"meta": {"totalCount": n}, "result":
[...]}``: the whole board in one answer (no paging parameters exist), each opening with ``id``,
``jobOpeningName``, ``departmentLabel``, ``employmentStatusLabel``, ``location`` {city, state}
(a company office), ``atsLocation`` {city, state, province, country} (a free-entered place, used
on remote openings), ``isRemote`` and ``locationType``. The list has no date and no description,
so each opening's ``GET /careers/{id}/detail`` → ``{"result": {"jobOpening": {...}}}`` adds
``description`` (HTML), ``datePosted`` (YYYY-MM-DD) and ``compensation`` (free text or null).
An opening whose details fail (a 404: it closed meanwhile) is kept from the list, with a note.

``locationType`` "1" is read as remote and "2" as hybrid, "0" as on site: public consumers infer
that mapping from live boards (every "1" opening has no office); BambooHR publishes no labels.
The job page is ``https://{company}.bamboohr.com/careers/{id}``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

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
    as_str,
    interval_word,
    job_type,
    join_places,
    salary_fields,
    workplace,
)
from jobscraper.sources.ats.detail_calls import each, kept_note
from jobscraper.sources.ats.feed import site_of
from jobscraper.sources.html import to_markdown

__all__ = ["ADAPTER", "BambooHrAdapter", "parse_openings", "salary_from_text"]

_HOST = re.compile(r"([a-z0-9][a-z0-9-]*)\.bamboohr\.com")
_NOT_BOARDS = frozenset({"www", "api", "app", "help", "documentation", "marketplace", "partners", "status"})
_WORKPLACE = {"0": "onsite", "1": "remote", "2": "hybrid"}
# "$80,000 - $95,000 per year", "EUR 45.000–55.000 / Jahr", "£30k to £35k": a range with a currency
_CUR = r"(?:[$€£]|USD|EUR|GBP|CAD|AUD|CHF)"
_RANGE = re.compile(
    rf"(?P<cur>{_CUR})\s*(?P<lo>\d[\d.,\s]*\d|\d)\s*(?P<lok>k\b)?"
    rf"\s*(?:-|–|—|to|bis)\s*{_CUR}?\s*(?P<hi>\d[\d.,\s]*\d|\d)\s*(?P<hik>k\b)?",
    re.IGNORECASE,
)
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}


def _amount(digits: str, thousands: str | None) -> float | None:
    text = re.sub(r"\s", "", digits)
    # "45.000" and "45,000" group thousands; "18.50" is a decimal
    text = re.sub(r"[.,](?=\d{3}(?:\D|$))", "", text).replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value * 1000 if thousands else value


def salary_from_text(text: Any) -> dict[str, Any]:
    """Salary columns from a free-text compensation that states a range with its currency
    ("$80,000 - $95,000 per year"); {} for anything less definite — nothing is guessed."""
    said = as_str(text) or ""
    match = _RANGE.search(said)
    if match is None:
        return {}
    currency = _SYMBOLS.get(match["cur"], match["cur"].upper())
    low, high = _amount(match["lo"], match["lok"]), _amount(match["hi"], match["hik"])
    return salary_fields(low, high, currency, interval_word(said[match.end() :]))


def _place(value: Any) -> str | None:
    """An office or a free-entered place as "city, state, country" (whatever of it is there)."""
    loc = as_dict(value)
    parts = (
        loc.get("city"),
        loc.get("state") or loc.get("province"),
        loc.get("addressCountry") or loc.get("country"),
    )
    return ", ".join(dict.fromkeys(p for p in map(as_str, parts) if p)) or None


def _convert(board: AtsBoard, opening: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(opening.get("jobOpeningName"), "jobOpeningName")
    job_id = require(opening.get("id"), "id")
    location = join_places([_place(opening.get("location")), _place(opening.get("atsLocation"))])
    kind = _WORKPLACE.get(as_str(opening.get("locationType")) or "")
    if opening.get("isRemote") is True:
        kind = "remote"
    is_remote, kind = workplace(kind, location)
    status = opening.get("employmentStatusLabel")
    return {
        "job_url": f"{board.board_url.rstrip('/')}/{job_id}",
        "title": title,
        "company": company_name(board, company),
        "location": location or ("Remote" if is_remote else None),
        "is_remote": is_remote,
        "work_from_home_type": kind,
        "job_type": job_type(status),
        "job_function": as_str(opening.get("departmentLabel")),
        "date_posted": as_date(opening.get("datePosted")),
        "description": to_markdown(as_str(opening.get("description"))),
        **salary_from_text(opening.get("compensation")),
    }


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return value is None or value in ("", [])


def parse_openings(
    board: AtsBoard, listing: object, details: dict[str, object] | None = None, *, company: str | None = None
) -> ParsedBoard:
    """Postings from the ``/careers/list`` answer, each laid over with its ``/detail`` answer
    (by id) where there is one; ParseError for a list of another shape."""
    entries = listing.get("result") if isinstance(listing, dict) else None
    if not isinstance(entries, list):
        raise shape_error(board.api_url, listing, 'an object with a "result" list')
    merged = []
    for entry in entries:
        found = as_dict(
            as_dict(as_dict((details or {}).get(as_str(as_dict(entry).get("id")) or "")).get("result"))
        )
        opening = as_dict(found.get("jobOpening"))
        # a detail's empty values (an office of nulls included) never blank the list's
        merged.append({**entry, **{k: v for k, v in opening.items() if not _empty(v)}}
                      if isinstance(entry, dict) else entry)  # fmt: skip
    return parse_entries(board, BambooHrAdapter.id_prefix, merged, lambda o: _convert(board, o, company))


class BambooHrAdapter:
    """BambooHR careers sites: ``{company}.bamboohr.com/careers`` (and ``/careers/{id}``)."""

    kind: ClassVar[str] = "bamboohr"
    label: ClassVar[str] = "BambooHR"
    id_prefix: ClassVar[str] = "bh"
    vendor_domains: ClassVar[tuple[str, ...]] = ("bamboohr.com",)
    example_url: ClassVar[str] = "https://acme.bamboohr.com/careers"

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        """The careers site, an opening's page or the list on ``{company}.bamboohr.com``."""
        match = _HOST.fullmatch(host)
        if match is None or match.group(1) in _NOT_BOARDS:
            return None
        site = f"https://{host}/careers"
        return AtsBoard(self.kind, match.group(1), f"{site}/list", site)

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        """A mirror (the demo board): its ``careers/list``; details and job pages beside it."""
        lowered = [s.lower() for s in segments]
        if "careers" in lowered:  # the careers site, an opening's page, or the list
            segments = segments[: lowered.index("careers")]
        site, token = site_of(url, segments, host)
        return AtsBoard(self.kind, token, f"{site}/careers/list", f"{site}/careers")

    def sniff(self, payload: object) -> bool:
        """A ``{"result": [...]}`` object whose first entry has BambooHR's ``jobOpeningName``."""
        entries = payload.get("result") if isinstance(payload, dict) else None
        first = next((e for e in as_list(entries) if isinstance(e, dict)), None)
        return first is not None and "jobOpeningName" in first

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        """The list, then every opening's details; an opening whose details fail is kept."""
        listing = await client.get_json(board.api_url)
        if not isinstance(listing, dict) or not isinstance(listing.get("result"), list):
            raise shape_error(board.api_url, listing, 'an object with a "result" list')
        ids = list(dict.fromkeys(i for e in listing["result"] if (i := as_str(as_dict(e).get("id")))))
        site = board.board_url.rstrip("/")

        def call(job_id: str) -> Any:
            return lambda: client.get_json(f"{site}/{job_id}/detail")  # what detail_url names

        answers = dict(zip(ids, await each([call(i) for i in ids]), strict=True))
        parsed = parse_openings(
            board,
            listing,
            {i: a for i, a in answers.items() if not isinstance(a, ScrapeError)},
            company=company,
        )
        kept = {p.id for p in parsed.postings}
        parsed.skipped += [
            kept_note(f"bh-{i}", a)
            for i, a in answers.items()
            if isinstance(a, ScrapeError) and f"bh-{i}" in kept
        ]
        parsed.requests = 1 + len(ids)
        return parsed

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """The opening's details as the scrape reads them, ``…/careers/{id}/detail`` (404 once it
        is gone)."""
        return f"{board.board_url.rstrip('/')}/{source_id}/detail"


ADAPTER = BambooHrAdapter()
