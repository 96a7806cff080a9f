"""Known ATS job boards: recognise a board URL, read its public API, one module per ATS.

A company's career page is often a hosted ATS board whose public API lists every open job with
cleaner data than any HTML scrape. Each ATS is one module here (``greenhouse``, ``lever``, …)
holding an ``ADAPTER`` that satisfies :class:`~jobscraper.sources.ats.base.AtsAdapter`; the kinds
are listed once, in :data:`jobscraper.vocabulary.ATS_LABELS`, and :mod:`.registry` finds each
kind's module. The functions here loop over the registry: turn a pasted URL into an
:class:`AtsBoard` (where its API lives), tell a served payload's ATS by its shape, and parse a
payload for the ATS whose whole board is one response. Fetching is the adapter's ``scrape``
through an :class:`~jobscraper.sources.ats.base.AtsClient`; limits and retries are the client's.

One bad job entry never fails a board: it is listed in :attr:`ParsedBoard.skipped` with a reason.
A payload of the wrong overall shape (an error object, HTML, a list where an object belongs) is a
:class:`~jobscraper.errors.ParseError` naming the API URL.
"""

from __future__ import annotations

from urllib.parse import unquote

from jobscraper.sources.ats.ashby import parse_ashby
from jobscraper.sources.ats.base import AtsAdapter, AtsBoard, AtsClient, OnePayload, ParsedBoard, where
from jobscraper.sources.ats.greenhouse import parse_greenhouse
from jobscraper.sources.ats.lever import parse_lever
from jobscraper.sources.ats.registry import adapter, adapters
from jobscraper.vocabulary import ATS_KINDS, SITE_DOMAINS, AtsKind

__all__ = [
    "ATS_KINDS",
    "AtsAdapter",
    "AtsBoard",
    "AtsClient",
    "AtsKind",
    "ParsedBoard",
    "adapter",
    "adapters",
    "detect_ats",
    "parse_ashby",
    "parse_board",
    "parse_greenhouse",
    "parse_lever",
    "resolve_board",
    "sniff_kind",
]


def detect_ats(url: str) -> AtsBoard | None:
    """The ATS board a pasted career URL belongs to (board page, job page, embed or API URL).

    None when the URL is not a recognisable board of a known ATS — including the vendors' own
    marketing pages and a board host with an empty path.
    """
    parts = where(url)
    if parts is None:
        return None
    return next((b for a in adapters() if (b := a.detect(*parts)) is not None), None)


def _foreign(host: str) -> bool:
    """Whether ``host`` is an ATS vendor's or a job board's own: never another ATS's API endpoint."""
    domains = [d for a in adapters() for d in a.vendor_domains] + list(SITE_DOMAINS.values())
    return any(host == d or host.endswith("." + d) for d in domains)


def resolve_board(url: str, ats: str = "auto") -> AtsBoard | None:
    """The board to read for a configured company (``CompanyConfig.url`` and ``.ats``).

    ``auto`` detects the board from the URL (None: not an ATS board, scrape it as HTML); ``html``
    is always None. An explicit kind takes a detectable URL of that kind, or else treats ``url``
    itself as the API endpoint — a self-hosted mirror or the demo board — so it is requested as
    given. Raises ValueError for an unknown kind (naming the known ones) or a URL that cannot be
    a board of that kind.
    """
    if ats == "html":
        return None
    if ats == "auto":
        return detect_ats(url)
    reader = adapter(ats)
    detected = detect_ats(url)
    if detected is not None:
        if detected.kind != reader.kind:
            raise ValueError(f"{url} is a {detected.kind} board, but ats is set to {reader.kind}")
        return detected
    parts = where(url) if url.strip().lower().startswith(("http://", "https://")) else None
    if parts is None:
        raise ValueError(f"{url!r} is not an http(s) URL, so it cannot be a {reader.kind} API endpoint")
    host, path, _ = parts
    if _foreign(host):
        raise ValueError(
            f"{url} is not a {reader.kind} job board (expected a board URL like {reader.example_url})"
        )
    return reader.endpoint(url.strip(), [unquote(s) for s in path.split("/") if s], host)


def sniff_kind(payload: object) -> AtsKind | None:
    """Which ATS API answered ``payload``, by its shape; None when it is none of them.

    For a URL scraped without ``ats:`` that turns out to serve an ATS's JSON (a self-hosted mirror
    or proxy of the board API): its first job's keys tell the vendors apart.
    """
    return next((a.kind for a in adapters() if a.sniff(payload)), None)


def parse_board(board: AtsBoard, payload: object, *, company: str | None = None) -> ParsedBoard:
    """Postings from ``payload`` (the decoded JSON of ``board.api_url``), by the board's kind.

    Only for an ATS whose whole board is that one answer (:class:`OnePayload`: Greenhouse, Lever,
    Ashby); the others are read with their adapter's ``scrape``. ``company`` names the employer on
    every posting (else the name the board publishes, else the board token title-cased:
    "acme-robotics" → "Acme Robotics"). Raises ParseError(board.api_url, …) when the payload as a
    whole has the wrong shape.
    """
    reader = adapter(board.kind)
    if not isinstance(reader, OnePayload):
        raise ValueError(f"a {board.kind} board is read across several requests: use its adapter's scrape")
    return reader.parse(board, payload, company=company)
