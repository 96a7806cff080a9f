"""Watched companies: employers whose career page or ATS board the user asked to scrape.

The ``company`` table holds every employer seen in jobs (keyed by normalised name); a row is
*watched* while its ``url`` is set. So watching an employer already known turns its row into a
watched one, and deleting a watched company only stops watching it: the row and its jobs stay.
A company's settings are checked by :class:`~jobscraper.config.CompanyConfig` and
:func:`~jobscraper.sources.ats.resolve_board` (the URL must suit the ATS chosen): a bad value is
:class:`InputError` naming the field, a name already watched :class:`Conflict`.

Part of :mod:`jobscraper.store.saved`, which re-exports these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from sqlalchemy import Connection, Row, func, insert, select, update

from jobscraper.config import CompanyConfig
from jobscraper.errors import Conflict, InputError, NotFound
from jobscraper.saved_fields import CompanyFields
from jobscraper.sources.ats import resolve_board
from jobscraper.store.db import Database
from jobscraper.store.identity import normalize_company
from jobscraper.store.saved_shapes import (
    LAST_RESULT_FIELDS,
    CompanyCreate,
    CompanyDetection,
    CompanyPublic,
    CompanyUpdate,
    Detected,
)
from jobscraper.store.tables import COMPANY, JOB

__all__ = [
    "CLEARED_RESULT",
    "WATCHED",
    "create_company",
    "delete_company",
    "detect_company",
    "get_company",
    "input_error",
    "list_companies",
    "settings_of",
    "stripped_name",
    "suggest_name",
    "update_company",
    "validate_company",
    "watch",
]

_COMPANY_FIELDS = tuple(CompanyFields.model_fields)
CLEARED_RESULT: dict[str, Any] = dict.fromkeys(LAST_RESULT_FIELDS)
# Leading host labels that say "careers site", not who the company is (careers.acme.com → Acme).
_CAREER_LABELS = {"careers", "career", "jobs", "job", "karriere", "apply", "join", "work", "hiring"}
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu"}
_CAREER_PATH = re.compile(r"(?i)careers?|jobs|karriere|index\.\w+")
_FILE_TYPE = re.compile(r"\.\w+$")
WATCHED = COMPANY.c.url.is_not(None)


def input_error(exc: ValidationError) -> InputError:
    """A pydantic error as an :class:`InputError` naming each field ("sites: unknown site(s) …")."""
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(body)"
        parts.append(f"{field}: {err['msg'].removeprefix('Value error, ')}")
    return InputError("; ".join(parts))


def stripped_name(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with its name stripped of surrounding spaces (a blank name is then an error)."""
    if isinstance(values.get("name"), str):
        values["name"] = values["name"].strip()
    return values


def validate_company(values: dict[str, Any]) -> tuple[CompanyConfig, str]:
    """The validated settings and the normalised name; the URL must suit the ATS chosen."""
    try:
        config = CompanyConfig.model_validate(stripped_name(values))
    except ValidationError as exc:
        raise input_error(exc) from exc
    try:
        resolve_board(config.url, config.ats)
    except ValueError as exc:
        raise InputError(f"url: {exc}") from exc
    norm = normalize_company(config.name)
    if not norm:
        raise InputError(f"name: {config.name!r} has no letter or digit")
    return config, norm


def settings_of(row: Row[Any]) -> dict[str, Any]:
    """A watched ``company`` row's settings, as :class:`CompanyConfig` fields."""
    return {name: row._mapping[name] for name in _COMPANY_FIELDS} | {"ats": row.ats or "auto"}


def _detected(url: str, ats: str) -> tuple[Detected, str | None]:
    try:
        board = resolve_board(url, ats)
    except ValueError:  # stored before this check existed; the run reports it
        board = None
    return ("html", None) if board is None else (board.kind, board.board_url)


_LIVE_JOBS = (
    select(func.count())
    .select_from(JOB)
    .where(JOB.c.company_id == COMPANY.c.id, JOB.c.archived_at.is_(None))
    .correlate(COMPANY)
    .scalar_subquery()
    .label("jobs")
)


def _company_public(row: Row[Any]) -> CompanyPublic:
    values = dict(row._mapping)
    values["ats"] = values["ats"] or "auto"
    values["detected"], values["board_url"] = _detected(values["url"], values["ats"])
    return CompanyPublic.model_validate(values)


def _company_row(conn: Connection, company_id: int) -> Row[Any]:
    row = conn.execute(select(COMPANY, _LIVE_JOBS).where(COMPANY.c.id == company_id, WATCHED)).first()
    if row is None:
        raise NotFound(f"no watched company with id {company_id}")
    return row


def _by_normalized(conn: Connection, norm: str) -> Row[Any] | None:
    return conn.execute(select(COMPANY).where(COMPANY.c.normalized_name == norm)).first()


def _watch_values(config: CompanyConfig, now: datetime) -> dict[str, Any]:
    return config.model_dump(include=set(_COMPANY_FIELDS)) | {"updated_at": now}


def watch(conn: Connection, config: CompanyConfig, norm: str, now: datetime) -> int | None:
    """Watch ``config`` under ``norm``: a new row, or the unwatched employer of that name turned
    into a watched one. None when a watched company already has that name."""
    row = _by_normalized(conn, norm)
    if row is not None and row.url is not None:
        return None
    values = _watch_values(config, now) | CLEARED_RESULT
    if row is not None:
        conn.execute(update(COMPANY).where(COMPANY.c.id == row.id).values(values))
        return int(row.id)
    result = conn.execute(insert(COMPANY).values(values | {"normalized_name": norm, "created_at": now}))
    assert result.inserted_primary_key is not None
    return int(result.inserted_primary_key[0])


def list_companies(db: Database) -> list[CompanyPublic]:
    """Every watched company, by name, with its count of live (not archived) jobs."""
    with db.reader() as conn:
        rows = conn.execute(
            select(COMPANY, _LIVE_JOBS).where(WATCHED).order_by(func.lower(COMPANY.c.name), COMPANY.c.id)
        )
        return [_company_public(r) for r in rows]


def get_company(db: Database, company_id: int) -> CompanyPublic:
    with db.reader() as conn:
        return _company_public(_company_row(conn, company_id))


def create_company(db: Database, body: CompanyCreate, now: datetime) -> CompanyPublic:
    """Watch a company (its name derived from the URL when not given). An employer already known
    from jobs by that name becomes watched; a watched one of that name is a :class:`Conflict`."""
    name = body.name if body.name and body.name.strip() else suggest_name(body.url, body.ats)
    config, norm = validate_company(body.model_dump() | {"name": name})
    with db.writer() as conn:
        company_id = watch(conn, config, norm, now)
        if company_id is None:
            taken = _by_normalized(conn, norm)
            raise Conflict(f"a watched company named {taken.name if taken else config.name!r} already exists")
        return _company_public(_company_row(conn, company_id))


def update_company(db: Database, company_id: int, change: CompanyUpdate, now: datetime) -> CompanyPublic:
    """Change the fields given; a new name may not be another company's or employer's."""
    with db.writer() as conn:
        row = _company_row(conn, company_id)
        config, norm = validate_company(settings_of(row) | change.model_dump(include=change.model_fields_set))
        other = _by_normalized(conn, norm)
        if other is not None and other.id != company_id:
            what = "a watched company" if other.url is not None else "an employer of your jobs"
            raise Conflict(f"{what} is already named {other.name!r}")
        values = _watch_values(config, now) | {"normalized_name": norm}
        conn.execute(update(COMPANY).where(COMPANY.c.id == company_id).values(values))
        return _company_public(_company_row(conn, company_id))


def delete_company(db: Database, company_id: int, now: datetime) -> None:
    """Stop watching: the URL, its settings and last result are cleared; the row and jobs stay."""
    values = {"url": None, "ats": None, "render_js": False, "enabled": True, "updated_at": now}
    with db.writer() as conn:
        result = conn.execute(
            update(COMPANY).where(COMPANY.c.id == company_id, WATCHED).values(values | CLEARED_RESULT)
        )
        if not result.rowcount:
            raise NotFound(f"no watched company with id {company_id}")


def _title(words: Iterable[str]) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words if w)


def suggest_name(url: str, ats: str = "auto") -> str:
    """A company name for a pasted URL: the ATS board's token ("acme-robotics" → "Acme Robotics"),
    else the host without ``www.`` and its TLD ("careers.acme.com" → "Acme"); for a host that is
    an IP address or a single label (a local mirror), the last path segment."""
    try:
        board = resolve_board(url, ats)
    except ValueError:
        board = None
    try:
        parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:  # an invalid port or IPv6 literal
        return url.strip()
    if board is not None and board.token.lower() != host:
        return _title(re.split(r"[-_.\s]+", board.token))
    if not host:
        return url.strip()
    try:
        ip_address(host)
        local = True
    except ValueError:
        local = "." not in host
    if local:
        segments = [s for s in parts.path.split("/") if s and not _CAREER_PATH.fullmatch(s)]
        return _title(re.split(r"[-_\s]+", _FILE_TYPE.sub("", segments[-1]))) if segments else host
    labels = host.split(".")[:-1]
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    while len(labels) > 1 and labels[0] in _CAREER_LABELS:
        labels = labels[1:]
    return _title([".".join(labels)])


def detect_company(url: str) -> CompanyDetection:
    """What a pasted URL is (an ATS board or a career page) and a suggested name; saves nothing."""
    name = suggest_name(url)
    config, _ = validate_company({"name": name or "company", "url": url})
    detected, board_url = _detected(config.url, "auto")
    return CompanyDetection(url=config.url, detected=detected, board_url=board_url, name=name)
