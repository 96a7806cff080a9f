"""How a posting is recognised again: canonical URL, cross-source duplicate key, content hash.

- **Canonical URL** — a source's identity. Scheme and host lower-cased, ``www.`` dropped, the
  fragment and tracking parameters (``utm_*``, ``trk``, ``refId``, ``trackingId``, ``gclid`` …)
  removed, remaining parameters sorted, a trailing ``/`` dropped. The same listing reached through
  two tracking links is one source.
- **Duplicate key** — a job's identity across sources: ``company|title|city``, each normalised:
  lower-cased, accents folded, punctuation but ``+``/``#`` dropped (C, C++ and C# differ),
  whitespace collapsed; company legal suffixes (Inc, LLC, Ltd, GmbH, AG, SE, …) removed; gender
  markers in titles (``(m/w/d)``, ``(f/m/x)``) removed; the location reduced to its first
  comma-separated part (the city: "Berlin, Berlin, Germany" and "Berlin" agree), and any location
  mentioning remote becomes ``remote``. The same job on LinkedIn, Indeed and the company site
  shares this key and becomes one job with several sources. A job's key follows a renamed title
  (unless another job holds the new key). Two distinct openings with the same company, title and
  city are merged too — the price of recognising reposts.
- **Content hash** — SHA-256 over the scraped content fields except ``date_posted`` (boards show
  relative dates that drift daily) and the URLs; it tells *updated* from *unchanged*.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from jobscraper.posting import Posting

__all__ = [
    "HASHED_FIELDS",
    "canonical_url",
    "content_hash",
    "dedup_key",
    "normalize_company",
]

_TRACKING = re.compile(
    r"^(utm_.*|trk.*|ref|refid|ref_id|trackingid|tracking_id|gclid|fbclid|mc_[ce]id|_ga|"
    r"originalsubdomain|pagenum|eba)$",
    re.IGNORECASE,
)
_LEGAL = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|gmbh|ag|se|sa|sas|sarl|bv|b\.v|nv|plc|corp|"
    r"corporation|co|company|kg|ug|oy|ab|as|aps|pty|srl|spa|pte|holdings?|group)\b\.?",
)
_GENDER = re.compile(r"[(\[]\s*[mwfdxhn]\s*(/\s*[mwfdxhn]\s*)+[)\]]|\b[mwf]\s*/\s*[mwf]\s*/\s*[dx]\b")
_NON_WORD = re.compile(r"[^\w+#]+")  # "+"/"#" kept: C++, C# and C are different jobs

HASHED_FIELDS: tuple[str, ...] = (
    "title",
    "company",
    "location",
    "job_type",
    "interval",
    "min_amount",
    "max_amount",
    "currency",
    "is_remote",
    "job_level",
    "job_function",
    "listing_type",
    "emails",
    "description",
    "company_industry",
    "company_url",
    "company_num_employees",
    "company_revenue",
    "company_description",
    "skills",
    "experience_range",
    "vacancy_count",
    "work_from_home_type",
)


def canonical_url(url: str) -> str:
    """The URL with tracking noise removed; equal for two links to the same listing."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped).split())


def normalize_company(name: str | None) -> str:
    """Company name without case, accents, punctuation or legal suffix ("ACME, Inc." → "acme")."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    without_legal = _LEGAL.sub(" ", folded)
    return _fold(without_legal) or _fold(folded)


def _normalize_title(title: str) -> str:
    return _fold(_GENDER.sub(" ", title.casefold()))


def _normalize_location(location: str | None, is_remote: bool | None) -> str:
    if not location:
        return "remote" if is_remote else ""
    if "remote" in location.casefold():
        return "remote"
    return _fold(location.split(",")[0])


def dedup_key(posting: Posting) -> str:
    """The cross-source duplicate key ``company|title|city`` (see module docstring)."""
    return "|".join(
        (
            normalize_company(posting.company),
            _normalize_title(posting.title),
            _normalize_location(posting.location, posting.is_remote),
        )
    )


def content_hash(posting: Posting) -> str:
    """SHA-256 of the hashed content fields, stable across runs and Python versions."""
    payload = {name: getattr(posting, name) for name in HASHED_FIELDS}
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
