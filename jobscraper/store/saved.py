"""Saved searches and watched companies: what the user asked to scrape, kept in the database.

- A *saved search* is a ``saved_search`` row with the fields of
  :class:`~jobscraper.config.SavedSearch`; its name is unique.
- A *watched company* is a ``company`` row whose ``url`` is set (see :mod:`.watched`, whose
  functions this module re-exports): deleting one only stops watching it.
- Values are checked by the config's own models, so a bad value is :class:`InputError` naming the
  field; a taken name is :class:`Conflict`; an unknown id :class:`NotFound`.
- :func:`seed_saved` copies the config file's entries in once each (``config_seed`` remembers
  them): it never overwrites an edit, and never brings back an entry the user deleted or renamed.
- :func:`record_last_results` keeps the outcome of the last run of each search and company.
- :func:`saved_for_run` turns the names a run asks for into what the coordinator scrapes.

Reads take the :class:`Database` and use one read snapshot; writes run in one write transaction
(on a cluster, the WriterActor calls them). The Api's shapes are in :mod:`.saved_shapes`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Row, delete, func, insert, select, update

from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.errors import Conflict, InputError, NotFound
from jobscraper.saved_fields import SearchFields
from jobscraper.store.db import Database, insert_ignoring
from jobscraper.store.identity import normalize_company
from jobscraper.store.saved_shapes import SavedSearchPublic, SavedSearchUpdate, SeedCounts, SourceOutcome
from jobscraper.store.tables import COMPANY, CONFIG_SEED, SAVED_SEARCH
from jobscraper.store.watched import (
    WATCHED,
    create_company,
    delete_company,
    detect_company,
    get_company,
    input_error,
    list_companies,
    settings_of,
    stripped_name,
    suggest_name,
    update_company,
    watch,
)

__all__ = [
    "create_company",
    "create_search",
    "delete_company",
    "delete_search",
    "detect_company",
    "get_company",
    "get_search",
    "list_companies",
    "list_searches",
    "record_last_results",
    "saved_for_run",
    "seed_saved",
    "suggest_name",
    "update_company",
    "update_search",
]

_SEARCH_FIELDS = tuple(SearchFields.model_fields)
# Which outcome of a search's several boards is "the" outcome: the worst one.
_SEVERITY = {"done": 0, "skipped": 1, "queued": 2, "running": 3, "cancelled": 4, "blocked": 5, "failed": 6}
_MAX_ERROR = 300


def _search(values: dict[str, Any]) -> SavedSearch:
    try:
        return SavedSearch.model_validate(stripped_name(values))
    except ValidationError as exc:
        raise input_error(exc) from exc


def _company_config(row: Row[Any]) -> CompanyConfig:
    # not held to the ATS check of new entries: a URL that does not suit its ATS is the run's error
    try:
        return CompanyConfig.model_validate(settings_of(row))
    except ValidationError as exc:
        raise input_error(exc) from exc


def _short(error: str | None) -> str | None:
    if error is None:
        return None
    text = " ".join(error.split())
    return text if len(text) <= _MAX_ERROR else text[: _MAX_ERROR - 1] + "…"


# -------------------------------------------------------------------- searches
def _search_public(row: Row[Any]) -> SavedSearchPublic:
    return SavedSearchPublic.model_validate(dict(row._mapping))


def _search_row(conn: Connection, search_id: int) -> Row[Any]:
    row = conn.execute(select(SAVED_SEARCH).where(SAVED_SEARCH.c.id == search_id)).first()
    if row is None:
        raise NotFound(f"no saved search with id {search_id}")
    return row


def _search_name_free(conn: Connection, name: str, search_id: int | None = None) -> None:
    taken = conn.execute(select(SAVED_SEARCH.c.id).where(SAVED_SEARCH.c.name == name)).scalar()
    if taken is not None and taken != search_id:
        raise Conflict(f"a saved search named {name!r} already exists")


def list_searches(db: Database) -> list[SavedSearchPublic]:
    """Every saved search, by name."""
    with db.reader() as conn:
        rows = conn.execute(select(SAVED_SEARCH).order_by(func.lower(SAVED_SEARCH.c.name), SAVED_SEARCH.c.id))
        return [_search_public(r) for r in rows]


def get_search(db: Database, search_id: int) -> SavedSearchPublic:
    with db.reader() as conn:
        return _search_public(_search_row(conn, search_id))


def _insert_search(conn: Connection, search: SavedSearch, now: datetime) -> int:
    values = search.model_dump() | {"created_at": now, "updated_at": now}
    result = conn.execute(insert(SAVED_SEARCH).values(values))
    assert result.inserted_primary_key is not None
    return int(result.inserted_primary_key[0])


def create_search(db: Database, search: SavedSearch, now: datetime) -> SavedSearchPublic:
    """Save a new search; :class:`Conflict` when its name is taken."""
    checked = _search(search.model_dump())
    with db.writer() as conn:
        _search_name_free(conn, checked.name)
        return _search_public(_search_row(conn, _insert_search(conn, checked, now)))


def update_search(
    db: Database, search_id: int, change: SavedSearchUpdate, now: datetime
) -> SavedSearchPublic:
    """Change the fields given (``null`` clears an optional one); the result is validated whole."""
    with db.writer() as conn:
        row = _search_row(conn, search_id)
        current = {name: row._mapping[name] for name in _SEARCH_FIELDS}
        checked = _search(current | change.model_dump(include=change.model_fields_set))
        _search_name_free(conn, checked.name, search_id)
        conn.execute(
            update(SAVED_SEARCH)
            .where(SAVED_SEARCH.c.id == search_id)
            .values(checked.model_dump() | {"updated_at": now})
        )
        return _search_public(_search_row(conn, search_id))


def delete_search(db: Database, search_id: int) -> None:
    with db.writer() as conn:
        if not conn.execute(delete(SAVED_SEARCH).where(SAVED_SEARCH.c.id == search_id)).rowcount:
            raise NotFound(f"no saved search with id {search_id}")


# -------------------------------------------------------------- runs and seeds
def saved_for_run(
    db: Database,
    searches: Sequence[str],
    companies: Sequence[str],
    *,
    all_enabled: bool = False,
    trusted_urls: Collection[str] = (),
) -> tuple[list[SavedSearch], list[CompanyConfig]]:
    """The saved searches and watched companies a run names (companies by name or normalised
    name), plus every enabled one with ``all_enabled``. :class:`InputError` names unknown names.

    A watched company may have come in over the API, so each one is marked ``url_from_api`` (its
    scrape applies the URL policy) unless its URL is in ``trusted_urls`` (the config file's own)."""
    with db.reader() as conn:
        search_rows = {r.id: r for r in conn.execute(select(SAVED_SEARCH).order_by(SAVED_SEARCH.c.id))}
        company_rows = {r.id: r for r in conn.execute(select(COMPANY).where(WATCHED).order_by(COMPANY.c.id))}
    search_ids = {r.name: i for i, r in search_rows.items()}
    company_ids = {r.normalized_name: i for i, r in company_rows.items()} | {
        r.name: i for i, r in company_rows.items()
    }
    named = {n: company_ids.get(n) or company_ids.get(normalize_company(n)) for n in companies}
    unknown = [n for n in searches if n not in search_ids] + [n for n, i in named.items() if i is None]
    if unknown:
        raise InputError(f"no saved search or company named {', '.join(map(repr, unknown))}")
    chosen_searches = list(dict.fromkeys(search_ids[n] for n in searches))
    chosen_companies = list(dict.fromkeys(i for i in named.values() if i is not None))
    if all_enabled:
        chosen_searches += [i for i, r in search_rows.items() if r.enabled and i not in chosen_searches]
        chosen_companies += [i for i, r in company_rows.items() if r.enabled and i not in chosen_companies]
    return (
        [_search({f: search_rows[i]._mapping[f] for f in _SEARCH_FIELDS}) for i in chosen_searches],
        [_marked(_company_config(company_rows[i]), trusted_urls) for i in chosen_companies],
    )


def _marked(company: CompanyConfig, trusted_urls: Collection[str]) -> CompanyConfig:
    return company if company.url in trusted_urls else company.model_copy(update={"url_from_api": True})


def seed_saved(
    db: Database, searches: Sequence[SavedSearch], companies: Sequence[CompanyConfig], now: datetime
) -> SeedCounts:
    """Copy the config's searches and companies in, each once ever (idempotent): an entry whose
    name the database has already is left as it is, and one seeded before is never seeded again."""
    counts = SeedCounts()
    with db.writer() as conn:
        done = {(r.kind, r.key) for r in conn.execute(select(CONFIG_SEED.c.kind, CONFIG_SEED.c.key))}

        def first_time(kind: str, key: str) -> bool:
            if (kind, key) in done:
                return False
            done.add((kind, key))
            conn.execute(
                insert_ignoring(conn, CONFIG_SEED),
                {"kind": kind, "key": key, "seeded_at": now},
            )
            return True

        for search in searches:
            if not first_time("search", search.name):
                continue
            taken = conn.execute(select(SAVED_SEARCH.c.id).where(SAVED_SEARCH.c.name == search.name)).first()
            if taken is None:
                _insert_search(conn, search, now)
                counts.searches += 1
        for company in companies:
            norm = normalize_company(company.name)
            if norm and first_time("company", norm) and watch(conn, company, norm, now) is not None:
                counts.companies += 1
    return counts


def _aggregate(results: Iterable[SourceOutcome]) -> dict[tuple[str, str], SourceOutcome]:
    """One outcome per search or company: counts summed, the worst status, the first error."""
    out: dict[tuple[str, str], SourceOutcome] = {}
    for r in results:
        key = (r.kind, r.name)
        seen = out.get(key)
        if seen is None:
            out[key] = r.model_copy()
            continue
        seen.found += r.found
        seen.new += r.new
        if _SEVERITY.get(r.status, 3) > _SEVERITY.get(seen.status, 3):
            seen.status = r.status
        seen.error = seen.error or r.error
    return out


def record_last_results(
    db: Database, run_id: int, finished_at: datetime, results: Sequence[SourceOutcome]
) -> int:
    """Store a run's outcome on the saved searches and watched companies it scraped (matched by
    name); returns how many rows took it. Sources that match nothing (ad-hoc ones) are ignored."""
    updated = 0
    with db.writer() as conn:
        for (kind, name), r in _aggregate(results).items():
            values = {
                "last_run_id": run_id,
                "last_run_at": finished_at,
                "last_status": r.status,
                "last_found": r.found,
                "last_new": r.new,
                "last_error": _short(r.error),
            }
            if kind == "search":
                where = [SAVED_SEARCH.c.name == name]
                result = conn.execute(update(SAVED_SEARCH).where(*where).values(values))
            else:
                where = [COMPANY.c.normalized_name == normalize_company(name), WATCHED]
                result = conn.execute(update(COMPANY).where(*where).values(values))
            updated += int(result.rowcount or 0)
    return updated
