"""SmartRecruiters: a pasted careers URL finds the company, and its paged API becomes clean postings.

The API answers come from tests/fixtures/ats/smartrecruiters_board.json (shaped like the public
Posting API's answers) through a fake client that serves them the way SmartRecruiters does: pages
by ``offset`` with ``totalFound``, fewer per page than asked for (the server clamps ``limit``), a
GET per posting's details, 404 for a posting without details.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from jobscraper.errors import ParseError, RateLimited, SourceUnavailable
from jobscraper.posting import Posting
from jobscraper.sources.ats.base import AtsBoard, ParsedBoard, where
from jobscraper.sources.ats.smartrecruiters import ADAPTER, detail_url, page_url

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ats" / "smartrecruiters_board.json"
API = "https://api.smartrecruiters.com/v1/companies/{}/postings"


def not_found(url: str) -> SourceUnavailable:
    error = SourceUnavailable(url, "HTTP 404")
    error.status = 404  # type: ignore[attr-defined]  # the client's distinguishable 404
    return error


class FakeSmartRecruiters:
    """The Posting API as the adapter sees it through an AtsClient."""

    def __init__(self, board: dict[str, Any], *, fail: Mapping[str, Exception] | None = None) -> None:
        self.pages: dict[str, Any] = board["pages"]
        self.details: dict[str, Any] = board["details"]
        self.fail = dict(fail or {})
        self.gets: list[str] = []

    async def get_text(self, url: str) -> str:
        raise AssertionError(f"unexpected text request {url}")

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        raise AssertionError(f"unexpected POST {url}")

    async def get_json(self, url: str) -> object:
        self.gets.append(url)
        if url in self.fail:
            raise self.fail[url]
        parts = urlsplit(url)
        if parts.path.endswith("/postings"):
            offset = parse_qs(parts.query)["offset"][0]
            assert parse_qs(parts.query)["limit"] == ["100"]
            return self.pages.get(offset, {"offset": int(offset), "limit": 2, "totalFound": 4, "content": []})
        posting_id = parts.path.rsplit("/", 1)[-1]
        if posting_id not in self.details:
            raise not_found(url)
        return self.details[posting_id]


def _fixture() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _detect(url: str) -> AtsBoard | None:
    found = where(url)
    assert found is not None, url
    return ADAPTER.detect(*found)


BOARD = _detect("https://jobs.smartrecruiters.com/AcmeGroup2")
assert BOARD is not None


def _scrape(client: FakeSmartRecruiters, board: AtsBoard = BOARD, company: str | None = None) -> ParsedBoard:
    return asyncio.run(ADAPTER.scrape(board, client, company=company))


def _by_id(parsed: ParsedBoard) -> dict[str, Posting]:
    return {p.id or "": p for p in parsed.postings}


# --- detection -------------------------------------------------------------------------------

DETECTED = [
    ("https://jobs.smartrecruiters.com/AcmeGroup2", "AcmeGroup2"),
    ("https://jobs.smartrecruiters.com/AcmeGroup2/", "AcmeGroup2"),
    ("jobs.smartrecruiters.com/AcmeGroup2/744000012345678-backend-engineer-java-payments", "AcmeGroup2"),
    ("https://careers.smartrecruiters.com/AcmeGroup2", "AcmeGroup2"),
    ("https://careers.smartrecruiters.com/AcmeGroup2/engineering?search=java", "AcmeGroup2"),
    ("https://api.smartrecruiters.com/v1/companies/AcmeGroup2/postings", "AcmeGroup2"),
    ("https://api.smartrecruiters.com/v1/companies/AcmeGroup2/postings?limit=100&offset=200", "AcmeGroup2"),
    ("https://api.smartrecruiters.com/v1/companies/AcmeGroup2/postings/744000012345678", "AcmeGroup2"),
    ("https://jobs.smartrecruiters.com/Bosch%20Group", None),  # a space is no identifier
]


@pytest.mark.parametrize(("url", "company"), DETECTED)
def test_careers_job_and_api_urls_find_the_company(url: str, company: str | None) -> None:
    board = _detect(url)
    if company is None:
        assert board is None
        return
    assert board is not None
    assert (board.kind, board.token) == ("smartrecruiters", company)  # case kept: identifiers are
    assert board.api_url == API.format(company)
    assert board.board_url == f"https://jobs.smartrecruiters.com/{company}"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.smartrecruiters.com/",  # the vendor's own site
        "https://www.smartrecruiters.com/customers/",
        "https://jobs.smartrecruiters.com/",
        "https://jobs.smartrecruiters.com/sr-jobs/search?keyword=java",  # the vendor's job search
        "https://api.smartrecruiters.com/v1/",
        "https://jobs.smartrecruiters.com.evil.example/AcmeGroup2",
        "https://jobs.lever.co/acme",
    ],
)
def test_urls_that_are_no_company(url: str) -> None:
    assert _detect(url) is None


def test_explicit_kind_on_a_mirror_requests_the_url_as_given() -> None:
    url = "http://127.0.0.1:8123/smartrecruiters/v1/companies/AcmeGroup2/postings"
    board = ADAPTER.endpoint(url, [s for s in url.split("/")[3:] if s], "127.0.0.1")
    assert (board.token, board.api_url) == ("AcmeGroup2", url)
    assert page_url(board, 200) == url + "?limit=100&offset=200"
    assert detail_url(board, "744") == url + "/744"


def test_a_listing_url_with_its_own_query_keeps_it_and_pages_by_ours() -> None:
    board = ADAPTER.endpoint(API.format("Acme") + "?limit=5&offset=40&country=de", [], "h")
    assert page_url(board, 100) == API.format("Acme") + "?country=de&limit=100&offset=100"
    assert detail_url(board, "7") == API.format("Acme") + "/7"


def test_sniff_tells_a_smartrecruiters_listing_apart() -> None:
    assert ADAPTER.sniff(_fixture()["pages"]["0"])
    assert ADAPTER.sniff({"offset": 0, "limit": 100, "totalFound": 0, "content": []})  # an idle company
    assert not ADAPTER.sniff({"content": [{"id": "1", "name": "x"}]})
    assert not ADAPTER.sniff({"results": [{"shortcode": "x", "title": "y"}]})


# --- scraping --------------------------------------------------------------------------------


def test_every_page_is_read_by_what_the_server_served() -> None:
    client = FakeSmartRecruiters(_fixture())
    parsed = _scrape(client)
    pages = [u for u in client.gets if urlsplit(u).path.endswith("/postings")]
    # 2 a page although 100 were asked for: the second page starts at 2, and at 4 all are read
    assert pages == [
        API.format("AcmeGroup2") + "?limit=100&offset=0",
        API.format("AcmeGroup2") + "?limit=100&offset=2",
    ]
    assert parsed.requests == 2 + 4
    assert sorted(_by_id(parsed)) == ["sr-744000012345678", "sr-744000012345679", "sr-744000012345680"]


def test_a_posting_with_its_details() -> None:
    job = _by_id(_scrape(FakeSmartRecruiters(_fixture())))["sr-744000012345678"]
    assert job.site == "smartrecruiters"
    assert job.title == "Backend Engineer (Java) – Payments"
    assert (
        job.job_url
        == "https://jobs.smartrecruiters.com/AcmeGroup2/744000012345678-backend-engineer-java-payments"
    )
    assert job.job_url_direct == job.job_url + "?oga=true"
    assert job.company == "Acme Group"  # the name the board publishes
    assert job.location == "Kraków, Lesser Poland Voivodeship, Poland"
    assert (job.is_remote, job.work_from_home_type) == (False, "hybrid")
    assert job.job_type == "fulltime"
    assert job.job_level == "Mid-Senior Level"
    assert job.job_function == "Engineering"
    assert job.date_posted == date(2026, 10, 14)
    assert (job.min_amount, job.max_amount, job.currency, job.interval) == (18000, 26000, "PLN", "monthly")
    text = job.description or ""
    assert "### Company Description" in text and "30 million people" in text
    assert "Java 21 & Spring" in text and "łącznie 12 osób" in text
    assert "### Qualifications" in text and "Kafka or RabbitMQ" in text
    assert "two days a week" in text
    assert "sr-careersite" not in text and "<script" not in text


def test_empty_sections_leave_no_headings() -> None:
    job = _by_id(_scrape(FakeSmartRecruiters(_fixture())))["sr-744000012345680"]
    assert job.description is not None and "Company Description" not in job.description
    assert (job.location, job.is_remote, job.work_from_home_type) == ("Berlin, DE", True, "remote")
    assert job.job_type == "contract"
    assert job.min_amount is None  # no compensation published: none invented


def test_a_listing_kept_when_its_details_are_gone() -> None:
    parsed = _scrape(FakeSmartRecruiters(_fixture()))
    job = _by_id(parsed)["sr-744000012345679"]  # its details answer 404
    assert job.title == "Stagiaire Marketing Digital (H/F)"
    assert (
        job.job_url == "https://jobs.smartrecruiters.com/AcmeGroup2/744000012345679"
    )  # built, as the site does
    assert job.description is None and job.job_url_direct is None
    assert job.location == "Lyon, Auvergne-Rhône-Alpes, France"
    assert (job.is_remote, job.work_from_home_type) == (False, None)  # "hybrid" not said: unknown
    assert job.job_type == "internship"
    assert job.job_function == "Marketing"  # an empty department: the function instead
    notes = [n for n in parsed.skipped if n.startswith("sr-744000012345679")]
    assert len(notes) == 1 and "404" in notes[0]


def test_a_rate_limited_details_call_keeps_the_listing() -> None:
    url = detail_url(BOARD, "744000012345678")
    client = FakeSmartRecruiters(_fixture(), fail={url: RateLimited(url, "HTTP 429", retry_after=30)})
    parsed = _scrape(client)
    job = _by_id(parsed)["sr-744000012345678"]
    assert job.description is None and job.company == "Acme Group"
    assert any(n.startswith("sr-744000012345678") and "429" in n for n in parsed.skipped)


def test_an_entry_without_a_name_is_skipped_with_a_reason() -> None:
    assert "sr-744000012345681: missing name" in _scrape(FakeSmartRecruiters(_fixture())).skipped


def test_a_company_that_lists_nothing() -> None:
    client = FakeSmartRecruiters(
        {"pages": {"0": {"offset": 0, "limit": 100, "totalFound": 0, "content": []}}, "details": {}}
    )
    parsed = _scrape(client)
    assert (parsed.postings, parsed.skipped, len(client.gets)) == ([], [], 1)


def test_an_error_object_is_a_parse_error_naming_the_page() -> None:
    client = FakeSmartRecruiters({"pages": {"0": {"message": "Company not found"}}, "details": {}})
    with pytest.raises(ParseError, match="Company not found") as caught:
        _scrape(client)
    assert caught.value.source == API.format("AcmeGroup2") + "?limit=100&offset=0"


def test_without_a_total_a_short_page_is_the_last() -> None:
    pages = {"0": {"content": [{"id": "1", "name": "Engineer"}]}}
    client = FakeSmartRecruiters({"pages": pages, "details": {}})
    parsed = _scrape(client)
    assert [p.title for p in parsed.postings] == ["Engineer"]
    assert sum(1 for u in client.gets if "offset=" in u) == 1


def test_a_listing_that_shifted_between_pages_keeps_each_posting_once() -> None:
    board = _fixture()
    board["pages"]["2"]["content"].append(board["pages"]["0"]["content"][1])
    parsed = _scrape(FakeSmartRecruiters(board))
    assert len(parsed.postings) == 3 and len({p.id for p in parsed.postings}) == 3
