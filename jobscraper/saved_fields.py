"""The fields of a saved search and of a watched company, each declared once (name, type, default,
description), and :func:`limited`, which adds the checks only new input must pass.

- :class:`SearchFields`: a saved job-board search. The config entry
  (:class:`~jobscraper.config.SavedSearch`), the ``saved_search`` table
  (:class:`~jobscraper.models.SavedSearchRow`) and the Api's shape
  (:class:`~jobscraper.store.saved_shapes.SavedSearchPublic`) derive from it.
- :class:`CompanyFields`: a watched company's settings, likewise shared by
  :class:`~jobscraper.config.CompanyConfig`, the ``company`` table and the Api's shapes.
- :class:`LastResult`: the outcome of the last run that scraped one (the ``last_*`` columns).

The bases are plain pydantic models, neither tables nor SQLModel: the config (which ``jobscraper
--help`` loads) stays free of SQLAlchemy, and a table class adds only what its column needs (a JSON
or unique column, a nullable one) by redeclaring that field. Limits (lengths, ranges) are not here
either: they would give a table column a length (a schema change) and make the Api check old rows
on the way out. The config entries and the Api's create shape add them with :func:`limited`, so the
rule lives where input comes in. The ``…Update`` shapes (every editable field, optional) are
written out in :mod:`jobscraper.store.saved_shapes`; ``tests/unit/test_saved_fields.py`` holds
their fields and types to these bases.

Adding a field to a saved search is one declaration here plus an Alembic migration for its column
(and a line in ``SavedSearchUpdate``, which the test demands).
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, create_model
from pydantic.fields import FieldInfo

from jobscraper.vocabulary import ATS_KINDS, DEFAULT_SITES, AtsChoice, JobType

__all__ = ["CompanyFields", "LastResult", "SearchFields", "limited"]

M = TypeVar("M", bound=BaseModel)

_ENABLED = "false: kept, but not scraped by 'everything saved' or the scheduler"
_INTERVAL = "start a run this often, in seconds (scheduler.min_interval_s at least)"


class LastResult(BaseModel):
    """The outcome of the last run that scraped a saved search or watched company; all None until
    one has."""

    last_run_id: int | None = None
    last_run_at: datetime | None = None
    last_status: str | None = Field(None, description="done | failed | blocked | cancelled | …")
    last_found: int | None = Field(None, description="postings found")
    last_new: int | None = Field(None, description="jobs that were new (inserted)")
    last_error: str | None = Field(None, description="the first error, shortened")


class SearchFields(BaseModel):
    """A job-board search run through python-jobspy."""

    name: str = Field(description="unique name of the search")
    term: str = Field(description="search term, e.g. 'python developer'")
    location: str | None = Field(None, description="where, e.g. 'Berlin, Germany'")
    sites: list[str] = Field(
        default_factory=lambda: list(DEFAULT_SITES),
        description="the job boards to search: JobSpy sites and remote boards (vocabulary.SITES)",
    )
    distance_miles: int | None = Field(None, description="radius around the location")
    is_remote: bool = Field(False, description="only remote jobs")
    job_type: JobType | None = Field(None, description="only this employment type")
    hours_old: int | None = Field(None, description="only postings this recent, in hours")
    results_wanted: int = Field(50, description="postings asked of each site")
    country: str = Field("usa", description="country for Indeed/Glassdoor")
    enabled: bool = Field(True, description=_ENABLED)
    interval_s: int | None = Field(None, description=_INTERVAL)


class CompanyFields(BaseModel):
    """A company whose career page or ATS board is scraped directly."""

    name: str = Field(description="unique name of the company")
    url: str = Field(description="career page, ATS board URL or ATS API endpoint")
    ats: AtsChoice = Field(
        "auto",
        description=f"auto: detected from the URL; or the ATS named ({', '.join(ATS_KINDS)}); "
        "or html for a plain career site",
    )
    render_js: bool = Field(False, description="render with a system Chromium (slower)")
    enabled: bool = Field(True, description=_ENABLED)
    interval_s: int | None = Field(None, description=_INTERVAL)


def limited(**limits: FieldInfo) -> Callable[[type[M]], type[M]]:
    """A class decorator: the model with each named field also held to its ``Field(...)`` limits
    (``min_length``, ``le``, …), its type, default and description kept as declared.

    The decorated class is a subclass of the one written, of the same name and module (so it
    pickles and documents as that), with the same validators."""

    def apply(model: type[M]) -> type[M]:
        unknown = set(limits) - set(model.model_fields)
        if unknown:
            raise TypeError(f"{model.__name__} has no field(s) {sorted(unknown)} to limit")
        fields: dict[str, Any] = {
            name: (Annotated[model.model_fields[name].annotation, limit], copy(model.model_fields[name]))
            for name, limit in limits.items()
        }
        return create_model(
            model.__name__, __base__=model, __module__=model.__module__, __doc__=model.__doc__, **fields
        )

    return apply
