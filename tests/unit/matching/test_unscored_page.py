"""A page listed without fits (:func:`unscored_page`) is built from the search's validated values,
not dumped and validated again: it must stay exactly what the round trip gave — the same JSON, the
same fields set, the same types — for every job of a real page, sources included."""

from __future__ import annotations

from typing import Any

from jobscraper.matching.job_fit import unscored_page
from jobscraper.matching.shapes import FitJob, FitPage
from jobscraper.store import Database, JobQuery, SearchPage, SyncEngine, search_jobs
from jobscraper.store.job_sources import with_sources


def _round_trip(page: SearchPage) -> FitPage:
    """What :func:`unscored_page` gave before (issue 18): a dump of the page validated again."""
    return FitPage.model_validate(
        {**page.model_dump(exclude={"items"}), "items": [j.model_dump() for j in page.items]}
    )


def test_an_unscored_page_is_what_the_round_trip_gave(
    db: Database, sync: SyncEngine, make_posting: Any
) -> None:
    same = {"title": "Data Engineer", "company": "Hooli", "location": "Berlin"}
    sync.upsert(
        [
            make_posting(site="linkedin", job_url="https://linkedin.example/jobs/1", **same),
            make_posting(site="indeed", job_url="https://indeed.example/viewjob?jk=1", **same),
            make_posting(site="indeed", title="Nurse", company="Ward", location="Boston", is_remote=True),
            make_posting(title="Python Developer", min_amount=50_000, max_amount=70_000, interval="yearly"),
        ]
    )
    page = search_jobs(db, JobQuery(per_page=3))
    with_sources(db, page.items)
    assert page.total == 3 and all(job.sources for job in page.items)

    listed, expected = unscored_page(page), _round_trip(page)
    assert listed.model_dump_json() == expected.model_dump_json()
    assert listed.model_fields_set == expected.model_fields_set
    assert all(isinstance(job, FitJob) for job in listed.items)
    for job, want in zip(listed.items, expected.items, strict=True):
        assert job.model_fields_set == want.model_fields_set
        assert job == want and job.fit is None and job.fit_reasons == [] and job.fit_sunk is False
