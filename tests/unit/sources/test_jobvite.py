"""Jobvite: a pasted careers or feed URL finds the XML feed (the careers page names its id), and
each job becomes a clean posting — offices joined, unicode intact, scripts gone."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from jobscraper.errors import ParseError, SourceUnavailable
from jobscraper.posting import Posting
from jobscraper.sources.ats import detect_ats, resolve_board
from jobscraper.sources.ats.base import AtsBoard, ParsedBoard
from jobscraper.sources.ats.jobvite import ADAPTER, company_eid, parse_jobs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ats"
FEED = "https://app.jobvite.com/CompanyJobs/Xml.aspx?c=qT7kVfw9"
PAGE = "https://jobs.jobvite.com/tylerworks?fr=true&nl=1"


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
        raise AssertionError("Jobvite's feed is XML")

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        raise AssertionError("Jobvite's feed is read with GET")


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _board(url: str) -> AtsBoard:
    board = detect_ats(url)
    assert board is not None and board.kind == "jobvite", url
    return board


def _by_id(parsed: ParsedBoard) -> dict[str, Posting]:
    return {p.id or "": p for p in parsed.postings}


@pytest.mark.parametrize(
    ("url", "token", "api"),
    [
        ("https://jobs.jobvite.com/tylerworks", "tylerworks", PAGE),
        (
            "jobs.jobvite.com/TylerWorks/jobs?nl=0",
            "tylerworks",
            "https://jobs.jobvite.com/TylerWorks?fr=true&nl=1",
        ),
        ("https://jobs.jobvite.com/tylerworks/job/oQx8Vfw1/apply", "tylerworks", PAGE),
        ("http://jobs.jobvite.com/careers/tylerworks/job/oQx8Vfw1?__jvst=Career%20Site", "tylerworks", PAGE),
        (FEED, "qT7kVfw9", FEED),
        ("http://www.jobvite.com/CompanyJobs/Xml.aspx?c=qT7kVfw9", "qT7kVfw9", FEED),
        (
            "http://feed.jobvite.com/CompanyJobs/Xml.aspx?c=qT7kVfw9&cs=9QCaVfwh",
            "qT7kVfw9",
            FEED + "&cs=9QCaVfwh",
        ),
    ],
)
def test_careers_job_and_feed_urls_are_detected(url: str, token: str, api: str) -> None:
    board = _board(url)
    assert (board.token, board.api_url) == (token, api)
    assert resolve_board(url, "jobvite") == board


@pytest.mark.parametrize(
    "url",
    [
        "https://www.jobvite.com/",
        "https://jobs.jobvite.com/",
        "https://jobs.jobvite.com/api/v2/jobs",
        "https://app.jobvite.com/CompanyJobs/Xml.aspx",  # no company id
        "https://app.jobvite.com/login",
    ],
)
def test_jobvites_own_pages_are_not_a_board(url: str) -> None:
    assert detect_ats(url) is None


def test_a_mirror_takes_only_the_feed_url() -> None:
    board = resolve_board("http://127.0.0.1:9/jobvite/CompanyJobs/Xml.aspx?c=harbor", "jobvite")
    assert board is not None and (board.token, board.api_url) == (
        "harbor",
        "http://127.0.0.1:9/jobvite/CompanyJobs/Xml.aspx?c=harbor",
    )
    with pytest.raises(ValueError, match="not a Jobvite feed"):
        resolve_board("http://127.0.0.1:9/careers", "jobvite")


def test_jobs_become_postings_with_every_field_the_feed_has() -> None:
    parsed = parse_jobs(_board(FEED), _text("jobvite_feed.xml"), company="Tyler Works")
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["jv-oQx8Vfw1", "jv-oRy9Vfw2", "jv-oSz1Vfw3"]
    assert parsed.skipped == ["jv-oTa2Vfw4: missing title"]

    platform = jobs["jv-oQx8Vfw1"]
    assert (platform.site, platform.company) == ("jobvite", "Tyler Works")
    assert platform.job_url == "https://jobs.jobvite.com/tylerworks/job/oQx8Vfw1"
    assert platform.title == "Senior Platform Engineer – Kubernetes"
    assert platform.location == "Austin, TX; Remote - US"  # every office
    assert platform.is_remote is True
    assert (platform.job_type, platform.job_function) == ("fulltime", "Engineering")
    assert platform.date_posted == date(2026, 11, 3)  # M/D/YYYY
    text = platform.description or ""
    assert "**About the role**" in text and "keep them boring — in Zürich or remote" in text
    assert "- Terraform" in text
    for unsafe in ("script", "evil.example", "iframe", "document.cookie"):
        assert unsafe not in text


def test_missing_parts_fall_back_or_stay_empty() -> None:
    jobs = _by_id(parse_jobs(_board(FEED), _text("jobvite_feed.xml"), company="Tyler Works"))
    intern, sales = jobs["jv-oRy9Vfw2"], jobs["jv-oSz1Vfw3"]
    assert intern.job_url.endswith("/oRy9Vfw2/apply")  # no detail-url: the apply URL
    assert intern.description == "Daten auswerten & Berichte schreiben."  # the brief description
    assert (intern.job_type, intern.is_remote) == ("internship", None)
    assert (sales.location, sales.date_posted, sales.description) == (None, None, None)  # 31/12: not M/D


def test_an_independently_written_feed_with_escaped_html_and_a_byte_order_mark() -> None:
    parsed = parse_jobs(_board(FEED), _text("jobvite_feed_b.xml"), company="Harbor")
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["jv-fcOwxed", "jv-fcOwxee"] and parsed.skipped == []
    manager, lead = jobs["jv-fcOwxed"], jobs["jv-fcOwxee"]
    assert manager.job_url == "https://careers.harbor.example/jobs/fcOwxed?src=jv&lang=sv"
    assert (manager.location, manager.job_type) == ("Göteborg, Sweden", "parttime")
    assert manager.description == "Kunder först – alltid.\n\nSvenska & engelska."
    assert (lead.is_remote, lead.job_type, lead.job_function) == (True, None, None)


def test_the_careers_page_names_the_feed_it_is_read_from() -> None:
    client = FakeClient({PAGE: _text("jobvite_careers.html"), FEED: _text("jobvite_feed.xml")})
    parsed = asyncio.run(ADAPTER.scrape(_board("https://jobs.jobvite.com/tylerworks"), client, company=None))
    assert client.asked == [PAGE, FEED] and parsed.requests == 2
    assert len(parsed.postings) == 3
    assert {p.company for p in parsed.postings} == {"Tylerworks"}  # the board's name, not the feed id
    assert company_eid("<script>x = {companyEId:'abc'}</script>") is None  # too short to be one


def test_a_careers_page_without_an_id_and_an_html_answer_are_one_line_errors() -> None:
    page_only = FakeClient({PAGE: "<html><body>Careers</body></html>"})
    with pytest.raises(ParseError, match="no companyEId") as caught:
        asyncio.run(ADAPTER.scrape(_board("https://jobs.jobvite.com/tylerworks"), page_only, company=None))
    assert "\n" not in str(caught.value)
    with pytest.raises(ParseError, match="HTML page"):
        parse_jobs(_board(FEED), "<!DOCTYPE html><html><body>Sign in</body></html>")
    with pytest.raises(ParseError, match="expected a <result>"):
        parse_jobs(_board(FEED), "<rss><channel/></rss>")


def test_the_no_jobs_page_is_an_empty_board() -> None:
    empty = parse_jobs(_board(FEED), "<html><body><p>There are no open jobs at this time.</p></body></html>")
    assert (empty.postings, empty.skipped) == ([], [])
    assert parse_jobs(_board(FEED), "<result></result>").postings == []
