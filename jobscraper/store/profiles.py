"""Profiles (résumé + preferences, :mod:`jobscraper.matching.profile`) in the job database.

- A profile is known by its unique name. :func:`put_profile` creates one or replaces it whole
  (``merge=True``: only the fields the input set replace the stored ones — what ``profile set``
  does, so confirming one suggestion keeps the résumé and the other preferences).
- Exactly one profile is active while any exists: the first one made is; :func:`activate_profile`
  deactivates the others in the same transaction; deleting the active one activates the most
  recently updated of the rest. A partial unique index in the table holds "at most one" too.
- The suggestions (preferences found only in the résumé's text) are worked out again on every
  write, less those the person has decided, and stored apart from the preferences.

Reads take the :class:`Database` and use one read snapshot; writes run in one write transaction
(on a cluster, the WriterActor calls them through :class:`~jobscraper.store.writer.Writer`). Bad
values are :class:`InputError` naming the field; an unknown name is :class:`NotFound`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Row, Table, delete, func, insert, select, update

from jobscraper.errors import InputError, NotFound
from jobscraper.matching.profile import (
    DEFAULT_PROFILE,
    PreferenceFields,
    ProfileInput,
    ProfilePublic,
    open_suggestions,
)
from jobscraper.models import Profile
from jobscraper.store.db import Database

__all__ = [
    "PROFILE",
    "activate_profile",
    "active_profile",
    "delete_profile",
    "get_active_profile",
    "get_profile",
    "list_profiles",
    "put_profile",
]

PROFILE: Table = Profile.__table__  # type: ignore[attr-defined]
# what an input replaces: the preferences and the résumé (not the name, the flag, the bookkeeping)
_EDITABLE = (*PreferenceFields.model_fields, "resume_text", "resume_file", "resume_format")


def _public(row: Row[Any]) -> ProfilePublic:
    return ProfilePublic.model_validate(dict(row._mapping))


def _row(conn: Connection, name: str) -> Row[Any] | None:
    return conn.execute(select(PROFILE).where(PROFILE.c.name == name)).first()


def _existing(conn: Connection, name: str) -> Row[Any]:
    row = _row(conn, name)
    if row is None:
        raise NotFound(f"no profile named {name!r} (see `jobscraper profile list`)")
    return row


def _active_name(conn: Connection) -> str | None:
    return conn.execute(select(PROFILE.c.name).where(PROFILE.c.active.is_(True))).scalar()


def _input_error(exc: ValidationError) -> InputError:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return InputError("; ".join(parts))


def _make_active(conn: Connection, profile_id: int, now: datetime) -> None:
    # two statements: "at most one active" is a unique index, checked row by row
    conn.execute(update(PROFILE).where(PROFILE.c.active.is_(True)).values(active=False))
    conn.execute(update(PROFILE).where(PROFILE.c.id == profile_id).values(active=True, updated_at=now))


def list_profiles(db: Database) -> list[ProfilePublic]:
    """Every profile, the active one first, then by name."""
    with db.reader() as conn:
        rows = conn.execute(select(PROFILE).order_by(PROFILE.c.active.desc(), func.lower(PROFILE.c.name)))
        return [_public(r) for r in rows]


def get_profile(db: Database, name: str) -> ProfilePublic:
    """The profile named ``name``; :class:`NotFound` if none is."""
    with db.reader() as conn:
        return _public(_existing(conn, name))


_ACTIVE = select(PROFILE).where(PROFILE.c.active.is_(True))  # built once: read on every listed page


def active_profile(conn: Connection) -> ProfilePublic | None:
    """The active profile, inside the caller's transaction; None while there is no profile."""
    row = conn.execute(_ACTIVE).first()
    return None if row is None else _public(row)


def get_active_profile(db: Database) -> ProfilePublic | None:
    """The active profile; None while there is no profile at all."""
    with db.reader() as conn:
        return active_profile(conn)


def put_profile(db: Database, body: ProfileInput, now: datetime, *, merge: bool = False) -> ProfilePublic:
    """Create the profile ``body.name`` or replace it (see the module docstring for ``merge``).

    ``body.name`` None names the active profile, or :data:`DEFAULT_PROFILE` while there is none."""
    given = body.model_dump(include=body.model_fields_set & set(_EDITABLE))
    with db.writer() as conn:
        name = body.name or _active_name(conn) or DEFAULT_PROFILE
        row = _row(conn, name)
        base = {f: row._mapping[f] for f in _EDITABLE} if row is not None and merge else {}
        try:
            checked = ProfileInput.model_validate(base | given | {"name": name})
        except ValidationError as exc:
            raise _input_error(exc) from exc
        values: dict[str, Any] = checked.model_dump(include=set(_EDITABLE))
        values["suggestions"] = [s.model_dump() for s in open_suggestions(checked.resume_text, checked)]
        values["updated_at"] = now
        if row is None:
            result = conn.execute(
                insert(PROFILE).values(values | {"name": name, "active": False, "created_at": now})
            )
            assert result.inserted_primary_key is not None
            profile_id = int(result.inserted_primary_key[0])
        else:
            profile_id = int(row.id)
            conn.execute(update(PROFILE).where(PROFILE.c.id == profile_id).values(values))
        if body.activate or _active_name(conn) is None:
            _make_active(conn, profile_id, now)
        return _public(_existing(conn, name))


def activate_profile(db: Database, name: str, now: datetime) -> ProfilePublic:
    """Make ``name`` the active profile (the others inactive, in the same transaction)."""
    with db.writer() as conn:
        row = _existing(conn, name)
        if not row.active:
            _make_active(conn, int(row.id), now)
        return _public(_existing(conn, name))


def delete_profile(db: Database, name: str, now: datetime) -> str | None:
    """Delete ``name``; the name of the profile active afterwards (None when none is left).

    Deleting the active profile activates the most recently updated of the others."""
    with db.writer() as conn:
        row = _existing(conn, name)
        conn.execute(delete(PROFILE).where(PROFILE.c.id == row.id))
        active = _active_name(conn)
        if active is None:
            successor = conn.execute(
                select(PROFILE.c.id, PROFILE.c.name).order_by(
                    PROFILE.c.updated_at.desc(), PROFILE.c.id.desc()
                )
            ).first()
            if successor is not None:
                _make_active(conn, int(successor.id), now)
                active = str(successor.name)
        return active
