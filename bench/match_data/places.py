"""Where the evaluation set's jobs are: each place's location text, remote scope and currency.

A place is either a city (on-site or hybrid there) or a remote scope (``uk``, ``eu``, ``us``,
``ca``, ``de``, ``anywhere``). The posting states it twice, as a real one does: in ``location``
and in a sentence of the description, so a reader can tell whether a résumé's person would take
it. ``generate.py`` grades against the same records, so the text and the grade cannot disagree.
"""

# ruff: noqa: E501 — a data table: its sentences stay on one line each, to be read and diffed

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PLACES", "Place"]


@dataclass(frozen=True)
class Place:
    """One place a job can be: ``city`` for on-site/hybrid, ``remote`` for a remote scope."""

    key: str
    location: str
    currency: str
    city: str | None = None
    remote: str | None = None  # uk | eu | us | ca | de | anywhere
    en_line: str = ""
    de_line: str = ""


def _city(key: str, location: str, name: str, de_name: str, currency: str) -> Place:
    return Place(
        key=key,
        location=location,
        currency=currency,
        city=key,
        en_line=f"Work location: {name} — {{mode}}. No relocation support is offered.",
        de_line=f"Arbeitsort: {de_name} — {{mode_de}}. Keine Umzugsunterstützung.",
    )


def _remote(key: str, scope: str, location: str, en_line: str, de_line: str, currency: str) -> Place:
    return Place(
        key=key, location=location, currency=currency, remote=scope, en_line=en_line, de_line=de_line
    )


PLACES: dict[str, Place] = {
    p.key: p
    for p in (
        _city("manchester", "Manchester, England, UK", "Manchester", "Manchester", "GBP"),
        _city("london", "London, England, UK", "London", "London", "GBP"),
        _city("amsterdam", "Amsterdam, North Holland, Netherlands", "Amsterdam", "Amsterdam", "EUR"),
        _city("berlin", "Berlin, Germany", "Berlin", "Berlin", "EUR"),
        _city("munich", "Munich, Bavaria, Germany", "Munich", "München", "EUR"),
        _city("hamburg", "Hamburg, Germany", "Hamburg", "Hamburg", "EUR"),
        _city("stuttgart", "Stuttgart, Baden-Württemberg, Germany", "Stuttgart", "Stuttgart", "EUR"),
        _city("lisbon", "Lisbon, Portugal", "Lisbon", "Lissabon", "EUR"),
        _city("paris", "Paris, Île-de-France, France", "Paris", "Paris", "EUR"),
        _city("dublin", "Dublin, Ireland", "Dublin", "Dublin", "EUR"),
        _city("toronto", "Toronto, ON, Canada", "Toronto", "Toronto", "CAD"),
        _city("vancouver", "Vancouver, BC, Canada", "Vancouver", "Vancouver", "CAD"),
        _city("austin", "Austin, TX", "Austin", "Austin", "USD"),
        _city("new_york", "New York, NY", "New York", "New York", "USD"),
        _city("chicago", "Chicago, IL", "Chicago", "Chicago", "USD"),
        _city("evanston", "Evanston, IL (Chicago area)", "Evanston (Chicago area)", "Evanston", "USD"),
        _city("san_francisco", "San Francisco, CA", "San Francisco", "San Francisco", "USD"),
        _city("seattle", "Seattle, WA", "Seattle", "Seattle", "USD"),
        _city("houston", "Houston, TX", "Houston", "Houston", "USD"),
        _city("boston", "Boston, MA", "Boston", "Boston", "USD"),
        _city("bangalore", "Bengaluru, Karnataka, India", "Bengaluru", "Bengaluru", "INR"),
        _remote(
            "remote_uk",
            "uk",
            "Remote (UK)",
            "Fully remote; we can only employ people who live in the UK.",
            "Vollständig remote; Anstellung nur mit Wohnsitz im Vereinigten Königreich.",
            "GBP",
        ),
        _remote(
            "remote_eu",
            "eu",
            "Remote (EU residents only)",
            "Fully remote within the European Union; you must live in an EU country (the UK is not included).",
            "Vollständig remote innerhalb der EU; Wohnsitz in einem EU-Land ist Voraussetzung.",
            "EUR",
        ),
        _remote(
            "remote_us",
            "us",
            "Remote (US only)",
            "Fully remote, open to US residents only; we cannot sponsor visas or hire abroad.",
            "Vollständig remote, nur mit Wohnsitz in den USA.",
            "USD",
        ),
        _remote(
            "remote_ca",
            "ca",
            "Remote (Canada)",
            "Fully remote for people living in Canada.",
            "Vollständig remote, nur mit Wohnsitz in Kanada.",
            "CAD",
        ),
        _remote(
            "remote_de",
            "de",
            "Remote (Germany)",
            "Fully remote for people living in Germany.",
            "Vollständig remote – Voraussetzung ist ein Wohnsitz in Deutschland.",
            "EUR",
        ),
        _remote(
            "remote_anywhere",
            "anywhere",
            "Remote (worldwide)",
            "Fully remote, worldwide: we hire in any country through an employer-of-record.",
            "Vollständig remote, weltweit: wir stellen in jedem Land über einen Employer of Record ein.",
            "USD",
        ),
    )
}
