"""What every ATS adapter is: the protocol, the board it reads, what it yields, and how it fetches.

An adapter is one module under :mod:`jobscraper.sources.ats` holding one object that satisfies
:class:`AtsAdapter`; the registry lists it once. It is pure apart from :meth:`AtsAdapter.scrape`,
which asks an :class:`AtsClient` for each request — the client (the caller's
:class:`~jobscraper.scraping.fetch.Fetcher`) owns limits, retries, ``Retry-After`` and the URL
policy, so adapters never open a connection themselves.

One bad job entry never fails a board: it is listed in :attr:`ParsedBoard.skipped` with a reason.
A payload of the wrong overall shape (an error object, HTML, a list where an object belongs) is a
:class:`~jobscraper.errors.ParseError` naming the URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit

from pydantic import ValidationError

from jobscraper.errors import ParseError
from jobscraper.posting import Posting
from jobscraper.sources.ats.coerce import as_str

__all__ = [
    "TOKEN",
    "AtsAdapter",
    "AtsBoard",
    "AtsClient",
    "DetailEndpoint",
    "OnePayload",
    "ParsedBoard",
    "Skip",
    "company_name",
    "jobs_of",
    "match_token",
    "parse_entries",
    "path_token",
    "require",
    "shape_error",
    "where",
]

TOKEN = re.compile(r"^\w[\w.\- ]*$")
"""What a board token (a company's name on an ATS) may look like once unquoted."""


@dataclass(frozen=True)
class AtsBoard:
    """One ATS board: its kind, its token (board name), its API URL and its public page.

    ``site`` is the second name some ATS need besides the tenant (Workday's career site); empty
    for the rest.
    """

    kind: str
    token: str
    api_url: str
    board_url: str
    site: str = ""


@dataclass
class ParsedBoard:
    """What a board yielded: usable postings, one reason per job entry left out, requests made."""

    postings: list[Posting] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    requests: int = 1


class AtsClient(Protocol):
    """The requests an adapter may make; each raises a ScrapeError subclass on failure.

    ``SourceUnavailable`` with ``status == 404`` is how a missing detail page arrives (the
    Fetcher's :class:`~jobscraper.scraping.fetch.NotFoundAt`, never retried): an adapter keeps the
    listing's posting then, with a warning. A ``get_json``/``post_json`` answer that is not JSON is
    a ``ParseError`` naming the URL. The client is
    :class:`~jobscraper.sources.ats.client.FetcherClient` (tests pass fakes).
    """

    async def get_text(self, url: str) -> str: ...

    async def get_json(self, url: str) -> object: ...

    async def post_json(self, url: str, body: Mapping[str, object]) -> object: ...


@runtime_checkable
class AtsAdapter(Protocol):
    """One applicant tracking system: recognise its URLs, read its public API, map to Posting."""

    kind: ClassVar[str]
    """The name in config, CLI (``--ats``) and API: ``"workday"``."""
    label: ClassVar[str]
    """The name people read: ``"Workday"``."""
    id_prefix: ClassVar[str]
    """A posting's id is ``f"{id_prefix}-{source id}"``: ``"wd"``."""
    vendor_domains: ClassVar[tuple[str, ...]]
    """The vendor's own hosts; a URL there is never another ATS's API endpoint."""
    example_url: ClassVar[str]
    """A careers URL as people paste it, for help texts and error messages."""

    def detect(self, host: str, path: str, query: str) -> AtsBoard | None:
        """The board a pasted URL (lower-case host without ``www.``, path, query) belongs to."""
        ...

    def endpoint(self, url: str, segments: list[str], host: str) -> AtsBoard:
        """The board for an explicit ``ats: <kind>`` on a URL that is not the vendor's: a
        self-hosted mirror or the demo board, requested as given."""
        ...

    def sniff(self, payload: object) -> bool:
        """Whether a JSON payload served at a career URL is this ATS's listing answer."""
        ...

    async def scrape(self, board: AtsBoard, client: AtsClient, *, company: str | None) -> ParsedBoard:
        """Every open posting on ``board``: every page of the listing, details where needed."""
        ...


def where(url: str) -> tuple[str, str, str] | None:
    """(lower-case host without ``www.``, path, query) of a URL, pasted with or without a scheme;
    None when it has no host or cannot be parsed. What :meth:`AtsAdapter.detect` is given."""
    text = url.strip()
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:  # an invalid port or IPv6 literal
        return None
    return (host, re.sub("/{2,}", "/", parts.path), parts.query) if host else None


def match_token(patterns: tuple[re.Pattern[str], ...], host: str, path: str, query: str) -> str | None:
    """The board token the first matching pattern captures (group 1) from ``host+path?query``,
    unquoted and stripped; None when no pattern matches or the token is not a plausible name."""
    for pattern in patterns:
        match = pattern.match(f"{host}{path}?{query}")
        token = unquote(match.group(1)).strip() if match else ""
        if TOKEN.match(token):
            return token
    return None


def path_token(segments: list[str], marker: str, generic: frozenset[str] = frozenset()) -> str | None:
    """The board token in an API path on a host that is not the vendor's (a mirror, the demo board).

    The segment after ``marker`` ("boards" in ``/v1/boards/acme/jobs``); else the last segment that
    is not a generic word of API paths. A file's type ("/acme/jobs.json") is not part of the name.
    """
    segments = [re.sub(r"\.(?:json|html?|xml|rss)$", "", s, flags=re.IGNORECASE) for s in segments]
    lowered = [s.lower() for s in segments]
    if marker in lowered[:-1]:
        return segments[lowered.index(marker) + 1]
    common = _GENERIC | {marker} | generic
    rest = [s for s in segments if s and s.lower() not in common]
    return rest[-1] if rest else None


_GENERIC = frozenset(
    {"v0", "v1", "v2", "v3", "api", "jobs", "boards", "postings", "posting-api", "job-board"}
)


@runtime_checkable
class OnePayload(Protocol):
    """An adapter whose whole board is one JSON answer (Greenhouse, Lever, Ashby): it can parse a
    payload already in hand (one served at a career URL, a recorded fixture) without requests."""

    def parse(self, board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard: ...


@runtime_checkable
class DetailEndpoint(Protocol):
    """An adapter that can name one posting's own API endpoint, for the liveness check
    (:mod:`jobscraper.scraping.liveness`): a JSON answer there is the posting, a 404/410 is a
    posting gone — truer than the public job page, which on some ATS is a JavaScript shell that
    answers 200 for a closed job too. Optional: an adapter without it keeps the page check."""

    def detail_url(self, board: AtsBoard, source_id: str, job_url: str) -> str | None:
        """The endpoint of the posting ``source_id`` (its id without the adapter's prefix) whose
        job page is ``job_url``, on ``board``; None when the API has no per-posting endpoint
        that the scrape itself reads (the page is checked then)."""
        ...


class Skip(Exception):
    """A job entry that cannot become a posting; the message is the reason."""


def require(value: Any, what: str) -> str:
    """``value`` as text, or Skip("missing <what>")."""
    text = as_str(value)
    if text is None:
        raise Skip(f"missing {what}")
    return text


def company_name(board: AtsBoard, company: str | None, published: Any = None) -> str:
    """The configured employer, else the name the board publishes, else the token title-cased."""
    given = company or as_str(published)
    return given or " ".join(w.capitalize() for w in re.split(r"[-_.\s]+", board.token) if w)


def parse_entries(
    board: AtsBoard,
    prefix: str,
    entries: list[Any],
    convert: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    id_key: str = "id",
) -> ParsedBoard:
    """Postings from job entries, each turned into Posting fields by ``convert``.

    An entry that is not an object, raises :class:`Skip`, or fails Posting's validation is
    listed in ``skipped`` with its id and the reason; the rest of the board is kept.
    """
    result = ParsedBoard()
    for index, entry in enumerate(entries):
        source_id = as_str(entry.get(id_key)) if isinstance(entry, dict) else None
        uid = f"{prefix}-{source_id}" if source_id else None
        label = uid or f"entry {index}"
        try:
            if not isinstance(entry, dict):
                raise Skip(f"not a JSON object ({type(entry).__name__})")
            result.postings.append(Posting(site=board.kind, id=uid, **convert(entry)))
        except Skip as exc:
            result.skipped.append(f"{label}: {exc}")
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            result.skipped.append(f"{label}: invalid {where}: {first['msg']}")
    return result


def jobs_of(board: AtsBoard, payload: object, key: str = "jobs") -> list[Any]:
    """The list under ``key`` of a payload shaped ``{"jobs": [...]}``; else the ParseError."""
    jobs = payload.get(key) if isinstance(payload, dict) else None
    if not isinstance(jobs, list):
        raise shape_error(board.api_url, payload, f'an object with a "{key}" list')
    return jobs


def shape_error(url: str, payload: object, expected: str) -> ParseError:
    """The ParseError for a payload that as a whole is not what the API returns."""
    if isinstance(payload, Mapping):
        said = payload.get("error") or payload.get("message") or payload.get("errors")
        if said:
            return ParseError(url, f"the API answered with an error: {str(said)[:200]}")
        return ParseError(url, f"expected {expected}, got an object with keys {sorted(payload)[:8]}")
    return ParseError(url, f"expected {expected}, got {type(payload).__name__}")
