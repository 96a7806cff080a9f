"""A job detail page without structured data, as a posting for the extraction service to enrich.

Career sites that publish no JSON-LD or microdata still show a job page: a heading with the
title, some text. :func:`page_posting` keeps what can be read without guessing — the title (the
page's ``og:title``, else its only or first ``<h1>``, else ``<title>`` with the company name
trimmed off), a location where the page marks one (``itemprop``/class/``data-*`` naming
"location"), and the main content as sanitised markdown — and leaves the rest (salary, remote
policy, seniority, skills …) to the extraction service, which every new posting goes through.
A page with no title or too little text is not a posting (None): it stays counted as *needs
extraction*.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from jobscraper.posting import Posting
from jobscraper.sources.html import clean_text, parse_document, to_markdown

__all__ = ["MIN_DESCRIPTION_CHARS", "page_posting"]

MIN_DESCRIPTION_CHARS = 80
_CHROME = ("nav", "header", "footer", "aside")
_LOCATION = re.compile(r"(^|[-_\s])(job[-_]?)?location($|[-_\s])", re.IGNORECASE)
_LABELS = ("location", "job location", "standort", "lieu", "ubicación")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·-]\s+")


def _text(el: Any) -> str | None:
    return clean_text(el.text_content()) if el is not None else None


def _in_chrome(el: Any) -> bool:
    """Inside the site's header, navigation, footer or sidebar (an article's own header is not)."""
    for ancestor in el.iterancestors(*_CHROME):
        if not any(outer.tag in ("main", "article") for outer in ancestor.iterancestors()):
            return True
    return False


def _title(root: Any, main: Any, company: str | None) -> str | None:
    og = root.xpath("//meta[@property='og:title']/@content")
    if og and (title := clean_text(og[0])):
        return _trim(title, company)
    # the job's heading, not the site's: an h1 in the main content first, never one in the chrome
    for scope in (main, root):
        for h1 in scope.iter("h1"):
            if not _in_chrome(h1) and (title := _text(h1)) and len(title) <= 200:
                return title
    head = root.find(".//title")
    if head is not None and (title := _text(head)):
        return _trim(title, company)
    return None


def _trim(title: str, company: str | None) -> str:
    """``"Backend Engineer — Acme"`` → ``"Backend Engineer"`` (a page title names the site too)."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and company and company.lower() in parts[-1].lower():
        return " - ".join(parts[:-1])
    return title


def _location(root: Any) -> str | None:
    for el in root.iter("*"):
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "link"):
            continue
        marks = " ".join(
            v for k, v in el.attrib.items() if k in ("class", "id", "itemprop") or k.startswith("data-")
        )
        text = _text(el) if marks and _LOCATION.search(marks) else None
        # "Location:" is the label, not the place
        if text and len(text) <= 120 and text.lower().rstrip(": ") not in _LABELS:
            return text
    return None


def _main(root: Any) -> Any:
    for path in ("//main", "//article", "//*[@role='main']", "//body"):
        found = root.xpath(path)
        if found:
            return found[0]
    return root


def page_posting(html: str, url: str, *, company: str | None = None) -> Posting | None:
    """The posting a plain job page shows, for extraction to complete; None if it shows none."""
    root = parse_document(html)
    if root is None:
        return None
    main = _main(root)
    title = _title(root, main, company)
    location = _location(root)
    for el in list(main.iter(*_CHROME)):
        el.drop_tree()
    description = to_markdown(etree.tostring(main, encoding="unicode", method="html"))
    if not title or not description or len(description) < MIN_DESCRIPTION_CHARS:
        return None
    return Posting(job_url=url, title=title, company=company, location=location, description=description)
