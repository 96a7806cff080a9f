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
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from jobscraper.sources.ats.base import (
    AtsBoard,
    ParsedBoard,
    Skip,
    company_name,
    parse_entries,
    require,
    shape_error,
)
from jobscraper.sources.ats.coerce import (
    as_date as _iso_date,
)
from jobscraper.sources.ats.coerce import (
    as_dict as _dict,
)
from jobscraper.sources.ats.coerce import (
    as_list as _list,
)
from jobscraper.sources.ats.coerce import (
    as_num as _num,
)
from jobscraper.sources.ats.coerce import (
    as_str as _str,
)
from jobscraper.sources.ats.coerce import (
    epoch_ms_date as _epoch_ms,
)
from jobscraper.sources.ats.coerce import (
    interval_word as _interval,
)
from jobscraper.sources.ats.coerce import (
    job_type as _job_type,
)
from jobscraper.sources.ats.coerce import (
    join_places as _join,
)
from jobscraper.sources.ats.coerce import (
    salary_fields as _salary,
)
from jobscraper.sources.ats.coerce import (
    workplace as _workplace,
)
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


def _jobs_of(board: AtsBoard, payload: object) -> list[Any]:
    jobs = payload.get("jobs") if isinstance(payload, dict) else None
    if not isinstance(jobs, list):
        raise shape_error(board.api_url, payload, 'an object with a "jobs" list')
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
    title = require(job.get("title"), "title")
    offices = [_dict(o).get("name") for o in _list(job.get("offices"))]
    location = _str(_dict(job.get("location")).get("name")) or _join(offices)
    pay = next((_dict(r) for r in _list(job.get("pay_input_ranges")) if _dict(r).get("min_cents")), {})
    low, high = (_num(pay.get(k)) for k in ("min_cents", "max_cents"))
    top = (high or low or 0) / 100
    # Greenhouse pay ranges carry no interval: a figure this size is a year's pay or an hour's.
    interval = "yearly" if top >= 10_000 else "hourly" if 0 < top <= 500 else None
    departments = _join([_dict(d).get("name") for d in _list(job.get("departments"))])
    return {
        "job_url": require(job.get("absolute_url"), "absolute_url"),
        "title": title,
        "company": company_name(board, company, job.get("company_name")),
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
    return parse_entries(
        board, _PREFIX["greenhouse"], _jobs_of(board, payload), lambda job: _greenhouse(board, job, company)
    )


def _lever(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(job.get("text"), "title (text)")
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
        "job_url": require(job.get("hostedUrl"), "hostedUrl"),
        "job_url_direct": _str(job.get("applyUrl")),
        "title": title,
        "company": company_name(board, company),
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
        raise shape_error(board.api_url, payload, "a JSON list of postings")
    if payload and all(isinstance(g, dict) and "postings" in g and "text" not in g for g in payload):
        payload = [p for g in payload for p in _list(g["postings"])]  # `&group=team` answers
    return parse_entries(board, _PREFIX["lever"], payload, lambda job: _lever(board, job, company))


def _ashby(board: AtsBoard, job: dict[str, Any], company: str | None) -> dict[str, Any]:
    title = require(job.get("title"), "title")
    if job.get("isListed") is False:
        raise Skip("unlisted")
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
        "job_url": require(job.get("jobUrl"), "jobUrl"),
        "job_url_direct": _str(job.get("applyUrl")),
        "title": title,
        "company": company_name(board, company),
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
    return parse_entries(
        board, _PREFIX["ashby"], _jobs_of(board, payload), lambda job: _ashby(board, job, company)
    )


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
