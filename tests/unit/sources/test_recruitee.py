"""Recruitee: a pasted careers URL finds the offers API, and its JSON becomes clean postings."""

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
from jobscraper.sources.ats.base import AtsBoard, ParsedBoard
from jobscraper.sources.ats.recruitee import ADAPTER, parse_offers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ats"
API = "https://kanalwerk.recruitee.com/api/offers/"


class FakeClient:
    """An AtsClient answering from a dict of URL → decoded JSON; any other URL is a 404."""

    def __init__(self, answers: Mapping[str, object]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def get_json(self, url: str) -> object:
        self.asked.append(url)
        if url not in self.answers:
            raise SourceUnavailable(url, "HTTP 404")
        return self.answers[url]

    async def get_text(self, url: str) -> str:
        return json.dumps(await self.get_json(url))

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        raise AssertionError("Recruitee's API is read with GET")


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _board(url: str) -> AtsBoard:
    parts = urlsplit(url if "://" in url else "https://" + url)
    board = ADAPTER.detect((parts.hostname or "").removeprefix("www."), parts.path, parts.query)
    assert board is not None, url
    return board


def _by_id(parsed: ParsedBoard) -> dict[str, Posting]:
    return {p.id or "": p for p in parsed.postings}


@pytest.mark.parametrize(
    "url",
    [
        "https://kanalwerk.recruitee.com/",
        "kanalwerk.recruitee.com",
        "https://kanalwerk.recruitee.com/o/senior-backend-engineer-m-w-d",
        "https://KANALWERK.recruitee.com/api/offers/",
        "https://kanalwerk.recruitee.com/o/senior-backend-engineer-m-w-d/c/new?source=linkedin",
    ],
)
def test_careers_job_and_api_urls_find_the_offers_api(url: str) -> None:
    board = _board(url)
    assert (board.kind, board.token, board.api_url) == ("recruitee", "kanalwerk", API)
    assert board.board_url == "https://kanalwerk.recruitee.com/"


@pytest.mark.parametrize(
    "host",
    ["recruitee.com", "www.recruitee.com", "app.recruitee.com", "api.recruitee.com", "evil-recruitee.com"],
)
def test_recruitees_own_hosts_are_not_a_board(host: str) -> None:
    assert ADAPTER.detect(host, "/", "") is None


def test_a_custom_domain_or_mirror_is_read_at_its_api_path_or_as_given() -> None:
    custom = ADAPTER.endpoint(
        "https://careers.lumen.example/o/data-analyst", ["o", "data-analyst"], "careers.lumen.example"
    )
    assert custom.api_url == "https://careers.lumen.example/api/offers/"
    assert custom.board_url == "https://careers.lumen.example/"
    mirror_url = "http://127.0.0.1:8123/recruitee/kanalwerk/api/offers/"
    mirror = ADAPTER.endpoint(mirror_url, ["recruitee", "kanalwerk", "api", "offers"], "127.0.0.1")
    assert (mirror.token, mirror.api_url, mirror.board_url) == (
        "kanalwerk",
        mirror_url,
        "http://127.0.0.1:8123/recruitee/kanalwerk/",
    )
    saved = ADAPTER.endpoint("http://127.0.0.1:8123/saved/offers.json", ["saved", "offers.json"], "127.0.0.1")
    assert (saved.api_url, saved.board_url) == (
        "http://127.0.0.1:8123/saved/offers.json",
        "http://127.0.0.1:8123/saved/",
    )


def test_offers_become_postings_with_every_field_the_api_has() -> None:
    parsed = parse_offers(_board(API), _load("recruitee_offers.json"))
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["rc-2620732", "rc-2620733", "rc-2620734", "rc-2620735"]
    assert parsed.skipped == ["rc-2620736: missing title"]

    senior = jobs["rc-2620732"]
    assert senior.site == "recruitee"
    assert senior.job_url == "https://kanalwerk.recruitee.com/o/senior-backend-engineer-m-w-d"
    assert senior.job_url_direct == "https://kanalwerk.recruitee.com/o/senior-backend-engineer-m-w-d/c/new"
    assert senior.company == "Kanalwerk B.V."
    assert senior.location == "Berlin, Berlin, Germany; München, Bayern, Germany; Remote (EU)"
    assert (senior.is_remote, senior.work_from_home_type) == (True, "remote")
    assert (senior.job_type, senior.job_level, senior.job_function) == (
        "fulltime",
        "experienced",
        "Engineering",
    )
    assert senior.date_posted == date(2026, 11, 20)
    assert (senior.min_amount, senior.max_amount, senior.currency, senior.interval) == (
        65000.0,
        82000.0,
        "EUR",
        "yearly",
    )
    text = senior.description or ""
    assert "Europe’s cargo bikes — straße by straße" in text and "Deutsch oder Englisch" in text
    assert "Requirements" in text
    for unsafe in ("script", "evil.example", "onclick", "onerror", "alert"):
        assert unsafe not in text


def test_hourly_pay_hybrid_work_and_fallbacks() -> None:
    jobs = _by_id(parse_offers(_board(API), _load("recruitee_offers.json"), company="Kanalwerk"))
    student = jobs["rc-2620733"]
    assert student.company == "Kanalwerk"  # the configured name wins
    assert student.location == "Amsterdam, North Holland, Netherlands"  # no locations[]: the summary
    assert (student.is_remote, student.work_from_home_type, student.job_type) == (False, "hybrid", "parttime")
    assert (student.min_amount, student.max_amount, student.interval) == (18.5, 21.0, "hourly")

    zurich = jobs["rc-2620734"]
    assert zurich.title == "Ingénieur·e logiciel – Zürich"
    assert zurich.location == "Suisse, Zürich"
    assert (zurich.is_remote, zurich.work_from_home_type) == (False, "onsite")
    assert zurich.date_posted == date(2026, 10, 30)  # no published_at: created_at
    assert zurich.min_amount is None and zurich.max_amount is None  # a currency alone is no salary

    freelance = jobs["rc-2620735"]
    assert freelance.job_type == "contract"
    # a one-time fee has no interval: the amounts are kept, no interval is invented
    assert (freelance.min_amount, freelance.interval) == (400.0, None)


def test_an_independently_written_payload_with_odd_types() -> None:
    board = ADAPTER.endpoint("https://careers.lumen.example/", [], "careers.lumen.example")
    parsed = parse_offers(board, _load("recruitee_offers_b.json"))
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["rc-77", "rc-78"]
    assert parsed.skipped == ["entry 2: not a JSON object (str)", "rc-79: status closed"]
    analyst, designer = jobs["rc-77"], jobs["rc-78"]
    assert (analyst.location, analyst.job_type, analyst.job_function) == (
        "Lisboa, Portugal",
        "internship",
        "Data",
    )
    assert (analyst.min_amount, analyst.max_amount, analyst.interval) == (1200.0, 1400.0, "monthly")
    assert analyst.company == "Lumen"  # no name anywhere: the one in the careers host
    assert designer.job_url == "https://careers.lumen.example/o/designer"  # built from the slug
    assert designer.location == "Porto, Portugal"
    assert designer.description == "Plain text\nwith a line break"
    assert designer.min_amount is None


@pytest.mark.parametrize(
    ("payload", "said"),
    [
        ({"error": "Company not found"}, "Company not found"),
        ([{"id": 1}], "expected an object"),
        ({"offers": "none"}, "expected an object"),
    ],
)
def test_a_payload_of_another_shape_is_a_parse_error_naming_the_url(payload: object, said: str) -> None:
    with pytest.raises(ParseError, match=said) as caught:
        parse_offers(_board(API), payload)
    assert API in str(caught.value)


def test_scrape_is_one_request_and_a_missing_board_is_the_clients_error() -> None:
    client = FakeClient({API: _load("recruitee_offers.json")})
    parsed = asyncio.run(ADAPTER.scrape(_board(API), client, company=None))
    assert client.asked == [API] and len(parsed.postings) == 4
    with pytest.raises(SourceUnavailable):
        asyncio.run(ADAPTER.scrape(_board("https://gone.recruitee.com/"), FakeClient({}), company=None))


def test_sniff_knows_an_offers_answer() -> None:
    assert ADAPTER.sniff(_load("recruitee_offers.json"))
    assert not ADAPTER.sniff({"offers": []})
    assert not ADAPTER.sniff({"jobs": [{"absolute_url": "https://x", "title": "t"}]})
    assert not ADAPTER.sniff([{"careers_url": "https://x", "title": "t"}])
