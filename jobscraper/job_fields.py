"""A job's fields, each declared once (name, type, default, description, column options).

- :class:`ScrapedFields`: what a source says about a job, in python-jobspy's column names. The
  scraped posting (:class:`~jobscraper.posting.Posting`), the ``job`` table
  (:class:`~jobscraper.models.Job`) and the public job shape
  (:class:`~jobscraper.store.search_shapes.JobPublic`) all derive from it.
- :class:`JobFields`: the scraped fields plus what the store adds to a job (annual salary,
  enrichment, the user's own fields, sync bookkeeping): shared by the table and the public shape.

Adding a scraped field is one declaration here plus an Alembic migration for its column: the
posting validates it, the sync engine writes it (``SCRAPED_FIELDS``), search returns it and the
Api shows it. Column options (an index, a JSON or TEXT column) are given as ``sa_type`` and
``index`` rather than a ``Column`` object, so that the table class inherits them; the classes here
are not tables themselves.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from jobscraper.vocabulary import JobStatus

__all__ = ["JobFields", "JsonOrNull", "ScrapedFields"]


class JsonOrNull(JSON):
    """A JSON column where Python None is SQL NULL (not the JSON text ``null``), so ``IS NULL``
    finds an absent list."""

    def __init__(self) -> None:
        super().__init__(none_as_null=True)


class ScrapedFields(SQLModel):
    """What a source says about a job (python-jobspy's ``JobPost`` columns, less its ``id``)."""

    site: str | None = Field(
        default=None, description="the board or host it came from (a job: its first source's)"
    )
    job_url: str = Field(min_length=1, description="the posting's URL (a job: its first source's)")
    job_url_direct: str | None = None
    title: str = Field(min_length=1)
    company: str | None = None
    location: str | None = None
    date_posted: date | None = Field(default=None, index=True)
    job_type: str | None = None
    salary_source: str | None = Field(default=None, description="direct_data (the source) | extracted")
    interval: str | None = Field(default=None, description="the pay interval: a PAY_INTERVALS value")
    min_amount: float | None = None
    max_amount: float | None = None
    currency: str | None = None
    is_remote: bool | None = None
    job_level: str | None = None
    job_function: str | None = None
    listing_type: str | None = None
    emails: list[str] | None = Field(default=None, sa_type=JsonOrNull)
    description: str | None = Field(default=None, sa_type=Text, description="markdown")
    company_industry: str | None = None
    company_url: str | None = None
    company_logo: str | None = None
    company_url_direct: str | None = None
    company_addresses: str | None = None
    company_num_employees: str | None = None
    company_revenue: str | None = None
    company_description: str | None = Field(default=None, sa_type=Text)
    skills: list[str] | None = Field(default=None, sa_type=JsonOrNull)
    experience_range: str | None = None
    company_rating: float | None = None
    company_reviews_count: int | None = None
    vacancy_count: int | None = None
    work_from_home_type: str | None = None


class JobFields(ScrapedFields):
    """A stored job's fields as readers see them: scraped, enriched, the user's, bookkeeping."""

    # --- derived from the scraped salary when stored
    salary_annual_min: float | None = Field(default=None, description="min_amount annualised")
    salary_annual_max: float | None = Field(default=None, description="max_amount annualised")
    # --- enrichment (extraction service)
    extracted: dict[str, Any] | None = Field(default=None, sa_type=JsonOrNull)
    extraction_version: int | None = None
    extracted_at: datetime | None = None
    extraction_error: str | None = None
    seniority: str | None = None
    remote_policy: str | None = None
    visa_sponsorship: str | None = None
    # --- user (never written by a scrape)
    favorite: bool = Field(default=False, index=True)
    notes: str = Field(default="", sa_type=Text, nullable=False, sa_column_kwargs={"server_default": ""})
    status: str = Field(default=JobStatus.NEW.value, index=True, description="a JobStatus value")
    applied_at: datetime | None = None
    follow_up_at: date | None = Field(
        default=None, index=True, description="when to follow the job up (the pipeline's due list)"
    )
    hidden: bool = False
    # --- sync bookkeeping
    first_seen: datetime = Field(index=True)
    last_seen: datetime = Field(index=True)
    updated_at: datetime = Field(description="when the scraped content last changed")
    archived_at: datetime | None = Field(default=None, index=True)
    # --- liveness (jobscraper.store.liveness): is the posting still open?
    closed_at: datetime | None = Field(
        default=None, index=True, description="when two checks in a row found it closed (None: open)"
    )
    closed_reason: str | None = Field(default=None, description="what the closing check saw, e.g. HTTP 404")
    last_checked_at: datetime | None = Field(default=None, description="when its page was last checked")
    failed_checks: int = Field(
        default=0,
        sa_column_kwargs={"server_default": "0"},
        description="checks in a row that found it closed",
    )
