"""Known ATS job boards (Greenhouse, Lever, Ashby): recognise a board URL, read its JSON API.

A company's career page is often a hosted ATS board whose public JSON API returns every open job
in one request, with cleaner data than any HTML scrape. This module is pure: it turns a pasted URL
into an :class:`AtsBoard` (where its API lives) and an API payload into :class:`Posting` rows with
JobSpy's column names. Fetching, retries and limits belong to the caller.

One bad job entry never fails a board: it is listed in :attr:`ParsedBoard.skipped` with a reason.
A payload of the wrong overall shape (an error object, HTML, a list where an object belongs) is a
:class:`~jobscraper.errors.ParseError` naming the API URL.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pydantic import ValidationError

from jobscraper.errors import ParseError
from jobscraper.posting import Posting
from jobscraper.sources.html import to_markdown
from jobscraper.vocabulary import ATS_CHOICES, ATS_KINDS, AtsKind

__all__ = [
    "ATS_KINDS",
    "AtsBoard",
    "AtsKind",
    "ParsedBoard",
    "detect_ats",
    "parse_ashby",
    "parse_board",
    "parse_greenhouse",
    "parse_lever",
    "resolve_board",
    "sniff_kind",
]

_PREFIX: dict[str, str] = {"greenhouse": "gh", "lever": "lv", "ashby": "ab"}
# Hosts that are never an ATS API endpoint of their own: a URL there with an explicit `ats:` is a
# mistake worth reporting, not something to request.
_FOREIGN_DOMAINS = ("greenhouse.io", "lever.co", "ashbyhq.com", "linkedin.com", "indeed.com", "glassdoor.com")
_JOB_TYPES = re.compile(
    r"(?P<internship>intern)|(?P<parttime>part)|(?P<fulltime>full|permanent)"
    r"|(?P<contract>contract|freelance)|(?P<temporary>temp|fixedterm)"
)
_TOKEN = re.compile(r"^\w[\w.\- ]*$")
# Where each ATS puts the board token in its board, job, embed and API URLs ("host/path?query").
_BOARD_URLS: tuple[tuple[AtsKind, re.Pattern[str]], ...] = (
    # the embed iframe (embed/job_board?for=x) and its loader script (embed/job_board/js?for=x)
    (
        "greenhouse",
        re.compile(r"(?:job-)?boards\.greenhouse\.io/embed/job_\w+(?:/js)?/?\?(?:.*&)?for=([^&#]+)"),
    ),
    ("greenhouse", re.compile(r"(?:job-)?boards\.greenhouse\.io/(?!embed/)([^/?#]+)")),
    ("greenhouse", re.compile(r"boards-api\.greenhouse\.io/v1/boards/([^/?#]+)")),
    ("lever", re.compile(r"jobs(?:\.eu)?\.lever\.co/([^/?#]+)")),
    ("lever", re.compile(r"api(?:\.eu)?\.lever\.co/v0/postings/([^/?#]+)")),
    ("ashby", re.compile(r"jobs\.ashbyhq\.com/([^/?#]+)")),
    ("ashby", re.compile(r"api\.ashbyhq\.com/posting-api/job-board/([^/?#]+)")),
)


@dataclass(frozen=True)
class AtsBoard:
    """One ATS board: its kind, its token (board name), its JSON API URL and its public page."""

    kind: AtsKind
    token: str
    api_url: str
    board_url: str


@dataclass
class ParsedBoard:
    """What a board payload yielded: usable postings, and one reason per job entry left out."""

    postings: list[Posting] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _board(kind: AtsKind, token: str, *, eu: bool = False) -> AtsBoard:
    name = quote(token, safe="")
    if kind == "greenhouse":
        api = f"https://boards-api.greenhouse.io/v1/boards/{name}/jobs?content=true&pay_transparency=true"
        return AtsBoard(kind, token, api, f"https://job-boards.greenhouse.io/{name}")
    if kind == "lever":
        region = ".eu" if eu else ""
        api = f"https://api{region}.lever.co/v0/postings/{name}?mode=json"
        return AtsBoard(kind, token, api, f"https://jobs{region}.lever.co/{name}")
    api = f"https://api.ashbyhq.com/posting-api/job-board/{name}?includeCompensation=true"
    return AtsBoard(kind, token, api, f"https://jobs.ashbyhq.com/{name}")


def _where(url: str) -> tuple[str, str, str] | None:
    """(lower-case host without ``www.``, path, query) of a URL, pasted with or without a scheme."""
    text = url.strip()
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:  # an invalid port or IPv6 literal
        return None
    return (host, re.sub("/{2,}", "/", parts.path), parts.query) if host else None


def detect_ats(url: str) -> AtsBoard | None:
    """The ATS board a pasted career URL belongs to (board page, job page, embed or API URL).

    None when the URL is not a recognisable Greenhouse, Lever or Ashby board — including the
    vendors' own marketing pages and a board host with an empty path.
    """
    where = _where(url)
    if where is None:
        return None
    host, path, query = where
    for kind, pattern in _BOARD_URLS:
        match = pattern.match(f"{host}{path}?{query}")
        token = unquote(match.group(1)).strip() if match else ""
        if _TOKEN.match(token):
            return _board(kind, token, eu=host.startswith(("jobs.eu.", "api.eu.")))
    return None


def _token_from_path(kind: AtsKind, segments: list[str]) -> str | None:
    marker = {"greenhouse": "boards", "lever": "postings", "ashby": "job-board"}[kind]
    # a mirror serving a file ("/acme/jobs.json") names the board by the path, not the file type
    segments = [re.sub(r"\.(?:json|html?|xml)$", "", s, flags=re.IGNORECASE) for s in segments]
    lowered = [s.lower() for s in segments]
    if marker in lowered[:-1]:
        return segments[lowered.index(marker) + 1]
    generic = {"v0", "v1", "api", "jobs", "boards", "postings", "posting-api", "job-board"}
    rest = [s for s in segments if s and s.lower() not in generic]
    return rest[-1] if rest else None


def resolve_board(url: str, ats: str = "auto") -> AtsBoard | None:
    """The board to read for a configured company (``CompanyConfig.url`` and ``.ats``).

    ``auto`` detects the board from the URL (None: not an ATS board, scrape it as HTML); ``html``
    is always None. An explicit kind takes a detectable URL of that kind, or else treats ``url``
    itself as the API endpoint — a self-hosted mirror or the demo board — so it is requested as
    given. Raises ValueError for a URL that cannot be a board of that kind.
    """
    if ats == "html":
        return None
    if ats == "auto":
        return detect_ats(url)
    if ats not in ATS_KINDS:
        raise ValueError(f"unknown ats {ats!r}; allowed: {', '.join(ATS_CHOICES)}")
    kind: AtsKind = ats
    detected = detect_ats(url)
    if detected is not None:
        if detected.kind != kind:
            raise ValueError(f"{url} is a {detected.kind} board, but ats is set to {kind}")
        return detected
    where = _where(url) if url.strip().lower().startswith(("http://", "https://")) else None
    if where is None:
        raise ValueError(f"{url!r} is not an http(s) URL, so it cannot be a {kind} API endpoint")
    host, path, _ = where
    segs = [unquote(s) for s in path.split("/") if s]
    if any(host == d or host.endswith("." + d) for d in _FOREIGN_DOMAINS):
        example = _board(kind, "yourcompany").board_url
        raise ValueError(f"{url} is not a {kind} job board (expected a board URL like {example})")
    return AtsBoard(kind, _token_from_path(kind, segs) or host, url.strip(), url.strip())


def sniff_kind(payload: object) -> AtsKind | None:
    """Which ATS API answered ``payload``, by its shape; None when it is none of them.

    For a URL scraped without ``ats:`` that turns out to serve an ATS's JSON (a self-hosted mirror
    or proxy of the board API): its first job's keys tell the vendors apart.
    """
    jobs = payload.get("jobs") if isinstance(payload, dict) else payload
    first = next((j for j in jobs if isinstance(j, dict)), None) if isinstance(jobs, list) else None
    if isinstance(payload, dict) and first is not None:
        if "absolute_url" in first:
            return "greenhouse"
        if "jobUrl" in first:
            return "ashby"
    elif first is not None:
        if "text" not in first:  # Lever's `&group=team` answer: groups of postings
            first = next((p for p in _list(first.get("postings")) if isinstance(p, dict)), first)
        if "hostedUrl" in first and "text" in first:
            return "lever"
    return None


class _Skip(Exception):
    """A job entry that cannot become a posting; the message is the reason."""


def _epoch_ms(value: Any) -> date | None:
    millis = _num(value)
    try:
        return datetime.fromtimestamp(millis / 1000, UTC).date() if millis else None
    except (OverflowError, OSError, ValueError):  # a timestamp beyond the calendar
        return None


def _str(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _num(value: Any) -> float | None:
    if isinstance(value, str):
        try:
            value = float(value.replace(",", ""))
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value > 0 else None


def _iso_date(value: Any) -> date | None:
    try:  # the calendar date as the source wrote it, in its own offset
        return date.fromisoformat((_str(value) or "")[:10])
    except ValueError:
        return None


def _join(values: list[Any]) -> str | None:
    """Distinct non-empty locations in order, "; "-joined (each one may contain commas)."""
    seen: list[str] = []
    for value in values:
        text = _str(value)
        if text and text.lower() not in (s.lower() for s in seen):
            seen.append(text)
    return "; ".join(seen) or None


def _job_type(value: Any) -> str | None:
    """An ATS employment type ("Full-time", "FullTime", "Intern", …) in JobSpy's vocabulary."""
    text = re.sub(r"[^a-z]", "", (_str(value) or "").lower())
    match = _JOB_TYPES.search("intern" if "intern" in text else text)  # "Intern, full-time": intern
    return match.lastgroup if match else None


def _interval(value: Any) -> str | None:
    """Lever "per-year-salary"/"per-hour-wage", Ashby "1 YEAR"/"1 HOUR" → "year"/"hour"/….

    Posting maps the unit word onto JobSpy's interval ("yearly", "hourly", …).
    """
    text = (_str(value) or "").lower()
    match = re.search(r"year|annual|month|week|day|hour", text)
    # "2 WEEK" has no JobSpy interval; "one-time" none either.
    return match.group() if match and not re.match(r"\s*([2-9]|\d{2,})", text) else None


def _salary(low: Any, high: Any, currency: Any, interval: str | None) -> dict[str, Any]:
    lo, hi = _num(low), _num(high)
    if lo is None and hi is None:
        return {}
    return dict(
        min_amount=lo, max_amount=hi, currency=_str(currency), interval=interval, salary_source="direct_data"
    )


def _company(board: AtsBoard, company: str | None, entry: dict[str, Any]) -> str:
    given = company or _str(entry.get("company_name"))
    return given or " ".join(w.capitalize() for w in re.split(r"[-_.\s]+", board.token) if w)


def _require(value: Any, what: str) -> str:
    text = _str(value)
    if text is None:
        raise _Skip(f"missing {what}")
    return text


def _parse_entries(
    board: AtsBoard,
    entries: list[Any],
    company: str | None,
    convert: Callable[[AtsBoard, dict[str, Any], str | None], dict[str, Any]],
) -> ParsedBoard:
    result = ParsedBoard()
    for index, entry in enumerate(entries):
        source_id = _str(entry.get("id")) if isinstance(entry, dict) else None
        uid = f"{_PREFIX[board.kind]}-{source_id}" if source_id else None
        label = uid or f"entry {index}"
        try:
            if not isinstance(entry, dict):
                raise _Skip(f"not a JSON object ({type(entry).__name__})")
            result.postings.append(Posting(site=board.kind, id=uid, **convert(board, entry, company)))
        except _Skip as exc:
            result.skipped.append(f"{label}: {exc}")
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            result.skipped.append(f"{label}: invalid {where}: {first['msg']}")
    return result


def _shape_error(board: AtsBoard, payload: object, expected: str) -> ParseError:
    if isinstance(payload, dict):
        said = payload.get("error") or payload.get("message") or payload.get("errors")
        if said:
            return ParseError(board.api_url, f"the API answered with an error: {str(said)[:200]}")
        return ParseError(
            board.api_url, f"expected {expected}, got an object with keys {sorted(payload)[:8]}"
        )
    return ParseError(board.api_url, f"expected {expected}, got {type(payload).__name__}")


def _jobs_of(board: AtsBoard, payload: object) -> list[Any]:
    jobs = payload.get("jobs") if isinstance(payload, dict) else None
    if not isinstance(jobs, list):
        raise _shape_error(board, payload, 'an object with a "jobs" list')
    return jobs


def _metadata(job: dict[str, Any], *keys: str) -> Any:
    """The value of the first Greenhouse custom field whose name mentions one of ``keys``."""
    for item in map(_dict, _list(job.get("metadata"))):
        name = (_str(item.get("name")) or "").lower()
        value = item.get("value")
        if any(k in name for k in keys) and value:
            return value[0] if isinstance(value, list) else value  # multi_select: the first choice
    return None


def _greenhouse(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = _require(job.get("title"), "title")
    offices = [_dict(o).get("name") for o in _list(job.get("offices"))]
    location = _str(_dict(job.get("location")).get("name")) or _join(offices)
    pay = next((_dict(r) for r in _list(job.get("pay_input_ranges")) if _dict(r).get("min_cents")), {})
    low, high = (_num(pay.get(k)) for k in ("min_cents", "max_cents"))
    top = (high or low or 0) / 100
    # Greenhouse pay ranges carry no interval: a figure this size is a year's pay or an hour's.
    interval = "yearly" if top >= 10_000 else "hourly" if 0 < top <= 500 else None
    departments = _join([_dict(d).get("name") for d in _list(job.get("departments"))])
    return {
        "job_url": _require(job.get("absolute_url"), "absolute_url"),
        "title": title,
        "company": _company(board, company, job),
        "location": location,
        "is_remote": "remote" in " ".join([location or "", *map(str, filter(None, offices))]).lower(),
        "job_type": _job_type(_metadata(job, "employment", "job type", "commitment")),
        "job_level": _str(_metadata(job, "level", "seniority")),
        "job_function": departments.replace("; ", ", ") if departments else None,
        "date_posted": _iso_date(job.get("first_published")) or _iso_date(job.get("updated_at")),
        # `content` is HTML whose markup arrives entity-escaped ("&lt;p&gt;"): unescape once.
        "description": to_markdown(_str(job.get("content"))),
        **_salary(low and low / 100, high and high / 100, pay.get("currency_type"), interval),
    }


def parse_greenhouse(board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
    """Postings from a Greenhouse Job Board API ``/jobs?content=true`` payload."""
    return _parse_entries(board, _jobs_of(board, payload), company, _greenhouse)


def _workplace(value: Any, location: str | None) -> tuple[bool | None, str | None]:
    """(is_remote, work_from_home_type) from a workplace type ("remote", "on-site", "OnSite", …)."""
    kind = re.sub(r"[^a-z]", "", (_str(value) or "").lower())
    if kind in ("remote", "hybrid", "onsite"):
        return kind == "remote", kind
    return (True if location and "remote" in location.lower() else None), None


def _lever(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = _require(job.get("text"), "title (text)")
    cats = _dict(job.get("categories"))
    location = _join([cats.get("location"), *_list(cats.get("allLocations"))])
    is_remote, workplace = _workplace(job.get("workplaceType"), location)
    body = _str(job.get("description")) or ""
    for block in map(_dict, _list(job.get("lists"))):  # "Requirements", "Benefits", …
        heading, items = html.escape(_str(block.get("text")) or ""), _str(block.get("content")) or ""
        body += f"<h3>{heading}</h3><ul>{items}</ul>"
    body += _str(job.get("additional")) or ""
    pay = _dict(job.get("salaryRange"))
    return {
        "job_url": _require(job.get("hostedUrl"), "hostedUrl"),
        "job_url_direct": _str(job.get("applyUrl")),
        "title": title,
        "company": _company(board, company, {}),
        "location": location,
        "is_remote": is_remote,
        "work_from_home_type": workplace,
        "job_type": _job_type(cats.get("commitment")),
        "job_level": _str(cats.get("level")),
        "job_function": _str(cats.get("department")) or _str(cats.get("team")),
        "date_posted": _epoch_ms(job.get("createdAt")),
        "description": to_markdown(body) or to_markdown(_str(job.get("descriptionPlain"))),
        **_salary(pay.get("min"), pay.get("max"), pay.get("currency"), _interval(pay.get("interval"))),
    }


def parse_lever(board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
    """Postings from a Lever Postings API ``?mode=json`` payload (a bare list; grouped lists too)."""
    if not isinstance(payload, list):
        raise _shape_error(board, payload, "a JSON list of postings")
    if payload and all(isinstance(g, dict) and "postings" in g and "text" not in g for g in payload):
        payload = [p for g in payload for p in _list(g["postings"])]  # `&group=team` answers
    return _parse_entries(board, payload, company, _lever)


def _ashby(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = _require(job.get("title"), "title")
    if job.get("isListed") is False:
        raise _Skip("unlisted")
    secondary = [_dict(s).get("location") for s in _list(job.get("secondaryLocations"))]
    location = _join([job.get("location"), *secondary])
    is_remote, workplace = _workplace(job.get("workplaceType"), location)
    if job.get("isRemote") is True:
        is_remote, workplace = True, workplace or "remote"
    elif job.get("isRemote") is False and is_remote is None:
        is_remote = False
    comp = _dict(job.get("compensation"))
    tiers = [c for t in _list(comp.get("compensationTiers")) for c in _list(_dict(t).get("components"))]
    salaries = [_dict(c) for c in [*_list(comp.get("summaryComponents")), *tiers]]
    pay = next((c for c in salaries if c.get("compensationType") == "Salary"), {})
    return {
        "job_url": _require(job.get("jobUrl"), "jobUrl"),
        "job_url_direct": _str(job.get("applyUrl")),
        "title": title,
        "company": _company(board, company, {}),
        "location": location,
        "is_remote": is_remote,
        "work_from_home_type": workplace,
        "job_type": _job_type(job.get("employmentType")),
        "job_function": _str(job.get("department")) or _str(job.get("team")),
        "date_posted": _iso_date(job.get("publishedAt")),
        "description": to_markdown(_str(job.get("descriptionHtml")))
        or to_markdown(_str(job.get("descriptionPlain"))),
        **_salary(
            pay.get("minValue"), pay.get("maxValue"), pay.get("currencyCode"), _interval(pay.get("interval"))
        ),
    }


def parse_ashby(board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
    """Postings from an Ashby Posting API ``job-board/{name}?includeCompensation=true`` payload."""
    return _parse_entries(board, _jobs_of(board, payload), company, _ashby)


_PARSERS: dict[str, Callable[..., ParsedBoard]] = {
    "greenhouse": parse_greenhouse,
    "lever": parse_lever,
    "ashby": parse_ashby,
}


def parse_board(board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
    """Postings from ``payload`` (the decoded JSON of ``board.api_url``), by the board's kind.

    ``company`` names the employer on every posting (else the name a Greenhouse board publishes,
    else the board token title-cased: "acme-robotics" → "Acme Robotics").
    Raises ParseError(board.api_url, …) when the payload as a whole has the wrong shape.
    """
    return _PARSERS[board.kind](board, payload, company=company)
