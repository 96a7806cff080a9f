"""Untrusted third-party HTML → safe text: the one sanitising converter every source uses.

Career pages, ATS descriptions and board descriptions are written by strangers. Before a
description is stored it becomes markdown with active or invisible content dropped (scripts,
styles, frames, forms, embedded objects), links kept only for http(s)/mailto, images only for
http(s), and any literal ``<tag`` escaped. The UI sanitises again when it renders.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import lxml.html
from lxml import etree
from markdownify import markdownify

__all__ = ["clean_text", "parse_document", "to_markdown"]

# --------------------------------------------------------------------------------------

_PARSER = lxml.html.HTMLParser(
    recover=True, encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
)
# Elements whose content must never reach a description (active or invisible content).
_UNSAFE_TAGS = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "noscript",
                "template", "svg", "math", "form", "button", "input", "select", "textarea", "link",
                "meta", "base", "head", "title")  # fmt: skip
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_HAS_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")
_TAGS = re.compile(r"<[^>]*>")


def parse_document(text: str) -> Any | None:
    """The document root, or None when there is nothing to parse (lxml recovers from the rest)."""
    if not text or not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def clean_text(value: str) -> str | None:
    """Plain one-line text: entities decoded, tags removed, whitespace collapsed."""
    return " ".join(_TAGS.sub(" ", htmllib.unescape(value)).split()) or None


def to_markdown(text: str | None) -> str | None:
    """A description as markdown, with active content dropped (not escaped) before conversion.

    Accepts HTML, HTML escaped once too often (Greenhouse), or plain text (kept as it is). A
    literal ``<tag`` left in the text is escaped so no markdown renderer runs it.
    """
    if not text or not text.strip():
        return None
    if not _HAS_TAG.search(text) and "&lt;" in text:
        text = htmllib.unescape(text)  # HTML that was escaped once more than needed
    if not _HAS_TAG.search(text):  # plain text: keep its line breaks
        out = htmllib.unescape(text).replace("\r\n", "\n")
    else:
        root = parse_document(f"<html><body>{text}</body></html>")
        body = root.find("body") if root is not None else None
        if body is None:
            return None
        for el in list(body.iter(*_UNSAFE_TAGS)):
            el.drop_tree()
        for a in body.iter("a"):
            if not (a.get("href") or "").strip().lower().startswith(_SAFE_SCHEMES):
                a.attrib.pop("href", None)
        for img in list(body.iter("img")):
            if not (img.get("src") or "").strip().lower().startswith(_SAFE_SCHEMES[:2]):
                img.drop_tree()
        try:
            out = markdownify(etree.tostring(body, encoding="unicode", method="html"),
                              heading_style="ATX", bullets="-")  # fmt: skip
        except RecursionError:  # absurdly nested markup: keep the words, lose the formatting
            out = body.text_content()
    out = out.replace("\xa0", " ")
    out = _TAG_LIKE.sub(r"\\<", re.sub(r"\n[ \t]*\n(\s*\n)+", "\n\n", out)).strip()
    return out or None
