"""``job INDEXED BY <index>``: SQLite's planner told which index to read (SQLAlchemy has no SQLite
hints). Without ``ANALYZE`` statistics SQLite cannot know that a partial index holds a few rows,
and walked an index of every active job instead (the pending extraction, the pending vectors,
the liveness pass's due jobs); some searches name the index their plan needs (migration 0012's).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Alias

from jobscraper.store.tables import JOB

__all__ = ["indexed_job", "job_read_by"]

_INDEXED: dict[str, Any] = {}


def indexed_job(index: str) -> Any:
    """The ``job`` table written as ``job INDEXED BY <index>`` where it is a FROM.

    One subclass per index, so SQLAlchemy's statement cache never mixes two hints up."""
    if index not in _INDEXED:
        cls: Any = type(f"_JobIndexedBy_{index}", (Alias,), {"inherit_cache": True, "index_name": index})

        @compiles(cls)
        def _compile(element: Any, compiler: Any, **kw: Any) -> str:
            if kw.get("asfrom"):
                return f"{element.original.name} INDEXED BY {element.index_name}"
            return str(compiler.visit_alias(element, **kw))

        _INDEXED[index] = cls._construct(JOB, name="job")
    return _INDEXED[index]


def job_read_by(conn: Connection, index: str, otherwise: Any = JOB) -> Any:
    """``job`` as a query on ``conn`` should read it: on SQLite through ``index``
    (:func:`indexed_job`); elsewhere ``otherwise`` (the table: PostgreSQL's planner takes the
    index by itself)."""
    return indexed_job(index) if conn.dialect.name == "sqlite" else otherwise
