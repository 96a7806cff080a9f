"""The Jobs page's filters as data: reading a salary as people type it, and the filters as the
page's URL query (so a filtered page can be shared, reloaded, and Back restores the filters).

Pure functions (no Reflex), unit-tested on their own; :mod:`.jobs_state` holds the values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from urllib.parse import urlencode

__all__ = ["ANY", "ARCHIVED", "REMOTE", "SALARY_HINT", "WITHIN", "Filters", "parse_salary"]

ANY = "any"
WITHIN = {ANY: "Any time", "1": "Last 24 hours", "3": "Last 3 days", "7": "Last week", "30": "Last month"}
REMOTE = {ANY: "Remote or not", "remote": "Remote", "onsite": "Not remote"}
ARCHIVED = {"exclude": "Active", "include": "Active and archived", "only": "Archived"}
SALARY_HINT = "Salary: a yearly amount such as 60000, 60k, €60,000 or 1.5m"
_MONEY = re.compile(r"(\d+(?:\.\d+)?)([km]?)")
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000}
_NOISE = re.compile(r"[\s,'_€$£¥₹]|eur|usd|gbp|chf|inr|jpy")
_DECIMAL_COMMA = re.compile(r"(\d),(\d{1,2}\s*[km])")  # 1,5m: a decimal comma before a unit
_MAX_SALARY = 1e9


def parse_salary(text: str) -> float | None:
    """The yearly amount ``text`` means: "100k", "100 k", "€100,000", "1.5m", "100.000" (a dot
    before exactly three digits and no unit groups thousands); None for empty text.

    ValueError (its message is :data:`SALARY_HINT`) when it is not an amount."""
    cleaned = _NOISE.sub("", _DECIMAL_COMMA.sub(r"\1.\2", text.strip().lower()))
    if not cleaned:
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):  # 100.000 / 1.500.000
        cleaned = cleaned.replace(".", "")
    found = _MONEY.fullmatch(cleaned)
    if found is None:
        raise ValueError(SALARY_HINT)
    amount = float(found.group(1)) * _UNITS[found.group(2)]
    if amount > _MAX_SALARY:
        raise ValueError(SALARY_HINT)
    return amount


def _amount_text(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else str(amount)


@dataclasses.dataclass(frozen=True)
class Filters:
    """Every control of the filter form, and the page; the defaults are an unfiltered first page.

    ``sort`` is "" while the person has not chosen an order (the page's default applies)."""

    q: str = ""
    location: str = ""
    min_salary: str = ""
    within: str = ANY
    source: str = ANY
    status: str = ANY
    remote: str = ANY
    favorites: bool = False
    archived: str = "exclude"
    sort: str = ""
    page: int = 1
    run: str = ""  # only the jobs this run found new (the Scrape page's link: ?run=N)

    def query(self) -> str:
        """The URL query for these filters ("" when none is set): only what differs from the default."""
        pairs: list[tuple[str, str]] = []
        for text_field in ("q", "location"):
            value = getattr(self, text_field).strip()
            if value:
                pairs.append((text_field, value))
        try:
            salary = parse_salary(self.min_salary)
        except ValueError:
            salary = None
        if salary is not None:
            pairs.append(("salary", _amount_text(salary)))
        for choice in ("within", "source", "status", "remote"):
            if getattr(self, choice) != ANY:
                pairs.append((choice, getattr(self, choice)))
        if self.favorites:
            pairs.append(("favorites", "1"))
        if self.archived != "exclude":
            pairs.append(("archived", self.archived))
        if self.sort:
            pairs.append(("sort", self.sort))
        if self.page > 1:
            pairs.append(("page", str(self.page)))
        if self.run:
            pairs.append(("run", self.run))
        return urlencode(pairs)

    def url(self, path: str = "/") -> str:
        """``path`` with :meth:`query` (the address bar's text for these filters)."""
        query = self.query()
        return f"{path}?{query}" if query else path

    @classmethod
    def from_params(cls, params: Mapping[str, str], sorts: Mapping[str, str], statuses: list[str]) -> Filters:
        """The filters a URL's query parameters say; a value the page does not offer is left at its
        default (a hand-edited or old link never breaks the page)."""

        def one_of(name: str, allowed: Mapping[str, str] | list[str], default: str) -> str:
            value = params.get(name, default)
            return value if value in allowed else default

        try:
            salary = parse_salary(params.get("salary", ""))
        except ValueError:
            salary = None
        page, run = params.get("page", "1"), params.get("run", "")
        source = params.get("source", ANY).strip()
        return cls(
            q=params.get("q", "")[:500],
            location=params.get("location", "")[:200],
            min_salary="" if salary is None else _amount_text(salary),
            within=one_of("within", WITHIN, ANY),
            source=source[:200] if source else ANY,
            status=one_of("status", [ANY, *statuses], ANY),
            remote=one_of("remote", REMOTE, ANY),
            favorites=params.get("favorites", "") in ("1", "true", "on"),
            archived=one_of("archived", ARCHIVED, "exclude"),
            sort=one_of("sort", sorts, ""),
            page=int(page) if page.isdigit() and 0 < int(page) < 10**9 else 1,
            run=run if run.isdigit() and len(run) < 19 else "",
        )
