"""BambooHR: a pasted careers URL finds the public list, each opening's details complete it, and an
opening whose details are gone is kept from the list."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from jobscraper.errors import ParseError, SourceUnavailable
from jobscraper.posting import Posting
from jobscraper.sources.ats.bamboohr import ADAPTER, parse_openings, salary_from_text
from jobscraper.sources.ats.base import AtsBoard, ParsedBoard

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ats"
SITE = "https://lindonlabs.bamboohr.com/careers"


class FakeClient:
    """An AtsClient answering from a dict of URL → decoded JSON; any other URL is a 404."""

    def __init__(self, answers: Mapping[str, object]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def get_json(self, url: str) -> object:
        self.asked.append(url)
        if url not in self.answers:
            error = SourceUnavailable(url, "HTTP 404")
            error.status = 404  # type: ignore[attr-defined]
            raise error
        return self.answers[url]

    async def get_text(self, url: str) -> str:
        raise AssertionError("BambooHR answers JSON")

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        raise AssertionError("BambooHR is read with GET")


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _board(url: str) -> AtsBoard:
    parts = urlsplit(url if "://" in url else "https://" + url)
    board = ADAPTER.detect((parts.hostname or "").removeprefix("www."), parts.path, parts.query)
    assert board is not None, url
    return board


def _by_id(parsed: ParsedBoard) -> dict[str, Posting]:
    return {p.id or "": p for p in parsed.postings}


def _client() -> FakeClient:
    answers: dict[str, object] = {f"{SITE}/list": _load("bamboohr_list.json")}
    answers |= {f"{SITE}/{i}/detail": d for i, d in _load("bamboohr_details.json").items()}
    return FakeClient(answers)


@pytest.mark.parametrize(
    "url",
    [
        "https://lindonlabs.bamboohr.com/careers",
        "lindonlabs.bamboohr.com",
        "https://lindonlabs.bamboohr.com/careers/101?source=aWQ9MTk%3D",
        "https://lindonlabs.bamboohr.com/careers/list",
        "https://lindonlabs.bamboohr.com/jobs/view.php?id=12",  # the older careers pages
    ],
)
def test_careers_opening_and_list_urls_find_the_list(url: str) -> None:
    board = _board(url)
    assert (board.kind, board.token, board.api_url, board.board_url) == (
        "bamboohr",
        "lindonlabs",
        f"{SITE}/list",
        SITE,
    )


@pytest.mark.parametrize(
    "host", ["bamboohr.com", "www.bamboohr.com", "api.bamboohr.com", "documentation.bamboohr.com"]
)
def test_bamboohrs_own_hosts_are_not_a_board(host: str) -> None:
    assert ADAPTER.detect(host, "/", "") is None


def test_a_mirror_is_read_at_its_careers_list() -> None:
    url = "http://127.0.0.1:8123/bamboohr/lindonlabs/careers/list"
    board = ADAPTER.endpoint(url, ["bamboohr", "lindonlabs", "careers", "list"], "127.0.0.1")
    assert (board.token, board.api_url, board.board_url) == (
        "lindonlabs",
        url,
        "http://127.0.0.1:8123/bamboohr/lindonlabs/careers",
    )


def test_the_list_and_each_openings_details_make_whole_postings() -> None:
    client = _client()
    parsed = asyncio.run(ADAPTER.scrape(_board(SITE), client, company="Lindon Labs"))
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["bh-101", "bh-102", "bh-103", "bh-104"]
    assert parsed.requests == 1 + 5 and len(client.asked) == 6  # the list, then every listed id
    assert parsed.skipped == [
        "bh-105: missing jobOpeningName",
        "bh-103: kept from the listing without a description; its details are gone (HTTP 404)",
    ]

    platform = jobs["bh-101"]
    assert platform.site == "bamboohr" and platform.company == "Lindon Labs"
    assert platform.job_url == "https://lindonlabs.bamboohr.com/careers/101"
    assert platform.location == "Lindon, Utah, United States"  # the details add the country
    assert (platform.is_remote, platform.work_from_home_type) == (False, "onsite")
    assert (platform.job_type, platform.job_function) == ("fulltime", "Engineering")
    assert platform.date_posted == date(2026, 11, 16)
    assert (platform.min_amount, platform.max_amount, platform.currency, platform.interval) == (
        95000.0,
        120000.0,
        "USD",
        "yearly",
    )
    text = platform.description or ""
    assert "Run our Kubernetes fleet & keep it boring." in text and "Terraform" in text
    assert "_paq" not in text and "javascript" not in text

    sales = jobs["bh-102"]
    assert (sales.location, sales.is_remote, sales.work_from_home_type) == (
        "Denver, Colorado, United States",
        True,
        "remote",
    )
    assert "español es un plus" in (sales.description or "") and sales.min_amount is None

    student = jobs["bh-103"]  # kept from the list: no description, no date
    assert (student.title, student.location, student.job_type) == (
        "Werkstudent (m/w/d) Marketing",
        "München, Bayern",
        "parttime",
    )
    assert (student.work_from_home_type, student.description, student.date_posted) == ("hybrid", None, None)

    writer = jobs["bh-104"]
    assert (writer.location, writer.is_remote, writer.job_type) == ("Remote", True, "contract")
    assert writer.min_amount is None  # "Competitive" is no figure


def test_without_a_configured_name_the_company_is_the_tenants() -> None:
    parsed = parse_openings(_board(SITE), _load("bamboohr_list.json"))
    assert {p.company for p in parsed.postings} == {"Lindonlabs"}
    assert all(p.description is None for p in parsed.postings)  # the list alone has no text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$95,000 - $120,000 per year", (95000.0, 120000.0, "USD", "year")),
        ("EUR 45.000–55.000 brutto / Jahr", (45000.0, 55000.0, "EUR", None)),
        ("£30k to £35k annually", (30000.0, 35000.0, "GBP", "annual")),
        ("$18.50 - $22 per hour", (18.5, 22.0, "USD", "hour")),
    ],
)
def test_a_free_text_compensation_with_a_range_and_a_currency_is_read(
    text: str, expected: tuple[object, ...]
) -> None:
    found = salary_from_text(text)
    assert (found["min_amount"], found["max_amount"], found["currency"], found["interval"]) == expected


@pytest.mark.parametrize("text", ["Competitive", "DOE", "80000-90000", "Up to $100k", None, ""])
def test_a_compensation_without_a_range_and_currency_is_no_salary(text: str | None) -> None:
    assert salary_from_text(text) == {}


@pytest.mark.parametrize(
    ("payload", "said"),
    [({"error": "Unauthorized"}, "Unauthorized"), ([], "expected an object"), ("<html>", "expected")],
)
def test_a_list_of_another_shape_is_one_parse_error_naming_the_url(payload: object, said: str) -> None:
    with pytest.raises(ParseError, match=said) as caught:
        asyncio.run(ADAPTER.scrape(_board(SITE), FakeClient({f"{SITE}/list": payload}), company=None))
    assert f"{SITE}/list" in str(caught.value)


def test_an_empty_board_asks_for_no_details_and_sniff_knows_the_list() -> None:
    client = FakeClient({f"{SITE}/list": {"meta": {"totalCount": 0}, "result": []}})
    parsed = asyncio.run(ADAPTER.scrape(_board(SITE), client, company=None))
    assert parsed.postings == [] and client.asked == [f"{SITE}/list"]
    assert ADAPTER.sniff(_load("bamboohr_list.json")) and not ADAPTER.sniff({"result": []})


def test_an_independently_written_board_with_numeric_ids_and_plain_text() -> None:
    site = "http://127.0.0.1:9/northbay/careers"
    answers: dict[str, object] = {f"{site}/list": _load("bamboohr_list_b.json")}
    answers |= {f"{site}/{i}/detail": d for i, d in _load("bamboohr_details_b.json").items()}
    board = ADAPTER.endpoint(f"{site}/list", ["northbay", "careers", "list"], "127.0.0.1")
    parsed = asyncio.run(ADAPTER.scrape(board, FakeClient(answers), company=None))
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["bh-7", "bh-8", "bh-9"]
    assert parsed.skipped == [
        "bh-9: kept from the listing without a description; its details are gone (HTTP 404)"
    ]
    support, stock, intern = jobs["bh-7"], jobs["bh-8"], jobs["bh-9"]
    assert support.company == "Northbay" and support.job_url == f"{site}/7"
    assert (support.location, support.is_remote, support.job_type) == ("Ontario, Canada", True, "fulltime")
    assert (support.min_amount, support.max_amount, support.currency, support.interval) == (
        52000.0,
        58000.0,
        "CAD",
        "yearly",
    )
    assert support.description == "Answer tickets in English and French.\nNo weekends."
    assert (stock.location, stock.is_remote, stock.job_type) == (
        "Graz, Steiermark, Austria",
        False,
        "temporary",
    )
    assert (stock.min_amount, stock.max_amount, stock.currency, stock.interval) == (14.5, 16.0, "EUR", None)
    assert (intern.job_type, intern.work_from_home_type, intern.date_posted) == ("internship", "hybrid", None)
