"""The company blocklist's rules: which companies the user never wants to see (issue 17, item 2).

A rule is one of three kinds (:data:`BLOCK_KINDS`):

- ``name`` — a company name, compared after the normalisation the duplicate key uses
  (:func:`jobscraper.store.identity.normalize_company`: case, accents, punctuation and legal
  suffixes do not count, so "ACME, Inc." blocks "Acmé GmbH");
- ``domain`` — a host: a job whose URL, direct URL, company URL or company direct URL is on it or
  on one of its subdomains is blocked ("acme.com" blocks jobs.acme.com; a leading ``www.`` is dropped);
- ``pattern`` — a glob over the normalised company name (``*`` any run of characters, ``?`` one):
  "*recruit*" blocks every company whose name contains "recruit".

This module is the rules in plain Python: parsing and validating what the user typed
(:func:`parse_rule`, one clear sentence per refusal) and deciding a company (:func:`blocking_rule`,
used before a watched company is scraped). The same rules as SQL, which every job query applies,
are :func:`jobscraper.store.blocklist.not_blocked`; a unit test holds the two to the same cases.
Blocked jobs stay in the database: unblocking brings them back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from jobscraper.errors import InputError
from jobscraper.store.identity import normalize_company
from jobscraper.vocabulary import BLOCK_KINDS, BlockKind

__all__ = [
    "BLOCK_KINDS",
    "MAX_VALUE",
    "BlockInput",
    "BlockKind",
    "BlockRule",
    "BlockedPublic",
    "blocking_rule",
    "company_key",
    "guess_kind",
    "parse_rule",
    "url_host",
]

MAX_VALUE = 200
"""The longest rule accepted (a company name or a host is far shorter)."""

_GLOB = re.compile(r"[*?]")
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_NON_WORD = re.compile(r"[^\w+#*?]+")  # as the duplicate key's, with the glob characters kept


class BlockInput(BaseModel):
    """A rule as the user gives it (``POST /api/blocklist``); ``kind`` left out is guessed."""

    model_config = ConfigDict(extra="forbid")

    value: str = Field(min_length=1, max_length=MAX_VALUE, description="a company name, a domain or a glob")
    kind: BlockKind | None = Field(
        None, description="name | domain | pattern; left out: a dotted host is a domain, * or ? a pattern"
    )


class BlockRule(BaseModel):
    """A validated rule: its kind, the user's text, and the normalised ``match`` queries compare."""

    model_config = ConfigDict(frozen=True)

    kind: BlockKind
    value: str
    match: str


class BlockedPublic(BlockRule):
    """A stored rule as the API and the CLI show it."""

    id: int
    created_at: datetime


def guess_kind(value: str) -> BlockKind:
    """``pattern`` when ``value`` has ``*`` or ``?``, ``domain`` when it looks like a host or a URL
    (a dot and no space), else ``name``."""
    text = value.strip()
    if _GLOB.search(text):
        return "pattern"
    if "://" in text or ("." in text.strip(".") and " " not in text and _host_like(text)):
        return "domain"
    return "name"


def _host_like(text: str) -> bool:
    try:
        host = text.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = host.removesuffix(".").split(".")
    return len(labels) >= 2 and all(_LABEL.match(label) for label in labels) and labels[-1].isalpha()


def parse_rule(value: str, kind: BlockKind | None = None) -> BlockRule:
    """The rule ``value`` of ``kind`` (guessed when None), validated and normalised;
    :class:`InputError` with a sentence when it cannot be a rule."""
    text = value.strip()
    if not text:
        raise InputError("a blocklist entry cannot be empty: give a company name, a domain or a pattern")
    if len(text) > MAX_VALUE:
        raise InputError(f"a blocklist entry has at most {MAX_VALUE} characters (this one has {len(text)})")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise InputError("a blocklist entry cannot hold control characters")
    kind = kind or guess_kind(text)
    if kind == "domain":
        return BlockRule(kind=kind, value=text, match=_domain(text))
    if kind == "pattern":
        return BlockRule(kind=kind, value=text, match=_pattern(text))
    match = normalize_company(text)
    if not match:
        raise InputError(f"{text!r} has no letters or digits to compare company names with")
    return BlockRule(kind=kind, value=text, match=match)


def _domain(text: str) -> str:
    host = (urlsplit(text).hostname or "") if "://" in text else text.split("/", 1)[0].split(":", 1)[0]
    host = host.lower().strip().removesuffix(".").removeprefix("www.")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = ""
    if not _host_like(host):
        raise InputError(
            f"{text!r} is not a domain: write a host such as example.com (subdomains are included)"
        )
    return host


def _fold_glob(text: str) -> str:
    """A glob folded the way company names are (case, accents, punctuation), ``*`` and ``?`` kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped).split())


def _pattern(text: str) -> str:
    if not _GLOB.search(text):
        raise InputError(f"{text!r} is not a pattern: use * for any characters and ? for one, e.g. *recruit*")
    folded = _fold_glob(text)
    if sum(ch.isalnum() for ch in folded) < 2:
        raise InputError(
            f"{text!r} would block almost every company: a pattern needs at least two letters or digits"
        )
    like = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return like.replace("*", "%").replace("?", "_")


def company_key(company: str | None) -> str:
    """The normalised company name the ``name`` and ``pattern`` rules compare."""
    return normalize_company(company)


def url_host(url: str | None) -> str | None:
    """The lower-case host of an absolute URL (None for anything else)."""
    if not url or "://" not in url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def _like_regex(like: str) -> re.Pattern[str]:
    parts: list[str] = []
    chars = iter(like)
    for ch in chars:
        if ch == "\\":
            parts.append(re.escape(next(chars, "\\")))
        elif ch == "%":
            parts.append(".*")
        elif ch == "_":
            parts.append(".")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts), re.DOTALL)


def blocking_rule(
    rules: Sequence[BlockRule], company: str | None, urls: Iterable[str | None] = ()
) -> BlockRule | None:
    """The first of ``rules`` that blocks a company named ``company`` with these URLs, else None."""
    key = company_key(company)
    hosts = {h for h in map(url_host, urls) if h}
    for rule in rules:
        if rule.kind == "name" and key and key == rule.match:
            return rule
        if rule.kind == "pattern" and key and _like_regex(rule.match).fullmatch(key):
            return rule
        if rule.kind == "domain" and any(h == rule.match or h.endswith("." + rule.match) for h in hosts):
            return rule
    return None
