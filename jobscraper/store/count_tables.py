"""``job_count``: how many jobs there are per (archived, closed, hidden, favourite, status,
remote), kept exact by triggers on ``job`` (migration 0012).

The Jobs page's list asks for an exact total on every load ("N jobs"). Counting the visible jobs of
a million-job database row by row takes a quarter of a second or more, however it is indexed;
summing the few dozen rows of this table takes microseconds, and the triggers keep it right in
the writer's own transaction (an insert, a delete, or a change of one of these six things).
:mod:`jobscraper.store.search_list` reads it for a list whose only filters are these six. Kept
apart from :mod:`jobscraper.models`; :mod:`jobscraper.store.tables` imports it, which registers it.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

__all__ = ["JobCount"]


class JobCount(SQLModel, table=True):
    """Jobs with these six values (``archived``: ``archived_at`` is set; ``closed``: ``closed_at``
    is set; ``remote``: its work mode is remote, as :mod:`jobscraper.store.work_mode` decides): ``n``
    of them."""

    __tablename__ = "job_count"

    archived: bool = Field(primary_key=True)
    closed: bool = Field(primary_key=True)
    hidden: bool = Field(primary_key=True)
    favorite: bool = Field(primary_key=True)
    status: str = Field(primary_key=True)
    remote: bool = Field(primary_key=True)
    n: int
