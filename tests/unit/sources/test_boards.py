"""The JobSpy adapter: rows become Postings, JobSpy's per-site error text becomes a typed error
(a blocked board is never "0 jobs"). JobSpy's network is the edge: a fake scrape_jobs returns a
DataFrame built with JobSpy's own model, as the real one does."""

from __future__ import annotations

from typing import Any

import jobspy.util
import pandas as pd
import pytest
from jobspy.model import CompensationInterval, JobPost, Location

from jobscraper.config import SavedSearch, ScrapingSettings
from jobscraper.errors import Blocked, RateLimited, SourceUnavailable
from jobscraper.sources.boards import BoardSource, classify_site_error, jobspy_arguments, scrape_search


def _frame(posts: list[JobPost], errors: dict[str, str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame([p.model_dump() for p in posts], columns=list(JobPost.model_fields))
    frame.attrs = {
        "errors": errors or {},
        "warnings": {"linkedin": ["is_remote isn't supported, ignoring it"]},
    }
    return frame


def _post(n: int, site: str = "indeed") -> JobPost:
    return JobPost(
        id=f"in-{n}",
        site=site,
        job_url=f"https://www.indeed.com/viewjob?jk={n}",
        title=f"Python Developer {n}",
        company="Acme",
        location=Location(city="Berlin", country="germany"),
        interval=CompensationInterval.YEARLY,
        min_amount=60000.0,
        max_amount=80000.0,
        currency="EUR",
        description="**Python** role",
    )


SEARCH = SavedSearch(name="py", term="python developer", location="Berlin", sites=["indeed", "linkedin"])


def test_rows_become_postings_and_a_429_is_rate_limited_not_zero_jobs() -> None:
    seen: dict[str, Any] = {}

    def fake_scrape(**kwargs: Any) -> pd.DataFrame:
        seen.update(kwargs)
        return _frame([_post(1), _post(2)], {"linkedin": "response status code 429 (blocked: use a proxy)"})

    results = {r.site: r for r in scrape_search(SEARCH, scrape=fake_scrape)}
    assert [p.title for p in results["indeed"].postings] == ["Python Developer 1", "Python Developer 2"]
    assert results["indeed"].error is None
    assert results["indeed"].postings[0].location == "Berlin, Germany"
    assert isinstance(results["linkedin"].error, RateLimited) and results["linkedin"].postings == []
    assert results["linkedin"].warnings == ["is_remote isn't supported, ignoring it"]
    assert seen["site_name"] == ["indeed", "linkedin"] and seen["search_term"] == "python developer"
    assert seen["description_format"] == "markdown"


@pytest.mark.parametrize(
    "message,kind",
    [
        ("response status code 429 (blocked: use a proxy)", RateLimited),
        ("response status code 403 (blocked: use a proxy)", Blocked),
        ("unexpected page with no jobs (blocked?)", Blocked),
        ("response status code 503", RateLimited),
        ("response status code 500", SourceUnavailable),
        ("API error: [{'message': 'boom'}]", SourceUnavailable),
        ("HTTPSConnectionPool: Read timed out.", SourceUnavailable),
    ],
)
def test_jobspy_error_text_is_classified(message: str, kind: type) -> None:
    error = classify_site_error("linkedin", message)
    assert type(error) is kind and error.source == "linkedin" and message in str(error)


def test_invalid_arguments_fail_every_site_with_the_reason() -> None:
    def fake_scrape(**kwargs: Any) -> pd.DataFrame:
        raise ValueError("Invalid country_indeed: 'atlantis'")

    results = scrape_search(SEARCH, scrape=fake_scrape)
    assert all(isinstance(r.error, SourceUnavailable) and "atlantis" in str(r.error) for r in results)


def test_arguments_follow_the_saved_search() -> None:
    search = SavedSearch(
        name="x", term="data", sites=["linkedin"], hours_old=24, job_type="contract", country="germany"
    )
    args = jobspy_arguments(search, proxies=["user:pw@proxy:8080"], user_agent="ua")
    assert args["hours_old"] == 24 and args["job_type"] == "contract" and args["country_indeed"] == "germany"
    assert args["proxies"] == ["user:pw@proxy:8080"] and args["user_agent"] == "ua"
    assert "location" not in args  # None values are left to JobSpy's defaults


def test_a_board_source_searches_with_its_proxies_and_leaves_jobspy_alone_without_a_base_url() -> None:
    request = jobspy.util.RotatingProxySession.request
    seen: dict[str, Any] = {}

    def fake_scrape(**kwargs: Any) -> pd.DataFrame:
        seen.update(kwargs)
        return _frame([_post(1)])

    boards = BoardSource(ScrapingSettings(proxies=["proxy.example:8080"]), scrape=fake_scrape)
    assert jobspy.util.RotatingProxySession.request is request
    results = {r.site: r for r in boards.search(SEARCH)}
    boards.close()
    assert seen["proxies"] == ["proxy.example:8080"] and seen["site_name"] == ["indeed", "linkedin"]
    assert [p.title for p in results["indeed"].postings] == ["Python Developer 1"]
