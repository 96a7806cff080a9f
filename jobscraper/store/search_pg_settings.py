"""Planner settings set for one block of a PostgreSQL search and put back after it.

The search's plans turn some of the planner's choices off for a statement or a block
(:mod:`.search_pg_page`: the GIN index's bitmap; :mod:`.search_pg_walk`: the primary key's
order). One statement reads the current values and sets the new ones (the read first: a fenced
subquery, so ``set_config`` has not run yet), one puts them back: three round trips a block cost
~1 ms a search. Each setting is local to the transaction (``set_config(…, true)``), so a failed
block cannot leave them set on a pooled connection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, TextClause, text

__all__ = ["PlannerSettings"]


class PlannerSettings:
    """``names`` set to ``values`` (a name missing there is set ``off``) by :meth:`set`, and
    put back by :meth:`restore`."""

    def __init__(self, names: Sequence[str], values: Mapping[str, str] | None = None) -> None:
        self.names = tuple(names)
        values = values or {}
        self._set: TextClause = text(
            "SELECT "
            + ", ".join(f"s.a{i}" for i in range(len(self.names)))
            + ", "
            + ", ".join(f"set_config('{name}', '{values.get(name, 'off')}', true)" for name in self.names)
            + " FROM (SELECT "
            + ", ".join(f"current_setting('{name}') AS a{i}" for i, name in enumerate(self.names))
            + " OFFSET 0) AS s"
        )
        self._restore: TextClause = text(
            "SELECT " + ", ".join(f"set_config('{name}', :v{i}, true)" for i, name in enumerate(self.names))
        )

    def set(self, conn: Connection) -> tuple[Any, ...]:
        """Sets them; returns the values they had (for :meth:`restore`)."""
        return tuple(conn.execute(self._set).one()[: len(self.names)])

    def restore(self, conn: Connection, previous: tuple[Any, ...]) -> None:
        """Puts back the values :meth:`set` returned."""
        conn.execute(self._restore, {f"v{i}": value for i, value in enumerate(previous)})
