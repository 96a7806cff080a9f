"""Places for the fit score: which countries a location or a remote scope names.

A job's ``location`` ("Munich, Bavaria, Germany (Hybrid)", "Austin, TX", "Remote (EU residents
only)") and a person's places ("Amsterdam, Netherlands", "Chicago", remote regions "EU") are
reduced to sets of country codes, so "Remote (EU residents only)" can be compared with a person in
Manchester (the UK is not in the EU) or in Lisbon (it is). What the tables below do not know is
*unknown* (None), never a mismatch: the score leaves an unknown place out rather than guess.

The tables are deliberately small: countries by name and code, US states and Canadian provinces
(the "City, ST" form boards use), the regions remote jobs are scoped to, and a few large cities
that résumés name without their country.
"""

from __future__ import annotations

import re

__all__ = ["ANYWHERE", "city_of", "countries", "is_remote_location", "remote_scope", "same_city"]

ANYWHERE: frozenset[str] = frozenset({"*"})
"""A remote scope open to everyone ("worldwide", "anywhere")."""

_EU = frozenset(
    ("at", "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "gr", "hu", "ie", "it", "lv",
     "lt", "lu", "mt", "nl", "pl", "pt", "ro", "sk", "si", "es", "se")
)  # fmt: skip
_EUROPE = _EU | {"gb", "ch", "no", "is"}
_NORTH_AMERICA = frozenset({"us", "ca"})

_COUNTRY = {
    "united states": "us", "usa": "us", "u.s.": "us", "us": "us", "america": "us",
    "united kingdom": "gb", "uk": "gb", "great britain": "gb", "england": "gb", "scotland": "gb",
    "wales": "gb", "germany": "de", "deutschland": "de", "netherlands": "nl", "holland": "nl",
    "france": "fr", "portugal": "pt", "ireland": "ie", "spain": "es", "italy": "it", "poland": "pl",
    "austria": "at", "österreich": "at", "switzerland": "ch", "schweiz": "ch", "sweden": "se",
    "denmark": "dk", "finland": "fi", "belgium": "be", "norway": "no", "czechia": "cz",
    "canada": "ca", "india": "in", "australia": "au", "singapore": "sg", "japan": "jp",
    "brazil": "br", "mexico": "mx",
    "pays-bas": "nl", "allemagne": "de", "royaume-uni": "gb", "espagne": "es", "españa": "es",
    "alemania": "de", "países bajos": "nl", "francia": "fr", "reino unido": "gb", "suisse": "ch",
}  # fmt: skip
_REGION: dict[str, frozenset[str]] = {
    "eu": _EU, "european union": _EU, "europe": _EUROPE, "emea": _EUROPE,
    "dach": frozenset({"de", "at", "ch"}),
    "north america": _NORTH_AMERICA, "americas": _NORTH_AMERICA,
    "worldwide": ANYWHERE, "anywhere": ANYWHERE, "global": ANYWHERE, "weltweit": ANYWHERE,
}  # fmt: skip
_US_STATES = frozenset(
    ("al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks",
     "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny",
     "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv",
     "wi", "wy", "dc")
)  # fmt: skip
_CA_PROVINCES = frozenset(["on", "bc", "qc", "ab", "mb", "sk", "ns", "nb", "nl", "pe"])
_CITY = {
    "london": "gb", "manchester": "gb", "edinburgh": "gb", "berlin": "de", "munich": "de",
    "münchen": "de", "hamburg": "de", "frankfurt": "de", "cologne": "de", "köln": "de",
    "stuttgart": "de", "amsterdam": "nl", "rotterdam": "nl", "paris": "fr", "lisbon": "pt",
    "lisboa": "pt", "dublin": "ie", "madrid": "es", "barcelona": "es", "vienna": "at", "wien": "at",
    "zurich": "ch", "zürich": "ch", "stockholm": "se", "copenhagen": "dk", "warsaw": "pl",
    "toronto": "ca", "vancouver": "ca", "montreal": "ca", "new york": "us", "new york city": "us",
    "chicago": "us", "austin": "us", "seattle": "us", "boston": "us", "san francisco": "us",
    "houston": "us", "bengaluru": "in", "bangalore": "in",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w.\-]*", re.UNICODE)
_PAREN = re.compile(r"\(([^)]*)\)")


def _phrases(text: str) -> list[str]:
    words = [w.strip(".").casefold() for w in _WORD.findall(text)]
    return [" ".join(words[i : i + n]) for n in (3, 2, 1) for i in range(len(words) - n + 1)]


def countries(text: str | None) -> frozenset[str] | None:
    """The countries ``text`` names (a region: all its countries; worldwide: :data:`ANYWHERE`),
    or None when none is recognised."""
    if not text:
        return None
    found: set[str] = set()
    for phrase in _phrases(text):
        if phrase in _REGION:
            region = _REGION[phrase]
            if region is ANYWHERE:
                return ANYWHERE
            found |= region
        elif phrase in _COUNTRY and (phrase != "us" or "US" in text):  # "us" the word, not the pronoun
            found.add(_COUNTRY[phrase])
        elif phrase in _CITY:
            found.add(_CITY[phrase])
    for part in (p.strip() for p in text.split(",")[1:]):
        code = part[:2].casefold() if len(part) == 2 or part[2:3] in (" ", "(") else ""
        if code in _US_STATES and part[:2].isupper():
            found.add("us")
        elif code in _CA_PROVINCES and part[:2].isupper():
            found.add("ca")
    if "UK" in text.split() or "(UK)" in text:
        found.add("gb")
    return frozenset(found) or None


def is_remote_location(location: str | None) -> bool:
    """A location that says the job is remote ("Remote", "Remote (US only)", "Remote - Germany")."""
    return location is not None and location.strip().casefold().startswith(
        ("remote", "home office", "homeoffice")
    )


def remote_scope(location: str | None, regions: list[str]) -> frozenset[str] | None:
    """Where a remote job's hire may live: the extracted ``regions``, else the location's words
    after "Remote" ("Remote (EU residents only)"); None when it does not say."""
    if regions:
        scopes = [countries(region) for region in regions]
        known = [scope for scope in scopes if scope is not None]
        if any(scope is ANYWHERE for scope in known):
            return ANYWHERE
        return frozenset().union(*known) if known else None
    if not location or not is_remote_location(location):
        return None
    inside = _PAREN.findall(location)
    rest = " ".join(inside) if inside else location.split(None, 1)[1] if " " in location.strip() else ""
    return countries(rest)


def city_of(place: str) -> str:
    """The first part of a place ("Amsterdam, Netherlands" → "amsterdam"), case-folded."""
    return place.split(",", maxsplit=1)[0].split("(", maxsplit=1)[0].strip().casefold()


def same_city(place: str, location: str) -> bool:
    """Whether the job's ``location`` names the person's ``place`` (its city, as a whole word)."""
    city = city_of(place)
    if not city or city in _COUNTRY or city in _REGION:
        return False
    return re.search(rf"(?<!\w){re.escape(city)}(?!\w)", location.casefold()) is not None
