"""The demo board answers like the real sources: JobSpy's own LinkedIn and Indeed parsers read it
through the one URL hook, and the hook leaves JobSpy as it found it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.request import Request, urlopen

import jobspy.linkedin
import jobspy.util
import pytest

from jobscraper.config import SavedSearch, ScrapingSettings
from jobscraper.demo import DemoBoard, DemoKnobs, catalogue
from jobscraper.errors import RateLimited
from jobscraper.sources.boards import BoardSource, scrape_search
from jobscraper.sources.jobspy_route import route_jobspy_to

SEARCH = SavedSearch(name="demo", term="engineer developer", sites=["linkedin", "indeed"], results_wanted=500)


@pytest.fixture(scope="module")
def board() -> Iterator[DemoBoard]:
    with DemoBoard(DemoKnobs(companies=7, jobs_per_company=12)) as running:
        yield running


def test_jobspy_reads_linkedin_and_indeed_from_the_demo(board: DemoBoard) -> None:
    with route_jobspy_to(board.base_url):
        results = {r.site: r for r in scrape_search(SEARCH)}
    for site in ("linkedin", "indeed"):
        expected = board._matching(board.board_jobs(site), SEARCH.term, "")
        got = results[site]
        assert got.error is None and got.rejected == []
        assert sorted(p.title for p in got.postings) == sorted(j.title for j in expected)
    indeed = {p.job_url: p for p in results["indeed"].postings}
    job = next(j for j in board.board_jobs("indeed") if j.salary_min is not None)
    posting = indeed[f"https://www.indeed.com/viewjob?jk={job.key:x}"]
    assert posting.company == job.company.name and posting.min_amount == job.salary_min
    assert posting.interval == job.interval and posting.location and job.city in posting.location
    linkedin = results["linkedin"].postings[0]
    assert linkedin.job_url.startswith("https://www.linkedin.com/jobs/view/")  # identity stays the board's
    assert linkedin.description and "is hiring" in linkedin.description


def test_the_hook_restores_jobspy_even_after_an_error() -> None:
    request = jobspy.util.RotatingProxySession.request
    delay = jobspy.linkedin.LinkedIn.delay
    with pytest.raises(RuntimeError), route_jobspy_to("http://127.0.0.1:9"):
        assert jobspy.util.RotatingProxySession.request is not request
        assert jobspy.linkedin.LinkedIn.delay == (0, 0)
        raise RuntimeError("boom")
    assert jobspy.util.RotatingProxySession.request is request
    assert jobspy.linkedin.LinkedIn.delay == delay


def test_a_board_source_with_jobspy_base_url_searches_the_demo_until_closed(board: DemoBoard) -> None:
    request = jobspy.util.RotatingProxySession.request
    boards = BoardSource(ScrapingSettings(jobspy_base_url=board.base_url))
    try:
        (linkedin,) = boards.search(SearchLinkedIn)
        # and a second search in the same process still goes there: the route is held, not per call
        (again,) = boards.search(SearchLinkedIn)
    finally:
        boards.close()
    expected = board._matching(board.board_jobs("linkedin"), SearchLinkedIn.term, "")
    assert linkedin.error is None and len(linkedin.postings) == min(len(expected), 50)
    assert [p.job_url for p in again.postings] == [p.job_url for p in linkedin.postings]
    assert jobspy.util.RotatingProxySession.request is request
    boards.close()  # closing twice is harmless


def test_a_429_burst_is_reported_as_rate_limited_not_as_zero_jobs() -> None:
    with DemoBoard(DemoKnobs(burst_429=1000)) as limited, route_jobspy_to(limited.base_url):
        results = scrape_search(SearchLinkedIn)
    assert isinstance(results[0].error, RateLimited) and results[0].postings == []


SearchLinkedIn = SavedSearch(name="li", term="engineer", sites=["linkedin"])


def test_version_two_updates_removes_and_adds_jobs() -> None:
    v1 = {j.key: j for j in catalogue(7, 7, 12, 1)}
    v2 = {j.key: j for j in catalogue(7, 7, 12, 2)}
    gone = set(v1) - set(v2)
    new = set(v2) - set(v1)
    changed = {k for k in set(v1) & set(v2) if v1[k] != v2[k]}
    assert gone == {k for k in v1 if k % 7 == 3}
    assert len(new) == 7 * 2
    assert changed and all(
        v1[k].description != v2[k].description or v1[k].salary_min != v2[k].salary_min for k in changed
    )
    assert catalogue(7, 7, 12, 1) == catalogue(7, 7, 12, 1)  # deterministic


def test_ats_and_career_endpoints_answer_in_their_formats(board: DemoBoard) -> None:
    def get(path: str) -> tuple[int, bytes, str]:
        with urlopen(Request(board.base_url + path), timeout=10) as response:
            return response.status, response.read(), response.headers["Content-Type"]

    by_style = {j.company.style: j.company.slug for j in board.jobs()}
    status, body, ctype = get(f"/v1/boards/{by_style['greenhouse']}/jobs?content=true")
    assert status == 200 and ctype == "application/json" and json.loads(body)["jobs"]
    status, body, _ = get(f"/v0/postings/{by_style['lever']}?mode=json")
    assert isinstance(json.loads(body), list)
    status, body, _ = get(f"/posting-api/job-board/{by_style['ashby']}")
    assert json.loads(body)["jobs"]
    status, body, _ = get(f"/careers/{by_style['listing']}/")
    assert b'rel="next"' in body
    slug = by_style["jsonld"]
    key = next(j.key for j in board.company_jobs(slug))
    status, body, _ = get(f"/careers/{slug}/jobs/{key}")
    assert b"application/ld+json" in body
    status, body, _ = get(f"/careers/{by_style['plain']}/jobs/{board.company_jobs(by_style['plain'])[0].key}")
    assert b"application/ld+json" not in body
    status, body, _ = get(f"/careers/{by_style['js']}/")
    assert b"/jobs/" not in body.split(b"<script>")[0]  # links exist only after the script runs


def test_our_parsers_read_every_demo_ats_and_career_page(board: DemoBoard) -> None:
    """The demo's ATS JSON and JSON-LD pages are what the real adapters expect."""
    from jobscraper.sources import extract_postings, find_links, parse_board, resolve_board

    def get(path: str) -> bytes:
        with urlopen(Request(board.base_url + path), timeout=10) as response:
            return bytes(response.read())

    by_style = {j.company.style: j.company for j in board.jobs()}
    for kind, path in (
        ("greenhouse", "/v1/boards/{slug}/jobs?content=true"),
        ("lever", "/v0/postings/{slug}?mode=json"),
        ("ashby", "/posting-api/job-board/{slug}"),
    ):
        company = by_style[kind]
        url = board.base_url + path.format(slug=company.slug)
        target = resolve_board(url, kind)
        assert target is not None
        parsed = parse_board(target, json.loads(get(path.format(slug=company.slug))), company=company.name)
        expected = board.company_jobs(company.slug)
        assert parsed.skipped == []
        assert sorted(p.title for p in parsed.postings) == sorted(j.title for j in expected)
        salaried = next(j for j in expected if j.salary_min is not None)
        posting = next(p for p in parsed.postings if p.title == salaried.title)
        assert posting.min_amount == salaried.salary_min and posting.currency == salaried.currency
    listing = by_style["listing"]
    seen: list[str] = []
    page: str | None = f"/careers/{listing.slug}/"
    while page:
        links = find_links(get(page).decode(), board.base_url + page)
        seen += links.detail_urls
        page = links.next_page[len(board.base_url) :] if links.next_page else None
    assert len(seen) == len(board.company_jobs(listing.slug))
    detail = extract_postings(get(seen[0][len(board.base_url) :]).decode(), seen[0])
    assert detail.method == "json-ld" and len(detail.postings) == 1
    assert detail.postings[0].company == listing.name
