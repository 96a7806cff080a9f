"""The company blocklist's table (:class:`BlockedCompany`), apart from :mod:`jobscraper.models` so
the blocklist work owns its file; :mod:`jobscraper.store.tables` imports it, which registers it on
``SQLModel.metadata`` wherever the store is used. The rules themselves are :mod:`jobscraper.blocklist`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

__all__ = ["BlockedCompany"]


class BlockedCompany(SQLModel, table=True):
    """One blocklist rule: a company ``name``, a ``domain`` or a glob ``pattern`` over company names.

    ``value`` is what the user wrote (shown back); ``match`` is its normalised form, the one the
    queries compare (:func:`jobscraper.blocklist.normalised`): a normalised company name, a lower-case
    host, or a normalised glob turned into a SQL LIKE pattern. Two rules with the same kind and
    ``match`` would block the same jobs, hence the unique constraint."""

    __tablename__ = "blocked_company"
    __table_args__ = (UniqueConstraint("kind", "match", name="uq_blocked_company_kind_match"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(description="name | domain | pattern")
    value: str = Field(description="the rule as the user wrote it")
    match: str = Field(description="the normalised form the queries compare")
    created_at: datetime
