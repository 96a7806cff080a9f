"""What the feed-style adapters share: XML feeds read safely, and a careers site's root URL.

Personio's ``/xml`` and Teamtailor's ``jobs.rss`` are XML, and third-party input. A document
type declaration is how XML smuggles entities in (the "billion laughs" expansion, external
entities that read local files) and no job feed needs one, so a feed that declares a DTD is
refused outright — before any entity is defined — rather than parsed with expansion limits.
The parser is the standard library's expat driven by hand (the C ``ElementTree.XMLParser``
exposes no hook to refuse a DTD), so no extra dependency is needed.

Element names keep their namespace as ``{uri}local`` like :mod:`xml.etree.ElementTree`; the
helpers below look children up by *local* name, because feeds in the wild bind the same namespace
to different prefixes (``tt:``, ``teamtailor:``).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from jobscraper.errors import ParseError

__all__ = ["child", "children", "local", "parse_feed", "site_of", "text_of"]


_HTML = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)


class _Refused(Exception):
    """A DTD or entity declaration in a feed."""


def _name(raw: str) -> str:
    # expat with a namespace separator reports "uri local"; ElementTree writes "{uri}local"
    uri, sep, name = raw.partition(" ")
    return f"{{{uri}}}{name}" if sep else raw


def _refuse(*_args: object) -> None:
    raise _Refused


def parse_feed(url: str, text: str) -> Element:
    """The root element of the XML document ``text`` fetched from ``url``.

    Raises ParseError(url, …) for a document that is not well-formed XML (an HTML error page
    included) and for one that declares a DTD or entities.
    """
    builder = TreeBuilder()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = lambda name, attrs: builder.start(
        _name(name), {_name(k): v for k, v in attrs.items()}
    )
    parser.EndElementHandler = lambda name: builder.end(_name(name))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse  # type: ignore[assignment]
    try:
        # a byte-order mark or blank line before "<?xml" is common and harmless
        parser.Parse(text.lstrip("\ufeff \t\r\n"), True)
        return builder.close()
    except (_Refused, expat.ExpatError) as exc:
        if _HTML.match(text):  # a login wall, an error page, a careers page without a feed
            raise ParseError(url, "got an HTML page, not an XML feed") from None
        if isinstance(exc, _Refused):
            raise ParseError(url, "the feed declares a DTD or entities; refused (not a job feed)") from None
        why = expat.ErrorString(exc.code)
        raise ParseError(url, f"not well-formed XML ({why}, line {exc.lineno})") from None
    except AssertionError:  # TreeBuilder: a document with no element at all
        raise ParseError(url, "not an XML document (no element)") from None


def local(tag: str) -> str:
    """An element's name without its namespace or prefix: ``{uri}location`` → ``location``."""
    return tag.rpartition("}")[2].rpartition(":")[2]


def children(element: Element | None, name: str) -> list[Element]:
    """The direct children of ``element`` with the local name ``name``, in document order."""
    return [c for c in element if local(c.tag) == name] if element is not None else []


def child(element: Element | None, name: str) -> Element | None:
    """The first direct child of ``element`` with the local name ``name``."""
    found = children(element, name)
    return found[0] if found else None


def text_of(element: Element | None, name: str | None = None) -> str | None:
    """The stripped text (CDATA included) of ``element``'s child ``name`` (or of ``element``
    itself); None when absent or blank."""
    node = child(element, name) if name else element
    value = "".join(node.itertext()).strip() if node is not None else ""
    return value or None


def site_of(url: str, segments: list[str], host: str) -> tuple[str, str]:
    """(root URL without a trailing slash, board token) of a careers site on a host that is not
    the vendor's — a custom careers domain or a mirror such as the demo board.

    ``segments`` are the (unquoted) path segments that name the site, the API's own path left
    out: ``["personio", "acme"]`` on the demo board gives ``http://host:port/personio/acme`` and
    the token ``acme``; no segments give the host's root and the name in the host as the token.
    """
    parts = urlsplit(url.strip())
    path = "".join("/" + quote(s, safe="@:+,;=-._~") for s in segments)
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")), segments[-1] if segments else _name_of(
        host
    )


def _name_of(host: str) -> str:
    """The company's name in a careers host: ``careers.acme.com`` → ``acme``; an IP as it is."""
    labels = host.split(".")
    if host.replace(".", "").isdigit() or ":" in host or len(labels) < 2:
        return host
    return labels[1] if len(labels) > 2 and labels[0] in _SITE_WORDS else labels[0]


_SITE_WORDS = frozenset({"careers", "career", "jobs", "job", "karriere", "apply", "work", "join"})
