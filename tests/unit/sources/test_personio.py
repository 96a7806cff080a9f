"""Personio: a pasted careers URL finds the XML feed, and each position becomes a clean posting."""

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
from jobscraper.sources.ats.personio import ADAPTER, parse_positions

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ats"
FEED = "https://bergwerk.jobs.personio.de/xml?language=en"


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
        raise AssertionError("Personio's feed is XML")

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        raise AssertionError("Personio's feed is read with GET")


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
    ("url", "api", "site"),
    [
        ("https://bergwerk.jobs.personio.de/", FEED, "https://bergwerk.jobs.personio.de"),
        ("bergwerk.jobs.personio.de/job/1718401?display=en", FEED, "https://bergwerk.jobs.personio.de"),
        ("https://bergwerk.jobs.personio.de/xml", FEED, "https://bergwerk.jobs.personio.de"),
        (
            "https://bergwerk.jobs.personio.com/?language=de",
            "https://bergwerk.jobs.personio.com/xml?language=de",
            "https://bergwerk.jobs.personio.com",
        ),
    ],
)
def test_careers_job_and_feed_urls_find_the_feed(url: str, api: str, site: str) -> None:
    board = _board(url)
    assert (board.kind, board.token, board.api_url, board.board_url) == ("personio", "bergwerk", api, site)


@pytest.mark.parametrize(
    "host", ["personio.de", "www.personio.de", "jobs.personio.de", "bergwerk.personio.de"]
)
def test_personios_own_hosts_are_not_a_board(host: str) -> None:
    assert ADAPTER.detect(host, "/", "") is None


def test_a_mirror_is_read_as_given_and_job_urls_are_built_under_it() -> None:
    url = "http://127.0.0.1:8123/personio/bergwerk/xml"
    board = ADAPTER.endpoint(url, ["personio", "bergwerk", "xml"], "127.0.0.1")
    assert (board.token, board.api_url, board.board_url) == (
        "bergwerk",
        url,
        "http://127.0.0.1:8123/personio/bergwerk",
    )
    site = ADAPTER.endpoint("http://127.0.0.1:8123/personio/bergwerk/", ["personio", "bergwerk"], "127.0.0.1")
    assert site.api_url == "http://127.0.0.1:8123/personio/bergwerk/xml?language=en"
    posting = parse_positions(board, _text("personio_feed.xml")).postings[0]
    assert posting.job_url == "http://127.0.0.1:8123/personio/bergwerk/job/1718401"


def test_positions_become_postings_with_every_field_the_feed_has() -> None:
    parsed = parse_positions(_board(FEED), _text("personio_feed.xml"))
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["ps-1718401", "ps-1718402", "ps-1718403"]
    assert parsed.skipped == ["ps-1718404: missing name"]

    data = jobs["ps-1718401"]
    assert data.site == "personio"
    assert data.job_url == "https://bergwerk.jobs.personio.de/job/1718401"
    assert data.title == "Senior Data Engineer (all genders)"
    assert data.company == "Bergwerk Software GmbH"  # the subcompany, when nothing is configured
    assert data.location == "München; Berlin; Remote Germany"  # every office, once
    assert data.is_remote is True  # an office named "Remote …"
    assert (data.job_type, data.job_level, data.job_function) == ("fulltime", "experienced", "Engineering")
    assert data.experience_range == "5-7"
    assert data.date_posted == date(2026, 11, 3)
    assert (data.min_amount, data.max_amount, data.currency, data.interval) == (
        70000.0,
        90000.0,
        "EUR",
        "yearly",
    )
    text = data.description or ""
    assert "### Deine Aufgaben" in text and "### Dein Profil" in text
    assert "Pipelines in Python & dbt bauen" in text and "Datenqualität sichern – täglich" in text
    for unsafe in ("script", "evil.example", "iframe", "document.cookie"):
        assert unsafe not in text


def test_contract_type_beats_schedule_and_missing_parts_stay_empty() -> None:
    jobs = _by_id(parse_positions(_board(FEED), _text("personio_feed.xml"), company="Bergwerk"))
    intern, sales = jobs["ps-1718402"], jobs["ps-1718403"]
    assert intern.company == "Bergwerk"  # the configured name wins
    assert (intern.job_type, intern.title) == ("internship", "Praktikum People & Culture")
    assert intern.date_posted == date(2026, 11, 15)  # the date as the feed wrote it, not UTC's
    assert intern.is_remote is None and intern.min_amount is None
    assert (sales.location, sales.job_type, sales.description) == ("Wien", "fulltime", None)


def test_an_independently_written_feed_with_escaped_html_and_a_byte_order_mark() -> None:
    board = ADAPTER.endpoint("http://127.0.0.1:9/personio_feed_b.xml", ["personio_feed_b.xml"], "127.0.0.1")
    parsed = parse_positions(board, _text("personio_feed_b.xml"))
    jobs = _by_id(parsed)
    assert sorted(jobs) == ["ps-88", "ps-89"] and parsed.skipped == []
    clerk, engineer = jobs["ps-88"], jobs["ps-89"]
    assert (clerk.title, clerk.location, clerk.job_type) == ("Księgowa / Księgowy", "Kraków", "temporary")
    assert clerk.job_url == "http://127.0.0.1:9/job/88"
    assert "Rozliczenia & raporty" in (clerk.description or "") and "x()" not in (clerk.description or "")
    assert (engineer.location, engineer.date_posted, engineer.description) == (
        None,
        None,
        "Plain words, no markup.",
    )


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE workzag-jobs [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<workzag-jobs><position><id>1</id><name>&lol2;</name></position></workzag-jobs>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<workzag-jobs><position><id>1</id><name>&secret;</name></position></workzag-jobs>"""


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (BILLION_LAUGHS, "declares a DTD"),
        (EXTERNAL, "declares a DTD"),
        ("<html><body>Seite nicht gefunden</body></html>", "expected a <workzag-jobs> job feed, got <html>"),
        ("\n<!doctype html><html><p>Login</p></html>", "got an HTML page, not an XML feed"),
        ('{"error": "not xml"}', "not well-formed XML"),
        ("", "not well-formed XML"),
        ("<workzag-jobs><position>", "not well-formed XML"),
    ],
)
def test_a_feed_that_is_not_a_safe_personio_feed_is_one_parse_error(body: str, said: str) -> None:
    with pytest.raises(ParseError, match=said) as caught:
        parse_positions(_board(FEED), body)
    assert FEED in str(caught.value)


def test_an_empty_feed_is_an_empty_board() -> None:
    parsed = parse_positions(_board(FEED), '<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs/>')
    assert parsed.postings == [] and parsed.skipped == []


def test_scrape_is_one_request_and_json_payloads_are_never_personios() -> None:
    client = FakeClient({FEED: _text("personio_feed.xml")})
    parsed = asyncio.run(ADAPTER.scrape(_board(FEED), client, company=None))
    assert client.asked == [FEED] and len(parsed.postings) == 3
    assert not ADAPTER.sniff({"offers": [{"careers_url": "x", "title": "t"}]})
