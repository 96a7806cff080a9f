"""``job_fit_gap``: the (profile, job) pairs of an active job that has no stored fit for the
profile, kept exact by triggers (migration 0025).

Which jobs a profile's ranking must still score was one anti-join of every active job with the
profile's fits: 4-6 s at a million jobs on SQLite after each scrape (the live fit-sorted list),
and 0.5 s per page of the background fill, for the few jobs the scrape added. With this table the
candidates are its rows for the profile, plus the profile's fits of another version (stale, read
from ``ix_job_fit_rank``); :mod:`jobscraper.store.fits` then tests each candidate as before, so
a candidate with a fresh fit is never returned; that every job without one is a candidate rests
on the triggers (tested after every kind of write). Kept apart from :mod:`jobscraper.models`;
:mod:`jobscraper.store.tables` imports it, which registers it.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

__all__ = ["JobFitGap"]


class JobFitGap(SQLModel, table=True):
    """An active job with no ``job_fit`` row for the profile."""

    __tablename__ = "job_fit_gap"

    profile_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
        )
    )
    job_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("job.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
            index=True,
        )
    )
