"""The liveness check of an ATS job with a posting endpoint: the endpoint is asked instead of the
page (a JavaScript shell that answers 200 for a closed job too), and only its status counts."""

from __future__ import annotations

import asyncio

import pytest

from jobscraper.errors import ScrapeError
from jobscraper.scraping.fetch import Fetched, status_error
from jobscraper.scraping.liveness import check_jobs, judge_detail
from jobscraper.store.liveness import CheckResult, CheckTarget

PAGE = "https://apply.workable.com/acme/j/AB12CD/"
API = "https://apply.workable.com/api/v2/accounts/acme/jobs/AB12CD"
SHELL = "<html><body><div id='root'></div><script src='/app.js'></script></body></html>"


def _json(text: str = '{"shortcode": "AB12CD"}', status: int = 200) -> Fetched:
    return Fetched(url=API, status=status, content_type="application/json", text=text)


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_posting_endpoint_is_a_failed_check_that_says_so(status: int) -> None:
    result = judge_detail(3, API, status_error(API, status, None))
    assert (result.verdict, result.reason) == ("closed", f"HTTP {status} from the API")


def test_a_json_answer_is_open_whatever_its_text_says() -> None:
    said = judge_detail(3, API, _json('{"description": "<p>This position has been filled?</p>"}'))
    assert (said.verdict, said.reason) == ("open", "HTTP 200 (API)")


@pytest.mark.parametrize(
    "outcome",
    [
        status_error(API, 429, "5"),
        status_error(API, 500, None),
        status_error(API, 403, None),
        ScrapeError(API, "cannot connect"),
        Fetched(url=API, status=200, content_type="text/html", text=SHELL),  # not the API talking
    ],
)
def test_anything_else_from_the_endpoint_says_nothing(outcome: Fetched | ScrapeError) -> None:
    assert judge_detail(3, API, outcome).verdict == "unknown"


class _Answers:
    """A fetcher that answers from a dict and records what was asked."""

    def __init__(self, answers: dict[str, Fetched | ScrapeError]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def get(self, url: str) -> Fetched:
        self.asked.append(url)
        answer = self.answers[url]
        if isinstance(answer, ScrapeError):
            raise answer
        return answer


def _check(
    answers: dict[str, Fetched | ScrapeError], targets: list[CheckTarget]
) -> tuple[list[CheckResult], list[str]]:
    fetcher = _Answers(answers)
    return asyncio.run(check_jobs(fetcher, targets, concurrency=2)), fetcher.asked


def test_the_endpoint_is_asked_instead_of_the_page_and_closes_what_the_shell_would_keep() -> None:
    shell = Fetched(url=PAGE, status=200, content_type="text/html", text=SHELL)
    answers: dict[str, Fetched | ScrapeError] = {PAGE: shell, API: status_error(API, 404, None)}
    page_only, asked = _check(answers, [CheckTarget(job_id=1, url=PAGE)])
    assert page_only[0].verdict == "open" and asked == [PAGE]  # what the page check alone said
    results, asked = _check(answers, [CheckTarget(job_id=1, url=PAGE, detail_url=API)])
    assert (results[0].verdict, results[0].reason) == ("closed", "HTTP 404 from the API")
    assert asked == [API]
    answers[API] = _json()
    results, _ = _check(answers, [CheckTarget(job_id=1, url=PAGE, detail_url=API)])
    assert results[0].verdict == "open"
