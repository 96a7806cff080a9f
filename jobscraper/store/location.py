"""Where the job database is — one SQLite file or one PostgreSQL database — as one value.

Everything that starts, finds or reports on the database (the WriterActor, the Api, the scheduler,
``jobscraper status``, the CLI's "this cluster's writer owns X, not Y") carries a
:class:`DatabaseLocation` instead of a path here and a URL there. It has two faces:

- :attr:`~DatabaseLocation.target`, what :func:`~jobscraper.store.open_database` opens: the file's
  absolute path (an actor's working folder is not the driver's), or the URL *with* its password;
- :attr:`~DatabaseLocation.shown`, what messages, logs and the writer's identity use: the file, or
  the URL with its password replaced by ``***``.

Two locations are the same database when their shown forms are equal: a password never decides
which database a URL names (and the writer, asked who it is, never hands its password out).
``repr`` and ``str`` print the shown form only, so an f-string or a log line cannot leak it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import URL

from jobscraper.config import DatabaseSettings
from jobscraper.errors import StoreError
from jobscraper.store.db import database_target

__all__ = ["DatabaseLocation", "location_of"]


@dataclass(frozen=True)
class DatabaseLocation:
    """One job database: an SQLite file (:attr:`path` set) or a PostgreSQL database (:attr:`path` None)."""

    target: str = field(repr=False)
    shown: str
    path: Path | None = None

    @classmethod
    def of(cls, value: DatabaseLocation | Path | str) -> DatabaseLocation:
        """Parse a file path (relative ones are resolved here), an ``sqlite:///file`` URL or a
        ``postgresql[+psycopg]://`` URL (a bare ``postgresql://`` gets psycopg 3, the ``postgres``
        extra's driver); :class:`StoreError` for anything else."""
        if isinstance(value, DatabaseLocation):
            return value
        target = database_target(value)  # the one parser open_database uses: the same errors
        if isinstance(target, Path):
            return cls._file(target)
        return cls(target=target.render_as_string(hide_password=False), shown=_hidden(target))

    @classmethod
    def _file(cls, path: Path) -> DatabaseLocation:
        resolved = path.expanduser().resolve()
        return cls(target=str(resolved), shown=str(resolved), path=resolved)

    @property
    def is_server(self) -> bool:
        """True for a PostgreSQL database (reached over the network: it needs no particular node)."""
        return self.path is None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return "sqlite" if self.path is not None else "postgresql"

    def same(self, other: DatabaseLocation | Path | str) -> bool:
        """Whether ``other`` names this database (a URL's password aside); an unparsable ``other``
        (e.g. a writer's answer from an older version) names another one."""
        try:
            return DatabaseLocation.of(other).shown == self.shown
        except StoreError:
            return False

    def __str__(self) -> str:
        return self.shown


def location_of(database: DatabaseSettings) -> DatabaseLocation:
    """The configured database: ``database.url`` when set, else the file ``database.path``."""
    return DatabaseLocation.of(database.url or database.path)


def _hidden(url: URL) -> str:
    return url.render_as_string(hide_password=True)
