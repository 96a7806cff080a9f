"""The blocklist's rows: listing, adding and removing rules (the writes run in the writer,
:meth:`jobscraper.store.writer.Writer.add_block`), and what a rule does to one job.

Adding a rule that would block the same jobs as one already there (same kind, same normalised
form: "ACME Inc" after "acme") is a :class:`~jobscraper.errors.Conflict` naming the rule that is
there; an unknown id or value is :class:`~jobscraper.errors.NotFound`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select

from jobscraper.blocklist import BlockedPublic, BlockKind, BlockRule, guess_kind, parse_rule
from jobscraper.errors import Conflict, InputError, NotFound
from jobscraper.store.blocklist import not_blocked
from jobscraper.store.db import Database
from jobscraper.store.tables import BLOCKED, JOB

__all__ = ["add_block", "find_block", "is_job_blocked", "list_blocks", "remove_block", "rules"]

_COLUMNS = (BLOCKED.c.id, BLOCKED.c.kind, BLOCKED.c.value, BLOCKED.c.match, BLOCKED.c.created_at)


def list_blocks(db: Database) -> list[BlockedPublic]:
    """Every rule, by kind and value."""
    with db.reader() as conn:
        return _list(conn)


def _list(conn: Connection) -> list[BlockedPublic]:
    rows = conn.execute(select(*_COLUMNS).order_by(BLOCKED.c.kind, func.lower(BLOCKED.c.value), BLOCKED.c.id))
    return [BlockedPublic.model_validate(dict(row._mapping)) for row in rows]


def rules(db: Database) -> list[BlockRule]:
    """The rules to decide companies with in Python (:func:`jobscraper.blocklist.blocking_rule`)."""
    return [BlockRule(kind=b.kind, value=b.value, match=b.match) for b in list_blocks(db)]


def add_block(db: Database, value: str, kind: BlockKind | None, now: datetime) -> BlockedPublic:
    """Store the rule ``value`` of ``kind`` (guessed when None); :class:`InputError` when it cannot
    be a rule, :class:`Conflict` when an equal one is there."""
    rule = parse_rule(value, kind)
    with db.writer() as conn:
        there = conn.execute(
            select(BLOCKED.c.value).where(BLOCKED.c.kind == rule.kind, BLOCKED.c.match == rule.match)
        ).first()
        if there is not None:
            raise Conflict(
                f"the blocklist already has the {rule.kind} {there.value!r}, which blocks the same"
            )
        conn.execute(
            insert(BLOCKED).values(kind=rule.kind, value=rule.value, match=rule.match, created_at=now)
        )
        stored = (BLOCKED.c.kind == rule.kind) & (BLOCKED.c.match == rule.match)
        row = conn.execute(select(*_COLUMNS).where(stored)).one()
        return BlockedPublic.model_validate(dict(row._mapping))


def remove_block(db: Database, block_id: int) -> BlockedPublic:
    """Remove one rule by id (its jobs show again); the rule removed."""
    with db.writer() as conn:
        row = conn.execute(select(*_COLUMNS).where(BLOCKED.c.id == block_id)).first()
        if row is None:
            raise NotFound(f"no blocklist entry with id {block_id}")
        conn.execute(delete(BLOCKED).where(BLOCKED.c.id == block_id))
        return BlockedPublic.model_validate(dict(row._mapping))


def find_block(entries: Sequence[BlockedPublic], value: str) -> BlockedPublic:
    """The entry ``value`` names: its id, its text as written (any letter case), or the same rule
    written another way ("ACME Inc" for "acme"); :class:`NotFound` saying what is there otherwise."""
    text = value.strip()
    if text.isdigit():
        for entry in entries:
            if entry.id == int(text):
                return entry
    for entry in entries:
        if entry.value.casefold() == text.casefold():
            return entry
    try:
        rule = parse_rule(text, guess_kind(text))
    except InputError:
        rule = None
    for entry in entries:
        if rule is not None and (entry.kind, entry.match) == (rule.kind, rule.match):
            return entry
    raise NotFound(f"{text!r} is not in the blocklist (`jobscraper blocklist list` shows what is)")


def is_job_blocked(conn: Connection, job_id: int) -> bool:
    """Whether a rule blocks the job ``job_id`` (False for an unknown id)."""
    found = conn.execute(select(not_blocked(JOB)).where(JOB.c.id == job_id)).scalar()
    return found is not None and not found
