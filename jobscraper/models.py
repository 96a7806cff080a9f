"""The job database's tables (SQLModel) and the scraped-posting model that feeds them.

Field groups on :class:`Job` — the sync engine relies on them:

- *scraped* fields (``SCRAPED_FIELDS``): what a source says; a scrape may overwrite them;
- *user* fields (``USER_FIELDS``): favourite, notes, status, applied date, follow-up date, hidden; no scrape,
  import or extraction ever writes them;
- *enrichment* fields (``ENRICHMENT_FIELDS``): filled by the extraction service;
- *sync* fields: identity and bookkeeping (dedup key, content hash, first/last seen, archived).

What the user asked to scrape lives here too: :class:`SavedSearchRow` (a job-board search) and
the *watched* :class:`Company` rows (a company whose ``url`` is set is scraped as a career page or
ATS board). Both carry the outcome of the last run that scraped them (``last_*`` columns).

A person's résumé and preferences are a :class:`Profile` (several may exist, one is active), whose
fields are declared in :mod:`jobscraper.matching.profile`.

Names of scraped fields follow python-jobspy's columns so exports re-import and JobSpy tooling
reads them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Computed,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    text,
)
from sqlmodel import Field, SQLModel

from jobscraper.job_fields import JobFields, ScrapedFields
from jobscraper.matching.profile import ProfileFields
from jobscraper.saved_fields import CompanyFields, LastResult, SearchFields
from jobscraper.vocabulary import JOB_STATUSES, JobStatus

__all__ = [
    "ENRICHMENT_FIELDS",
    "PENDING_EXTRACTION",
    "PENDING_EXTRACTION_VERSION",
    "PENDING_VECTOR",
    "SCRAPED_FIELDS",
    "USER_FIELDS",
    "Company",
    "ConfigSeed",
    "Job",
    "JobFit",
    "JobSource",
    "JobStatus",
    "JobVector",
    "LastResultColumns",
    "Profile",
    "SavedSearchRow",
    "ScrapeRun",
]


# the ``last_*`` columns of both tables below; kept under this name for its importers
LastResultColumns = LastResult


class Company(SQLModel, LastResult, CompanyFields, table=True):
    """An employer; jobs link to it by normalised name. It is *watched* (its career page or ATS
    board is scraped) while ``url`` is set; ``ats``, ``render_js`` and ``enabled`` are then its
    scrape settings. Its fields are declared in :mod:`jobscraper.saved_fields`; redeclared here
    only where the column differs: ``url`` and ``ats`` are empty for an employer not watched."""

    id: int | None = Field(default=None, primary_key=True)
    normalized_name: str = Field(unique=True, index=True)
    url: str | None = None  # type: ignore[assignment]
    ats: str | None = None  # type: ignore[assignment]
    render_js: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    created_at: datetime
    updated_at: datetime | None = None


class SavedSearchRow(SQLModel, LastResult, SearchFields, table=True):
    """A saved job-board search (the fields of :class:`jobscraper.config.SavedSearch`), declared in
    :mod:`jobscraper.saved_fields`; redeclared here only where the column needs more than its type:
    a unique name, the sites as JSON, the job type as plain text."""

    __tablename__ = "saved_search"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    sites: list[str] = Field(sa_column=Column(JSON, nullable=False))
    job_type: str | None = None  # type: ignore[assignment]
    created_at: datetime
    updated_at: datetime


class ConfigSeed(SQLModel, table=True):
    """A config-file entry already copied into the database once (by name; companies by
    normalised name), so that seeding again never brings back one the user deleted or renamed."""

    __tablename__ = "config_seed"

    kind: str = Field(primary_key=True, description="search | company")
    key: str = Field(primary_key=True)
    seeded_at: datetime


# every column the job list's filters and sorts read (jobscraper.store.search's joins look jobs up
# by id in this index, so a text query's matches are filtered without reading each wide row)
_FILTER_COLUMNS = (
    "id", "archived_at", "closed_at", "hidden", "status", "favorite", "is_remote", "remote_policy",
    "date_posted", "salary_annual", "first_seen", "last_seen", "location",
)  # fmt: skip
# every column status and the Analytics page read (jobscraper.store.stats; migration 0013 leaves
# skills out on PostgreSQL, which cannot index json)
_STATS_COLUMNS = (
    "archived_at", "status", "applied_at", "favorite", "hidden", "first_seen", "currency",
    "salary_annual_max", "salary_annual_min", "extraction_version", "extracted_at", "updated_at", "skills",
)  # fmt: skip
# the active jobs whose extraction is missing or stale at extraction schema version 1: migration
# 0021's index, store.enrich.needs_extraction's condition word for word (a test compares them)
PENDING_EXTRACTION_VERSION = 1
_PENDING_COLUMNS = ("id", "archived_at", "extraction_version", "extracted_at", "updated_at")
# the active jobs without a vector made from their current content (migration 0022's index)
PENDING_VECTOR = "archived_at IS NULL AND vector_current IS NULL"
PENDING_EXTRACTION = (
    "archived_at IS NULL AND (extraction_version IS NULL OR extraction_version != "
    f"{PENDING_EXTRACTION_VERSION} OR extracted_at IS NULL OR extracted_at < updated_at)"
)


class Job(JobFields, table=True):
    """One job, however many boards it was seen on (see :class:`JobSource`). Its fields are
    declared once in :mod:`jobscraper.job_fields`; here only what the table alone has."""

    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(unique=True, description="normalised company|title|location")
    content_hash: str
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    salary_annual: float | None = Field(
        default=None,
        sa_column=Column(Float, Computed("coalesce(salary_annual_max, salary_annual_min)", persisted=False)),
        description="the annual figure filters and sorts use: max, else min (computed by SQLite)",
    )
    vector_current: bool | None = Field(
        default=None,
        description="TRUE while a vector (job_vector) was made from the job's current content, else None"
        " (kept by triggers, migration 0022)",
    )

    __table_args__ = (
        Index("ix_job_salary", "salary_annual"),
        Index("ix_job_status_last_seen", "status", "last_seen"),  # a status tab, newest first (0012)
        Index("ix_job_filter", *_FILTER_COLUMNS),  # the list's filters without the wide rows (0012)
        Index("ix_job_stats", *_STATS_COLUMNS),  # status and stats without the wide rows (0013)
        Index(
            "ix_job_extracted",
            "archived_at",
            sqlite_where=text("extracted IS NOT NULL"),
            postgresql_where=text("extracted IS NOT NULL"),
        ),
        Index(  # the jobs the extraction pass and `status` look for, and only those (0021)
            "ix_job_pending_extraction",
            *_PENDING_COLUMNS,
            sqlite_where=text(PENDING_EXTRACTION),
            postgresql_where=text(PENDING_EXTRACTION),
        ),
        Index(  # the jobs the embedding pass looks for, with those of a vector of another model (0022)
            "ix_job_pending_vector",
            "id",
            "archived_at",
            "vector_current",
            sqlite_where=text(PENDING_VECTOR),
            postgresql_where=text(PENDING_VECTOR),
        ),
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in JOB_STATUSES) + ")", name="ck_job_status"
        ),
    )


class JobVector(SQLModel, table=True):
    """A job's embedding for matching (:mod:`jobscraper.store.vectors`): one per job, made by
    ``model_id`` from the job's content as it was at ``content_hash`` (a job whose content changed
    since is embedded again). The vector is int8 bytes (``dim`` of them) and the ``scale`` that turns
    them back into floats — plain bytes, so SQLite and PostgreSQL store and scan it the same way."""

    __tablename__ = "job_vector"

    job_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("job.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
        )
    )
    model_id: str = Field(index=True, description="the embedding model and its weights' checksum")
    content_hash: str = Field(description="the job's content_hash the vector was made from")
    dim: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False), description="int8 × dim")
    scale: float = Field(description="data × scale ≈ the unit-length float vector")


class JobFit(SQLModel, table=True):
    """A job's stored fit for one profile (:mod:`jobscraper.store.fits`), so ``sort=fit`` and
    ``match`` are an indexed ORDER BY instead of scoring every job. ``version`` names everything
    the score depends on besides the job (the profile's content, the scorer, the model): a row of
    another version is stale and never read. A change to the job's scored columns or its vector
    deletes its rows (triggers, migration 0006), and so does archiving it: fits exist only for
    jobs not archived, so "every job has a fresh fit" is two counts. ``cosine`` is −2 when the
    job had no vector."""

    __tablename__ = "job_fit"

    profile_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
        )
    )
    job_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("job.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
        )
    )
    version: str = Field(description="hash of the profile, the scorer and the model it was scored with")
    score: int
    cosine: float = Field(description="the résumé ↔ job cosine (the ranking's tie-break); -2: none")
    sunk: bool
    detail: bytes = Field(
        sa_column=Column(LargeBinary, nullable=False),
        description="the parts and reasons, zlib-compressed JSON (read for the shown page only)",
    )

    __table_args__ = (
        # best first per profile and version: ORDER BY score DESC, cosine DESC walks it backwards
        Index("ix_job_fit_rank", "profile_id", "version", "score", "cosine", "job_id"),
        # the triggers forget a job's fits by job id
        Index("ix_job_fit_job_id", "job_id"),
    )


class JobSource(SQLModel, table=True):
    """One place a job was seen: a board listing or a career-page URL."""

    __tablename__ = "job_source"

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    url: str = Field(unique=True, description="canonical URL: the source's identity")
    job_url: str = Field(description="the URL as the source gave it")
    job_url_direct: str | None = None
    site: str
    external_id: str | None = Field(default=None, description="the source's own id (JobSpy `id`)")
    content_hash: str
    first_seen: datetime
    last_seen: datetime

    # "jobs seen on this site" is answered from the index alone
    __table_args__ = (Index("ix_job_source_site_job", "site", "job_id"),)


class ScrapeRun(SQLModel, table=True):
    """What ran (a scrape or an import), when, with what counts and errors."""

    __tablename__ = "scrape_run"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(description="scrape | import | demo")
    status: str = Field(default="running", description="running | done | failed | cancelled")
    started_at: datetime
    finished_at: datetime | None = None
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    counts: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    errors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Profile(ProfileFields, table=True):
    """A person's résumé and preferences (fields in :mod:`jobscraper.matching.profile`). Its name
    is unique; at most one row is active (a partial unique index), and the store keeps exactly one
    active while any exists (:mod:`jobscraper.store.profiles`)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)

    __table_args__ = (
        Index(
            "ix_profile_one_active",
            "active",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )


USER_FIELDS: tuple[str, ...] = ("favorite", "notes", "status", "applied_at", "follow_up_at", "hidden")
ENRICHMENT_FIELDS: tuple[str, ...] = (
    "extracted",
    "extraction_version",
    "extracted_at",
    "extraction_error",
    "seniority",
    "remote_policy",
    "visa_sponsorship",
)
# what a scrape writes: the scraped fields less the first source's site and URL (a job keeps
# those), plus the annual salary derived from them
SCRAPED_FIELDS: tuple[str, ...] = (
    *(name for name in ScrapedFields.model_fields if name not in ("site", "job_url")),
    "salary_annual_min",
    "salary_annual_max",
)
