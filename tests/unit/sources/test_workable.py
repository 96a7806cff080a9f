"""Workable: a pasted careers URL finds the account, and its paged API becomes clean postings.

The API answers come from tests/fixtures/ats/workable_board.json (shaped like the public careers
app's answers) through a fake client that serves them the way Workable does: a POST per listing
page, the next page asked for with the previous answer's ``nextPage`` token, a GET per job's
details, 404 for a job without details.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from jobscraper.errors import ParseError, SourceUnavailable
from jobscraper.posting import Posting
from jobscraper.sources.ats.base import AtsBoard, ParsedBoard, where
from jobscraper.sources.ats.workable import ADAPTER, detail_url, job_url

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ats" / "workable_board.json"
API = "https://apply.workable.com/api/v3/accounts/{}/jobs"


def not_found(url: str) -> SourceUnavailable:
    error = SourceUnavailable(url, "HTTP 404")
    error.status = 404  # type: ignore[attr-defined]  # the client's distinguishable 404
    return error


class FakeWorkable:
    """Workable's API as the adapter sees it through an AtsClient: pages by token, details by code."""

    def __init__(self, board: dict[str, Any], *, fail: Mapping[str, Exception] | None = None) -> None:
        self.pages: list[dict[str, Any]] = board["pages"]
        self.details: dict[str, Any] = board["details"]
        self.fail = dict(fail or {})
        self.posts: list[tuple[str, dict[str, object]]] = []
        self.gets: list[str] = []

    async def get_text(self, url: str) -> str:
        raise AssertionError(f"unexpected text request {url}")

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        self.posts.append((url, dict(body)))
        token = body.get("token")
        if token is None:
            return self.pages[0]
        for number, page in enumerate(self.pages[:-1]):
            if page.get("nextPage") == token:
                return self.pages[number + 1]
        raise AssertionError(f"unknown token {token!r}")

    async def get_json(self, url: str) -> object:
        self.gets.append(url)
        if url in self.fail:
            raise self.fail[url]
        code = url.rstrip("/").rsplit("/", 1)[-1]
        if code not in self.details:
            raise not_found(url)
        return self.details[code]


def _fixture() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _scrape(client: FakeWorkable, board: AtsBoard, company: str | None = None) -> ParsedBoard:
    return asyncio.run(ADAPTER.scrape(board, client, company=company))


def _detect(url: str) -> AtsBoard | None:
    found = where(url)
    assert found is not None, url
    return ADAPTER.detect(*found)


BOARD = _detect("https://apply.workable.com/acme-analytics/")
assert BOARD is not None


def _by_id(parsed: ParsedBoard) -> dict[str, Posting]:
    return {p.id or "": p for p in parsed.postings}


# --- detection -------------------------------------------------------------------------------

DETECTED = [
    ("https://apply.workable.com/acme-analytics/", "acme-analytics"),
    ("https://apply.workable.com/acme-analytics", "acme-analytics"),
    ("apply.workable.com/acme-analytics/j/8F2C1A7B3D/", "acme-analytics"),
    ("https://apply.workable.com/acme-analytics/j/8F2C1A7B3D/apply/?utm_source=x", "acme-analytics"),
    ("https://apply.workable.com/api/v3/accounts/acme-analytics/jobs", "acme-analytics"),
    ("https://apply.workable.com/api/v2/accounts/acme-analytics/jobs/8F2C1A7B3D", "acme-analytics"),
    ("https://apply.workable.com/api/v1/widget/accounts/acme-analytics", "acme-analytics"),
    ("https://acme-analytics.workable.com/", "acme-analytics"),  # the legacy subdomain
    ("https://acme-analytics.workable.com/jobs/123456", "acme-analytics"),
]


@pytest.mark.parametrize(("url", "account"), DETECTED)
def test_careers_job_and_api_urls_find_the_account(url: str, account: str) -> None:
    board = _detect(url)
    assert board is not None
    assert (board.kind, board.token) == ("workable", account)
    assert board.api_url == API.format(account)
    assert board.board_url == f"https://apply.workable.com/{account}/"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.workable.com/",  # the vendor's own site
        "https://www.workable.com/pricing",
        "https://jobs.workable.com/search?query=python",  # Workable's job search, not an account
        "https://apply.workable.com/",
        "https://apply.workable.com/api/v3/",
        "https://help.workable.com/hc/en-us",
        "https://apply.workable.com.evil.example/acme/",
        "https://boards.greenhouse.io/acme",
    ],
)
def test_urls_that_are_no_account(url: str) -> None:
    assert _detect(url) is None


def test_explicit_kind_on_a_mirror_requests_the_url_as_given() -> None:
    url = "http://127.0.0.1:8123/workable/api/v3/accounts/acme-analytics/jobs"
    board = ADAPTER.endpoint(url, [s for s in url.split("/")[3:] if s], "127.0.0.1")
    assert (board.token, board.api_url) == ("acme-analytics", url)
    # a mirror laid out like apply.workable.com keeps its details and job pages beside the listing
    assert (
        detail_url(board, "AB12") == "http://127.0.0.1:8123/workable/api/v2/accounts/acme-analytics/jobs/AB12"
    )
    assert job_url(board, "AB12") == "http://127.0.0.1:8123/workable/acme-analytics/j/AB12/"


def test_a_mirror_laid_out_otherwise_gets_details_under_its_listing_url() -> None:
    board = ADAPTER.endpoint("http://mirror.test/feeds/acme.json", ["feeds", "acme.json"], "mirror.test")
    assert board.token == "acme"
    assert detail_url(board, "AB12") == "http://mirror.test/feeds/acme.json/AB12"
    assert job_url(board, "AB12") == "https://apply.workable.com/acme/j/AB12/"


def test_sniff_tells_a_workable_listing_apart() -> None:
    assert ADAPTER.sniff(_fixture()["pages"][0])
    assert not ADAPTER.sniff({"jobs": [{"title": "x", "absolute_url": "https://x"}]})
    assert not ADAPTER.sniff({"results": []})
    assert not ADAPTER.sniff([{"shortcode": "x", "title": "y"}])


# --- scraping --------------------------------------------------------------------------------


def test_every_page_is_read_with_the_previous_token() -> None:
    client = FakeWorkable(_fixture())
    parsed = _scrape(client, BOARD)
    assert [url for url, _ in client.posts] == [API.format("acme-analytics")] * 2
    first, second = (body for _, body in client.posts)
    assert "token" not in first and first["query"] == "" and first["location"] == []
    assert second["token"] == "WzE3MjcyMjI0MDAwMDAsMzQxODgxM10="
    assert parsed.requests == 2 + 4  # two pages, a detail request per listed shortcode
    assert sorted(_by_id(parsed)) == ["wk-5B9E03D6F1", "wk-8F2C1A7B3D", "wk-C41D7E2A90"]


def test_a_posting_with_its_details() -> None:
    job = _by_id(_scrape(FakeWorkable(_fixture()), BOARD))["wk-8F2C1A7B3D"]
    assert job.site == "workable"
    assert job.title == "Senior Data Engineer"
    assert job.job_url == "https://apply.workable.com/acme-analytics/j/8F2C1A7B3D/"
    assert job.company == "Acme Analytics"  # the account title-cased: the API names no employer
    # several offices; the hidden one is not published
    assert job.location == "Berlin, Germany; München, Bavaria, Germany"
    assert (job.is_remote, job.work_from_home_type) == (False, "hybrid")
    assert job.job_type == "fulltime"
    assert job.job_function == "Data, Engineering"
    assert job.date_posted == date(2026, 10, 2)
    assert job.min_amount is None and job.max_amount is None  # the public API publishes no pay
    text = job.description or ""
    assert "**data platform**" in text and "4,000 Büros" in text and "Kafka, Flink and dbt" in text
    assert "### Requirements" in text and "Grüße aus Berlin" in text
    assert "### Benefits" in text and "€2,000" in text
    assert "dataLayer" not in text and "<script" not in text


def test_remote_and_part_time() -> None:
    job = _by_id(_scrape(FakeWorkable(_fixture()), BOARD))["wk-C41D7E2A90"]
    assert job.title == "Customer Success Manager – DACH"
    assert (job.location, job.is_remote, job.work_from_home_type) == ("Austria", True, "remote")
    assert job.job_type == "parttime"


def test_a_listing_kept_when_its_details_are_gone() -> None:
    parsed = _scrape(FakeWorkable(_fixture()), BOARD)
    job = _by_id(parsed)["wk-C41D7E2A90"]  # its details answer 404
    assert job.description is None
    assert job.date_posted == date(2026, 9, 28)
    notes = [n for n in parsed.skipped if n.startswith("wk-C41D7E2A90")]
    assert len(notes) == 1 and "404" in notes[0] and "kept" in notes[0]


def test_a_details_failure_of_another_kind_keeps_the_listing_too() -> None:
    url = detail_url(BOARD, "8F2C1A7B3D")
    client = FakeWorkable(_fixture(), fail={url: SourceUnavailable(url, "HTTP 502")})
    parsed = _scrape(client, BOARD)
    job = _by_id(parsed)["wk-8F2C1A7B3D"]
    assert job.title == "Senior Data Engineer" and job.description is None
    assert any(n.startswith("wk-8F2C1A7B3D") and "HTTP 502" in n for n in parsed.skipped)


def test_on_site_unicode_and_iframes() -> None:
    job = _by_id(_scrape(FakeWorkable(_fixture()), BOARD))["wk-5B9E03D6F1"]
    assert job.title == "Werkstudent:in Marketing (m/w/d)"
    assert job.location == "Köln, North Rhine-Westphalia, Germany"
    assert (job.is_remote, job.work_from_home_type) == (False, "onsite")
    assert job.job_type == "contract"
    assert job.job_function is None
    assert job.description == "Du unterstützt unser Marketing-Team in Köln, 16–20 Stunden pro Woche."


def test_without_a_publication_date_the_creation_date_is_used() -> None:
    board = _fixture()
    del board["pages"][1]["results"][0]["published"], board["details"]["5B9E03D6F1"]["published"]
    board["pages"][1]["results"][0]["created"] = "2026-10-09"
    job = _by_id(_scrape(FakeWorkable(board), BOARD))["wk-5B9E03D6F1"]
    assert job.date_posted == date(2026, 10, 9)


def test_an_entry_without_a_title_is_skipped_with_a_reason() -> None:
    parsed = _scrape(FakeWorkable(_fixture()), BOARD)
    assert "wk-0E0E0E0E0E: missing title" in parsed.skipped


def test_the_configured_employer_names_every_posting() -> None:
    parsed = _scrape(FakeWorkable(_fixture()), BOARD, company="Acme Analytics GmbH")
    assert {p.company for p in parsed.postings} == {"Acme Analytics GmbH"}


def test_a_repeated_token_ends_the_listing() -> None:
    board = _fixture()
    board["pages"][1]["nextPage"] = board["pages"][0]["nextPage"]  # a server that loops
    client = FakeWorkable(board)
    parsed = _scrape(client, BOARD)
    assert len(client.posts) == 2
    assert len(parsed.postings) == 3


def test_an_error_object_is_a_parse_error_naming_the_api() -> None:
    board = _fixture()
    board["pages"] = [{"error": "Not found", "status": 404}]
    with pytest.raises(ParseError, match="Not found") as caught:
        _scrape(FakeWorkable(board), BOARD)
    assert caught.value.source == API.format("acme-analytics")


def test_an_empty_board_is_no_postings_and_no_details() -> None:
    client = FakeWorkable({"pages": [{"total": 0, "results": []}], "details": {}})
    parsed = _scrape(client, BOARD)
    assert (parsed.postings, parsed.skipped, client.gets) == ([], [], [])
