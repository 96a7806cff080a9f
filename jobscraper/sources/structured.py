"""Job postings and job links from a career page's own structured data.

Career pages are untrusted third-party HTML, so this is the cheap, exact first step of the
career-page pipeline (DESIGN §3): read schema.org ``JobPosting`` from JSON-LD (top-level object,
array, ``@graph``, ``@id`` references), fall back to microdata, and map it onto ``Posting`` (JobSpy
columns). ``find_links`` finds job detail pages and the next listing page for the crawler.

Nothing here raises on bad input: broken HTML, broken JSON or postings that fail validation
become ``warnings`` so the caller can report them instead of reporting "0 jobs".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from lxml import etree
from pydantic import ValidationError

from jobscraper.posting import Posting
from jobscraper.sources.ats import detect_ats
from jobscraper.sources.html import clean_text as _clean
from jobscraper.sources.html import parse_document as _parse
from jobscraper.sources.html import to_markdown as _markdown
from jobscraper.vocabulary import ANNUAL_FACTOR, normal_interval

__all__ = ["Extracted", "Links", "extract_postings", "find_links"]

Node = dict[str, Any]


@dataclass
class Extracted:
    """What a page yielded: postings, non-fatal problems, and which markup they came from."""

    postings: list[Posting] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    method: Literal["json-ld", "microdata", "none"] = "none"


@dataclass
class Links:
    """Same-site job detail URLs in page order, and the next listing page if there is one.

    ``ats_urls`` are links (and embeds) to a known ATS board on another host: a career page whose
    jobs live on boards.greenhouse.io, jobs.lever.co or jobs.ashbyhq.com.
    """

    detail_urls: list[str] = field(default_factory=list)
    next_page: str | None = None
    ats_urls: list[str] = field(default_factory=list)


# --- JSON-LD values ----------------------------------------------------------------------------

_WRAP_HEAD = re.compile(r"^(?:\s|//|/\*|\*/|<!--|<!\[CDATA\[)+")
_WRAP_TAIL = re.compile(r"(?:\s|//|/\*|\*/|-->|\]\]>)+$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _load_block(text: str) -> Any:
    """Parse one script block, forgiving comment/CDATA wrappers and trailing commas."""
    body = _WRAP_TAIL.sub("", _WRAP_HEAD.sub("", text))
    try:
        return json.loads(body, strict=False)
    except ValueError:
        return json.loads(_TRAILING_COMMA.sub(r"\1", body), strict=False)


def _types(node: Node) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/#:]", t.strip())[-1].lower() for t in names if isinstance(t, str)}


def _walk(value: Any, found: list[Node], ids: dict[str, Node], depth: int = 0) -> None:
    """Collect JobPosting nodes and index every node that has an ``@id``."""
    if depth > 64:
        return
    if isinstance(value, list):
        for item in value:
            _walk(item, found, ids, depth + 1)
    elif isinstance(value, dict):
        if isinstance(node_id := value.get("@id"), str) and len(value) > 1:
            ids.setdefault(node_id, value)
        if "jobposting" in _types(value):
            found.append(value)
        for item in value.values():
            if isinstance(item, list | dict):
                _walk(item, found, ids, depth + 1)


def _items(value: Any, ids: dict[str, Node]) -> list[Any]:
    """``value`` as a flat list with ``{"@id": ...}`` references resolved."""
    out: list[Any] = []
    stack = [value]
    while stack and len(out) < 1000:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif isinstance(item, dict) and isinstance(item.get("@id"), str) and len(item) <= 2:
            out.append(ids.get(item["@id"], item))
        elif item is not None:
            out.append(item)
    return out


def _text(value: Any, depth: int = 0) -> str | None:
    """First usable text in a value: a string, a number, or an object's name / ``@value``."""
    for raw in _items(value, {}):
        item = raw.get("name", raw.get("@value")) if isinstance(raw, dict) else raw
        if isinstance(item, str):
            text = _clean(item)
        elif isinstance(item, int | float) and not isinstance(item, bool):
            text = str(item)
        else:  # a name that is itself an object or a list; bounded, the JSON is hostile
            text = _text(item, depth + 1) if depth < 4 and isinstance(item, list | dict) else None
        if text:
            return text
    return None


def _url(value: Any, base: str) -> str | None:
    for raw in value if isinstance(value, list) else [value]:
        item = raw
        if isinstance(raw, dict):  # ImageObject, EntryPoint, WebPage …
            item = raw.get("url") or raw.get("urlTemplate") or raw.get("contentUrl")
        if isinstance(item, str) and item.strip():
            try:
                url = urldefrag(urljoin(base, item.strip()))[0]
            except ValueError:
                continue
            if url.lower().startswith(("http://", "https://")):
                return url
    return None


_NUMBER = re.compile(r"(\d+(?:[.,'\u00a0\u202f ]\d{3})*)(?:[.,](\d+))?(\s?[kK]\b)?")


def _numbers(value: Any) -> list[float]:
    """Plausible amounts in a number or a string such as "€50.000 – 60.000" or "45k"."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        found = [float(value)]
    elif isinstance(value, str):
        found = []
        for m in _NUMBER.finditer(value[:200]):
            whole = re.sub(r"\D", "", m.group(1))
            amount = float(f"{whole}.{m.group(2)}" if m.group(2) else whole)
            found.append(amount * 1000 if m.group(3) else amount)
    else:
        return []
    return [n for n in found if 0 < n < 1e9]  # beyond a billion is junk, not pay (also drops inf)


# UN/CEFACT unit codes schema.org's unitCode uses, as unit words
_CEFACT_UNITS = {"hur": "hour", "day": "day", "wee": "week", "mon": "month", "ann": "year"}


def _interval(value: Any) -> str | None:
    unit = re.sub(r"^per[\s_-]+", "", (_text(value) or "").lower()).strip()  # "per year", "PER_YEAR"
    interval = normal_interval(_CEFACT_UNITS.get(unit, unit))
    return interval if interval in ANNUAL_FACTOR else None


def _salary(node: Node, ids: dict[str, Node]) -> dict[str, Any]:
    """min/max/currency/interval from ``baseSalary``, else ``estimatedSalary``."""
    currency = _text(node.get("salaryCurrency"))
    for key in ("baseSalary", "estimatedSalary"):
        for amount in _items(node.get(key), ids):
            unit: Any = None
            low: float | None = None
            high: float | None = None
            single: list[float] = []
            cur = currency
            if isinstance(amount, dict):
                cur = _text(amount.get("currency") or amount.get("priceCurrency")) or currency
                unit = amount.get("unitText") or amount.get("unitCode")
                inner = (_items(amount.get("value"), ids) or [None])[0]
                if isinstance(inner, dict):
                    unit = inner.get("unitText") or inner.get("unitCode") or unit
                    low = next(iter(_numbers(inner.get("minValue"))), None)
                    high = next(iter(_numbers(inner.get("maxValue"))), None)
                    single = _numbers(inner.get("value"))
                else:
                    single = _numbers(inner)
                low = low or next(iter(_numbers(amount.get("minValue"))), None)
                high = high or next(iter(_numbers(amount.get("maxValue"))), None)
                single = single or _numbers(amount.get("median") or amount.get("price"))
            else:
                single = _numbers(amount)
            low = low or (single[0] if single else None)
            high = high or (single[1] if len(single) > 1 else low)
            low = low or high
            if low is None or high is None:
                continue
            low, high = min(low, high), max(low, high)
            return {"min_amount": low, "max_amount": high, "currency": cur,
                    "interval": _interval(unit), "salary_source": "direct_data"}  # fmt: skip
    return {}


def _places(value: Any, ids: dict[str, Node]) -> list[str]:
    """Display strings ("City, Region, Country") for Places, PostalAddresses or strings."""
    out: list[str] = []
    for item in _items(value, ids):
        if isinstance(item, dict):
            address = (_items(item.get("address"), ids) or [item])[0]
            parts: list[str] = []
            if isinstance(address, dict):
                for key in ("addressLocality", "addressRegion", "addressCountry"):
                    part = _text(address.get(key))
                    if part and part.lower() not in (p.lower() for p in parts):
                        parts.append(part)
            text = ", ".join(parts) or _text(address) or _text(item.get("name"))
        else:
            text = _text(item)
        if text and text not in out:
            out.append(text)
    return out


_JOB_TYPES = {"FULL_TIME": "fulltime", "FULLTIME": "fulltime", "PART_TIME": "parttime",
              "PARTTIME": "parttime", "CONTRACTOR": "contract", "CONTRACT": "contract",
              "TEMPORARY": "temporary", "INTERN": "internship", "INTERNSHIP": "internship",
              # what sites write instead of Google's values (ats.py maps "permanent" the same way)
              "PERMANENT": "fulltime", "FREELANCE": "contract", "FREELANCER": "contract",
              "VOLLZEIT": "fulltime", "TEILZEIT": "parttime", "PRAKTIKUM": "internship"}  # fmt: skip
_DATE = re.compile(r"\s*(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|(\d{2})(\d{2}))")


def _job_type(value: Any) -> str | None:
    names = [t for v in _items(value, {}) if isinstance(v, str) for t in v.split(",")]
    kinds = [_JOB_TYPES.get(re.sub(r"[\s-]+", "_", n.strip().upper())) for n in names]
    return ", ".join(dict.fromkeys(k for k in kinds if k)) or None


def _date(value: Any) -> date | None:
    m = _DATE.match(_text(value) or "")
    try:
        return date(int(m[1]), int(m[2] or m[4]), int(m[3] or m[5])) if m else None
    except ValueError:  # 2025-02-30
        return None


def _posting(node: Node, ids: dict[str, Node], page_url: str, fallback_url: str,
             company: str | None) -> Posting:  # fmt: skip
    """Map one JobPosting node onto ``Posting``; raises ValidationError when it is unusable."""
    org = (_items(node.get("hiringOrganization"), ids) or [None])[0]
    remote = any(
        isinstance(t, str) and t.strip().upper() == "TELECOMMUTE"
        for t in _items(node.get("jobLocationType"), ids)
    )
    places = _places(node.get("jobLocation"), ids)
    location = "; ".join(places) or None
    if remote and not location:
        allowed = _places(node.get("applicantLocationRequirements"), ids)
        location = f"Remote ({', '.join(allowed)})" if allowed else "Remote"
    job_url = _url(node.get("url"), page_url) or fallback_url
    apply = node.get("applyUrl") or node.get("applicationUrl") or node.get("directApply")
    for action in _items(node.get("potentialAction"), ids):
        if isinstance(action, dict) and "applyaction" in _types(action):
            apply = apply if isinstance(apply, str) else action.get("target")
    identifier = (_items(node.get("identifier"), ids) or [None])[0]
    if isinstance(identifier, dict):
        identifier = identifier.get("value", identifier.get("@value"))
    ident = _text(identifier)
    description = node.get("description")
    data: dict[str, Any] = {
        "id": f"ld-{ident}" if ident else None,
        "site": (urlsplit(page_url).hostname or "").removeprefix("www.") or None,
        "job_url": job_url,
        "job_url_direct": job_url if apply is True else _url(apply, page_url),
        "title": _text(node.get("title")) or _text(node.get("name")),
        "company": _text(org) or company,
        "company_url": _url(org.get("sameAs") or org.get("url"), page_url) if isinstance(org, dict) else None,
        "company_logo": _url(org.get("logo"), page_url) if isinstance(org, dict) else None,
        "location": location,
        "is_remote": True if remote else (False if places else None),
        "job_type": _job_type(node.get("employmentType")),
        "date_posted": _date(node.get("datePosted")),
        "description": _markdown(description) if isinstance(description, str) else None,
        **_salary(node, ids),
    }
    return Posting.model_validate(data)


def _build(nodes: list[Node], ids: dict[str, Node], page_url: str, company: str | None,
           warnings: list[str]) -> list[Posting]:  # fmt: skip
    page = urldefrag(page_url)[0]
    postings: list[Posting] = []
    for n, node in enumerate(nodes, start=1):
        fallback = f"{page}#job-{n}" if len(nodes) > 1 else page
        try:
            postings.append(_posting(node, ids, page_url, fallback, company))
        except ValidationError as exc:
            bad = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors())
            warnings.append(f"JobPosting {n} skipped: missing or invalid {bad}")
    return postings


# --- microdata ---------------------------------------------------------------------------------

_MICRODATA_JOB = re.compile(r"https?://schema\.org/JobPosting/?", re.IGNORECASE)


def _microdata_value(el: Any, name: str) -> Any:
    tag = el.tag if isinstance(el.tag, str) else ""
    if name == "description":
        return (el.text or "") + "".join(etree.tostring(c, encoding="unicode") for c in el)
    for tags, attr in ((("meta",), "content"), (("a", "link", "area"), "href"),
                       (("img", "source", "video", "audio"), "src"), (("time",), "datetime"),
                       (("data", "meter"), "value")):  # fmt: skip
        if tag in tags and el.get(attr) is not None:
            return el.get(attr)
    return el.get("content") or el.text_content()


def _microdata_item(scope: Any, depth: int = 0) -> Node:
    """A microdata item as a JSON-LD-shaped dict, so one mapper serves both."""
    item: Node = {"@type": [t.rsplit("/", 1)[-1] for t in (scope.get("itemtype") or "").split()]}
    props: dict[str, list[Any]] = {}
    stack = list(reversed(scope))
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        nested = el.get("itemscope") is not None
        for name in (el.get("itemprop") or "").split():
            value = _microdata_item(el, depth + 1) if nested and depth < 8 else _microdata_value(el, name)
            props.setdefault(name, []).append(value)
        if not nested:
            stack.extend(reversed(el))
    item.update({k: v[0] if len(v) == 1 else v for k, v in props.items()})
    return item


# --- public API --------------------------------------------------------------------------------


def extract_postings(html: str, page_url: str, *, company: str | None = None) -> Extracted:
    """Postings from a page's JSON-LD, or from its microdata when JSON-LD has none.

    ``company`` names the employer when the markup does not. Problems (a block that is not
    JSON, a posting without a title) are listed in ``warnings``, 1-based in page order.
    """
    result = Extracted()
    root = _parse(html)
    if root is None:
        result.warnings.append("page is empty")
        return result
    nodes: list[Node] = []
    ids: dict[str, Node] = {}
    blocks = [s for s in root.iter("script") if "application/ld+json" in
              "".join((s.get("type") or "").split()).lower()]  # fmt: skip
    for index, script in enumerate(blocks, start=1):
        try:
            _walk(_load_block(script.text or ""), nodes, ids)
        except (ValueError, RecursionError) as exc:
            result.warnings.append(f"JSON-LD block {index} is not valid JSON: {str(exc)[:120]}")
    unique = list({n["@id"] if isinstance(n.get("@id"), str) else id(n): n for n in nodes}.values())
    result.postings = _build(unique, ids, page_url, company, result.warnings)
    if result.postings:
        result.method = "json-ld"
        return result
    items = [_microdata_item(el) for el in root.xpath("//*[@itemscope and @itemtype]")
             if any(_MICRODATA_JOB.fullmatch(t) for t in el.get("itemtype").split())]  # fmt: skip
    result.postings = _build(items, {}, page_url, company, result.warnings)
    result.method = "microdata" if result.postings else "none"
    return result


# --- links -------------------------------------------------------------------------------------

_JOB_SEGMENTS = frozenset({"job", "jobs", "career", "careers", "position", "positions", "opening", "openings",
                           "vacancy", "vacancies", "karriere", "stellen", "stellenangebote"})  # fmt: skip
_NOT_DETAIL = frozenset({"page", "search", "category", "categories", "department", "departments",
                         "location", "locations", "team", "teams", "tag", "tags", "filter"})  # fmt: skip
_JOB_CONTAINER = re.compile(r"(?:^|[-_\s])(jobs?|positions?|openings?|vacanc)", re.IGNORECASE)
_CSS_POSITION = re.compile(r"position-(relative|absolute|fixed|static|sticky)", re.IGNORECASE)
_PAGING = re.compile(r"[?&](?:page|pg|offset|start)=", re.IGNORECASE)
_NEXT_TEXT = frozenset({"next", "next page", "weiter", "nächste", "nächste seite", "›", "»"})


def _site(url: str) -> str:
    """Host and port; ``www.`` does not make another site."""
    return urlsplit(url).netloc.lower().removeprefix("www.")


def _is_detail_path(path: str) -> bool:
    segs = [s.lower() for s in path.split("/") if s]
    return any(
        s in _JOB_SEGMENTS and segs[i + 1] not in _JOB_SEGMENTS | _NOT_DETAIL for i, s in enumerate(segs[:-1])
    )


def _in_job_container(a: Any) -> bool:
    for el in a.iterancestors():
        if el.tag == "body":
            return False
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _JOB_CONTAINER.search(_CSS_POSITION.sub("", marks)):
            return True
    return False


def _page_number(url: str) -> int | None:
    """The page a listing URL names (``?page=3``, ``?seite=3``, ``/page/3``); None when it names none."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in ("page", "pg", "p", "seite") and re.fullmatch(r"\d{1,4}", value):
            return int(value)
    match = re.search(r"/page/(\d{1,4})/?$", parts.path)
    return int(match[1]) if match else None


def find_links(html: str, page_url: str) -> Links:
    """Job detail links and the next listing page, same site only, resolved, in page order."""
    links = Links()
    root = _parse(html)
    if root is None:
        return links
    base_el = root.find(".//base[@href]")
    base = urljoin(page_url, base_el.get("href")) if base_el is not None else page_url
    page, site = urldefrag(page_url)[0].rstrip("/"), _site(page_url)

    def resolve(href: str | None) -> str | None:
        url = _url(href, base) if href and not href.strip().startswith("#") else None
        return url if url and _site(url) == site and url.rstrip("/") != page else None

    for el in root.iter("link", "a"):
        if "next" in (el.get("rel") or "").lower().split() and (url := resolve(el.get("href"))):
            links.next_page = url
            break
    anchors = [a for a in root.iter("a") if a.get("href")]
    if links.next_page is None:
        for a in anchors:
            words = " ".join(a.text_content().split()).casefold()
            label = (a.get("aria-label") or "").casefold()
            if (words.strip(" >→›»") in _NEXT_TEXT or words in _NEXT_TEXT or
                    re.search(r"\bnext\b", label)) and (url := resolve(a.get("href"))):  # fmt: skip
                links.next_page = url
                break
    if links.next_page is None:  # numbered pages only ("1 2 3"): the link to the page after this one
        after = (_page_number(page_url) or 1) + 1
        for a in anchors:
            url = resolve(a.get("href")) if a.text_content().strip() == str(after) else None
            if url and _page_number(url) == after:
                links.next_page = url
                break
    seen = {links.next_page}
    for a in anchors:
        url = resolve(a.get("href"))
        rel = (a.get("rel") or "").lower().split()
        if (url is None or url in seen or "next" in rel or "prev" in rel or _PAGING.search(url)
                or a.text_content().strip().isdigit()  # a page number, not a job
                or any(p.tag in ("nav", "header", "footer") for p in a.iterancestors())):  # fmt: skip
            continue
        if _is_detail_path(urlsplit(url).path) or _in_job_container(a):
            seen.add(url)
            links.detail_urls.append(url)
    boards: dict[str, None] = {}  # jobs hosted on an ATS: links to it, embedded boards
    for el in root.iter("a", "iframe", "script"):
        url = _url(el.get("href") if el.tag == "a" else el.get("src"), base)
        if url and url not in boards and _site(url) != site and detect_ats(url) is not None:
            boards[url] = None
    links.ats_urls = list(boards)
    return links
