"""Moving a test database up or down the migrations, as Alembic's own commands do."""

from __future__ import annotations

from typing import Any

import alembic.command

from jobscraper.store import Database
from jobscraper.store.db import _alembic_config

__all__ = ["migrate"]


def migrate(db: Database, revision: str, *, down: bool = False) -> None:
    """Upgrade ``db`` to ``revision`` (``down``: downgrade to it), in one transaction."""
    cfg: Any = _alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (alembic.command.downgrade if down else alembic.command.upgrade)(cfg, revision)
