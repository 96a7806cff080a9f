"""Teamtailor: a pasted careers URL finds the public RSS feed, and each item becomes a posting."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jobscraper.errors import ParseError, SourceUnavailable
from jobscraper.posting import Posting
from jobscraper.sources.ats.base import AtsBoard, ParsedBoard
from jobscraper.sources.ats.teamtailor import ADAPTER, parse_items

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ats"
FEED = "https://fjordlys.teamtailor.com/jobs.rss"


class FakeClient:
    """An AtsClient answering text from a dict of URL → body; any other URL is a 404."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def get_text(self, url: str) -> str:
        self.asked.append(url)
        if url not in self.answers:
            raise SourceUnavailable(url, "HTTP 404")
        return self.answers[url]

    async def get_json(self, url: str) -> object:
        raise AssertionError("Teamtailor's public feed is RSS")

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        raise AssertionError("Teamtailor's feed is read with GET")


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _board(url: str) -> AtsBoard:
    parts = urlsplit(url if "://" in url else "https://" + url)
    board = ADAPTER.detect((parts.hostname or "").removeprefix("www."), parts.path, parts.query)
    assert board is not None, url
    return board


def _by_id(parsed: ParsedBoard) -> dict[str, Posting]:
    return {p.id or "": p for p in parsed.postings}


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("https://fjordlys.teamtailor.com/", FEED),
        ("fjordlys.teamtailor.com/jobs", FEED),
        ("https://fjordlys.teamtailor.com/jobs/8118064-backend-engineer", FEED),
        ("https://fjordlys.teamtailor.com/jobs.rss", FEED),
        ("https://fjordlys.na.teamtailor.com/jobs", "https://fjordlys.na.teamtailor.com/jobs.rss"),
    ],
)
def test_careers_job_and_feed_urls_find_the_feed(url: str, feed: str) -> None:
    board = _board(url)
    assert (board.kind, board.token, board.api_url) == ("teamtailor", "fjordlys", feed)


@pytest.mark.parametrize(
    "host", ["teamtailor.com", "www.teamtailor.com", "app.teamtailor.com", "na.teamtailor.com"]
)
def test_teamtailors_own_hosts_are_not_a_board(host: str) -> None:
    assert ADAPTER.detect(host, "/", "") is None


def test_a_custom_domain_is_read_at_its_feed_only_when_asked() -> None:
    custom = ADAPTER.endpoint(
        "https://jobs.aalborglabs.example/jobs/5550001-mobile-developer",
        ["jobs", "5550001-mobile-developer"],
        "jobs.aalborglabs.example",
    )
    assert (custom.token, custom.api_url) == ("aalborglabs", "https://jobs.aalborglabs.example/jobs.rss")
    mirror_url = "http://127.0.0.1:8123/teamtailor/fjordlys/jobs.rss"
    mirror = ADAPTER.endpoint(mirror_url, ["teamtailor", "fjordlys", "jobs.rss"], "127.0.0.1")
    assert (mirror.token, mirror.api_url) == ("fjordlys", mirror_url)


def test_items_become_postings_with_every_field_the_feed_has() -> None:
    parsed = parse_items(_board(FEED), _text("teamtailor_jobs.rss"))
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["tt-8118064", "tt-8120001", "tt-8120002"]
    assert parsed.skipped == ["tt-9a1b2c3d-0000-4000-8000-000000000003: missing link"]

    backend = jobs["tt-8118064"]
    assert backend.site == "teamtailor"
    assert backend.job_url == "https://fjordlys.teamtailor.com/jobs/8118064-backend-engineer"
    assert backend.company == "Fjordlys"
    assert backend.location == "Malmö, Sweden; Göteborg, Sweden"
    assert (backend.is_remote, backend.work_from_home_type) == (False, "hybrid")
    assert backend.job_function == "Engineering"
    assert backend.date_posted == date(2026, 11, 20)
    text = backend.description or ""
    assert "Build our energy platform" in text and "Malmö or Göteborg, your call." in text
    assert "script" not in text and "alert" not in text

    success, electrician = jobs["tt-8120001"], jobs["tt-8120002"]
    assert (success.location, success.is_remote, success.work_from_home_type) == (
        "Remote, Sweden",
        True,
        "remote",
    )
    assert success.title == "Customer Success Manager – Nordics"
    assert "javascript" not in (success.description or "") and "## About the role" in (
        success.description or ""
    )
    assert (electrician.location, electrician.is_remote, electrician.work_from_home_type) == (
        "Oslo, Norway",
        False,
        "onsite",
    )
    assert electrician.job_function == "Field"  # no department: the role
    assert all(p.min_amount is None for p in parsed.postings)  # the feed carries no salary


def test_an_independently_written_feed_with_another_prefix_and_bare_locations() -> None:
    board = ADAPTER.endpoint("https://jobs.aalborglabs.example/", [], "jobs.aalborglabs.example")
    parsed = parse_items(board, _text("teamtailor_jobs_b.rss"), company="Ålborg Labs")
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["tt-5550001", "tt-5550002"] and parsed.skipped == []
    mobile, office = jobs["tt-5550001"], jobs["tt-5550002"]
    assert mobile.company == "Ålborg Labs"
    assert (mobile.location, mobile.job_function) == ("Stockholm; Remote", "Product")
    # "temporary" remote says nothing lasting: only the listed "Remote" place counts
    assert (mobile.is_remote, mobile.work_from_home_type) == (True, None)
    assert mobile.date_posted == date(2026, 12, 2) and mobile.description == "Kotlin & Swift."
    assert (office.location, office.is_remote, office.work_from_home_type) == ("Aalborg", False, "onsite")
    assert office.date_posted is None and office.description is None


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            "<feed xmlns='http://www.w3.org/2005/Atom'><entry/></feed>",
            r"expected an RSS feed \(<rss><channel>\), got <feed>",
        ),
        ("<rss version='2.0'/>", "expected an RSS feed"),
        ("<!DOCTYPE rss [<!ENTITY a 'b'>]><rss><channel/></rss>", "declares a DTD"),
        ("<html><head><title>Jobs</title></head></html>", "got <html>"),
        ("<!DOCTYPE html>\n<html lang='sv'><body>", "got an HTML page"),
    ],
)
def test_a_document_that_is_not_an_rss_feed_is_one_parse_error(body: str, said: str) -> None:
    with pytest.raises(ParseError, match=said) as caught:
        parse_items(_board(FEED), body)
    assert FEED in str(caught.value)


def test_scrape_is_one_request_and_a_missing_feed_is_the_clients_error() -> None:
    client = FakeClient({FEED: _text("teamtailor_jobs.rss")})
    parsed = asyncio.run(ADAPTER.scrape(_board(FEED), client, company=None))
    assert client.asked == [FEED] and len(parsed.postings) == 3
    with pytest.raises(SourceUnavailable):
        asyncio.run(ADAPTER.scrape(_board("gone.teamtailor.com"), FakeClient({}), company=None))
    assert not ADAPTER.sniff({"jobs": []})
