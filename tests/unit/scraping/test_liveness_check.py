"""The liveness check of one page: what counts as closed, what says nothing, and that checks keep
to their concurrency and go through the demo board's routing instead of the real job boards."""

from __future__ import annotations

import asyncio

import pytest

from jobscraper.errors import Blocked, ScrapeError
from jobscraper.scraping.fetch import Fetched, status_error
from jobscraper.scraping.liveness import check_jobs, judge, routed
from jobscraper.store.liveness import CheckTarget

URL = "https://jobs.example.test/acme/jobs/42"


def _page(text: str, url: str = URL, status: int = 200) -> Fetched:
    return Fetched(url=url, status=status, content_type="text/html", text=text)


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_status_from_the_fetcher_is_a_failed_check(status: int) -> None:
    result = judge(1, URL, status_error(URL, status, None))
    assert (result.verdict, result.reason) == ("closed", f"HTTP {status}")


@pytest.mark.parametrize("status", [400, 403, 429, 500, 503])
def test_other_failures_say_nothing_about_the_job(status: int) -> None:
    assert judge(1, URL, status_error(URL, status, None)).verdict == "unknown"


def test_robots_txt_and_network_errors_are_unknown() -> None:
    assert judge(1, URL, Blocked(URL, "disallowed by robots.txt")).verdict == "unknown"
    assert judge(1, URL, ScrapeError(URL, "cannot connect")).verdict == "unknown"


@pytest.mark.parametrize(
    "body",
    [
        "<h1>Senior Dev</h1><p>No longer accepting   applications</p>",
        "<div class='banner'>This job has <b>expired</b></div><p>This job has expired on Indeed</p>",
        "<p>Sorry, this position has been filled.</p>",
    ],
)
def test_a_page_that_says_it_is_closed_is_a_failed_check(body: str) -> None:
    result = judge(7, URL, _page(body))
    assert result.verdict == "closed" and result.reason.startswith("page says: ")


def test_words_in_scripts_and_styles_do_not_close_a_job() -> None:
    body = (
        "<script>var i18n = {closed: 'No longer accepting applications'};</script>"
        "<style>/* this job has expired */</style><h1>Senior Dev</h1><p>Apply now</p>"
    )
    assert judge(7, URL, _page(body)).verdict == "open"


def test_a_redirect_up_to_the_listing_closes_but_a_trailing_slash_does_not() -> None:
    to_listing = judge(1, URL, _page("<h1>All jobs</h1>", url="https://jobs.example.test/acme?error=true"))
    assert to_listing.verdict == "closed" and "redirected to" in to_listing.reason
    assert judge(1, URL, _page("<h1>Dev</h1>", url=URL + "/")).verdict == "open"
    assert judge(1, URL, _page("<h1>Dev</h1>", url="https://other.test/acme")).verdict == "open"


def test_demo_routing_sends_only_job_board_urls_to_the_demo_board() -> None:
    base = "http://127.0.0.1:8765"
    assert routed("https://www.linkedin.com/jobs/view/12", base) == f"{base}/jobs/view/12"
    assert routed("https://www.indeed.com/viewjob?jk=1f", base) == f"{base}/viewjob?jk=1f"
    assert routed(URL, base) == URL
    assert routed("https://www.linkedin.com/jobs/view/12", None) == "https://www.linkedin.com/jobs/view/12"


class _Pages:
    """A fetcher that answers from a dict and records how many requests were in flight at once."""

    def __init__(self, answers: dict[str, Fetched | ScrapeError]) -> None:
        self.answers = answers
        self.in_flight = 0
        self.peak = 0
        self.asked: list[str] = []

    async def get(self, url: str) -> Fetched:
        self.asked.append(url)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        self.in_flight -= 1
        answer = self.answers[url]
        if isinstance(answer, ScrapeError):
            raise answer
        return answer


def test_check_jobs_keeps_the_targets_order_and_its_concurrency() -> None:
    urls = [f"https://jobs.example.test/acme/jobs/{n}" for n in range(9)]
    answers: dict[str, Fetched | ScrapeError] = {
        u: status_error(u, 404, None) if n % 3 == 0 else _page("<p>Apply</p>", url=u)
        for n, u in enumerate(urls)
    }
    pages = _Pages(answers)
    seen = []
    targets = [CheckTarget(job_id=n, url=u) for n, u in enumerate(urls)]
    results = asyncio.run(check_jobs(pages, targets, concurrency=2, on_result=seen.append))
    assert [r.job_id for r in results] == list(range(9))
    assert [r.verdict for r in results] == ["closed", "open", "open"] * 3
    assert pages.peak == 2 and len(seen) == 9
