"""The five remote boards on responses shaped like their real APIs (tests/fixtures/remote/): every
field each one fills, attribution, sanitised HTML, unicode, the legal notice skipped, pagination,
and the local filter by the search's words and place."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path

import pytest

from jobscraper.config import SavedSearch
from jobscraper.errors import ParseError
from jobscraper.scraping.fetch import Fetched
from jobscraper.sources.remote import board_for, scrape_remote
from jobscraper.sources.remote.arbeitnow import API as ARBEITNOW
from jobscraper.sources.remote.himalayas import API as HIMALAYAS
from jobscraper.vocabulary import REMOTE_SITES, SITES

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "remote"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


class FixtureClient:
    """Answers each URL with a fixture file; records what was asked."""

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages
        self.asked: list[str] = []

    async def get(self, url: str) -> Fetched:
        self.asked.append(url)
        return Fetched(url, 200, "application/json", _text(self.pages[url]))


def _search(term: str = "python", **fields: object) -> SavedSearch:
    return SavedSearch.model_validate({"name": "t", "term": term, "sites": ["remotive"], **fields})


def test_every_remote_site_of_the_vocabulary_has_its_board() -> None:
    assert set(REMOTE_SITES) == {"remoteok", "remotive", "weworkremotely", "arbeitnow", "himalayas"}
    for site in REMOTE_SITES:
        assert board_for(site).site == site and SITES[site].kind == "remote"


def test_remoteok_skips_the_legal_notice_and_keeps_attribution() -> None:
    page = board_for("remoteok").parse(_text("remoteok.json"), "https://remoteok.com/api")
    assert [p.title for p in page.postings] == ["Senior Python Engineer", "Product Designer"]
    assert len(page.skipped) == 1 and "title" in page.skipped[0]  # the entry without a position
    first, second = page.postings
    assert first.site == "remoteok" and first.job_url.startswith("https://remoteok.com/remote-jobs/")
    assert first.job_url_direct and first.job_url_direct.endswith("/apply")
    assert (first.min_amount, first.max_amount, first.currency, first.interval) == (
        120000,
        160000,
        "USD",
        "yearly",
    )
    assert (
        first.date_posted == date(2024, 12, 1) and first.is_remote is True and first.location == "Worldwide"
    )
    assert first.skills == ["python", "django", "backend"] and first.id == "1093001"
    assert first.description and "robots" in first.description and "steal" not in first.description
    assert second.company == "Zürich & Co" and "café" in (second.description or "")
    assert second.min_amount is None and second.company_logo is None  # salary 0 and "" logo: unknown


def test_remotive_maps_type_place_and_salary_text() -> None:
    page = board_for("remotive").parse(_text("remotive.json"), "https://remotive.com/api/remote-jobs")
    backend, data, lead = page.postings
    assert backend.site == "remotive" and backend.job_url.startswith("https://remotive.com/remote-jobs/")
    assert backend.job_type == "fulltime" and data.job_type == "contract"
    assert backend.location == "USA, Canada" and backend.date_posted == date(2024, 12, 1)
    assert (backend.min_amount, backend.max_amount, backend.currency) == (90000, 120000, "USD")
    assert (lead.min_amount, lead.max_amount, lead.currency, lead.interval) == (70000, 85000, "EUR", "yearly")
    assert data.min_amount is None and data.job_function == "Data"
    assert backend.description and "evil" not in backend.description and "**Python**" in backend.description


def test_weworkremotely_splits_company_and_title_from_the_rss_item() -> None:
    page = board_for("weworkremotely").parse(_text("weworkremotely.rss"), "https://weworkremotely.com/x.rss")
    hooli, piper = page.postings
    assert (hooli.company, hooli.title) == ("Hooli", "Senior Ruby on Rails Developer")
    assert (piper.company, piper.title) == ("Pied Piper", "Python Developer: Compression")
    assert hooli.location == "Anywhere in the World" and piper.location == "USA Only"
    assert hooli.job_type == "fulltime" and piper.job_type == "contract"
    assert hooli.date_posted == date(2024, 12, 2) and hooli.skills == ["Ruby", "Rails", "Postgres"]
    assert hooli.company_logo == "https://wwr-pro.s3.amazonaws.com/logos/hooli.png"
    assert hooli.job_url == "https://weworkremotely.com/remote-jobs/hooli-senior-ruby-on-rails-developer"
    assert hooli.description and "alert" not in hooli.description and "Palo Alto" in hooli.description
    assert piper.description == "Middle-out, in Python."  # escaped HTML, not CDATA: read the same


def test_arbeitnow_follows_links_next_and_keeps_the_remote_flag() -> None:
    page = board_for("arbeitnow").parse(_text("arbeitnow_page1.json"), ARBEITNOW)
    assert page.next_url == ARBEITNOW + "?page=2"
    berlin, go = page.postings
    assert berlin.company == "Müller GmbH" and berlin.is_remote is False and go.is_remote is True
    assert berlin.job_type == "fulltime" and go.job_type == "contract"
    assert berlin.date_posted == date(2024, 12, 1) and berlin.location == "Berlin"
    assert berlin.description and "track" not in berlin.description and "Verstärkung" in berlin.description
    last = board_for("arbeitnow").parse(_text("arbeitnow_page2.json"), ARBEITNOW + "?page=2")
    assert last.next_url is None and [p.title for p in last.postings] == ["Data Scientist Python"]


def test_himalayas_pages_by_offset_until_the_total() -> None:
    board = board_for("himalayas")
    first = board.parse(_text("himalayas_page1.json"), f"{HIMALAYAS}?limit=20&offset=0")
    assert first.next_url == f"{HIMALAYAS}?limit=20&offset=2" and first.total == 3
    backend, support = first.postings
    assert backend.job_url.startswith("https://himalayas.app/companies/wayne-enterprises/jobs/")
    assert backend.job_url_direct and backend.job_url_direct.endswith("/apply")
    assert backend.location == "United States; Canada" and support.location == "Worldwide"
    assert (backend.min_amount, backend.max_amount, backend.currency, backend.interval) == (
        130000,
        170000,
        "USD",
        "yearly",
    )
    assert backend.job_level == "Senior" and support.job_type == "parttime" and support.min_amount is None
    assert backend.description and "body{}" not in backend.description
    last = board.parse(_text("himalayas_page2.json"), f"{HIMALAYAS}?limit=20&offset=2")
    assert last.next_url is None
    (dev,) = last.postings
    assert dev.location == "Germany" and dev.interval == "hourly" and dev.date_posted == date(2024, 11, 29)


@pytest.mark.parametrize(
    ("site", "body"),
    [
        ("remoteok", '{"error": "nope"}'),
        ("remotive", "<html>maintenance</html>"),
        ("weworkremotely", '{"not": "rss"}'),
        ("arbeitnow", "[]"),
        ("himalayas", '{"message": "rate limit"}'),
    ],
)
def test_a_response_of_the_wrong_shape_is_a_parse_error_naming_the_url(site: str, body: str) -> None:
    with pytest.raises(ParseError, match=re.escape("https://board.example/x")):
        board_for(site).parse(body, "https://board.example/x")


def test_a_run_pages_through_the_client_and_filters_by_words_and_place() -> None:
    client = FixtureClient({ARBEITNOW: "arbeitnow_page1.json", ARBEITNOW + "?page=2": "arbeitnow_page2.json"})
    result = asyncio.run(scrape_remote("arbeitnow", _search("python"), client))
    assert client.asked == [ARBEITNOW, ARBEITNOW + "?page=2"]
    assert [p.title for p in result.postings] == ["Python Entwickler (m/w/d)", "Data Scientist Python"]
    assert result.error is None
    placed = asyncio.run(scrape_remote("arbeitnow", _search("python", location="Hamburg, Germany"), client))
    assert [p.title for p in placed.postings] == ["Data Scientist Python"]
    remote = asyncio.run(scrape_remote("arbeitnow", _search("developer", is_remote=True), client))
    assert [p.title for p in remote.postings] == ["Remote Go Developer"]


def test_worldwide_jobs_meet_any_location_and_every_word_must_appear() -> None:
    client = FixtureClient({"https://remotive.com/api/remote-jobs?search=python": "remotive.json"})
    germany = asyncio.run(scrape_remote("remotive", _search("python", location="Berlin, Germany"), client))
    assert [p.title for p in germany.postings] == ["Data Engineer", "Python Team Lead"]  # Worldwide, Germany
    client.pages = {"https://remotive.com/api/remote-jobs?search=python+spark": "remotive.json"}
    both = asyncio.run(scrape_remote("remotive", _search("python spark"), client))
    assert [p.title for p in both.postings] == ["Data Engineer"]


def test_results_wanted_stops_the_paging() -> None:
    client = FixtureClient({f"{HIMALAYAS}?limit=20&offset=0": "himalayas_page1.json"})
    result = asyncio.run(scrape_remote("himalayas", _search("python", results_wanted=1), client))
    assert len(result.postings) == 1 and client.asked == [f"{HIMALAYAS}?limit=20&offset=0"]
