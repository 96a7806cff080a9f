"""The demo board's Workday shape (jobscraper/demo/ats_workday.py) is what the Workday adapter reads:
every job of a demo tenant comes back, with its offices, dates, type and a clean description."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlsplit

from workday_fake import not_found

from jobscraper.demo import ats_workday
from jobscraper.demo.data import DemoJob, catalogue
from jobscraper.errors import SourceUnavailable
from jobscraper.sources.ats.workday import WorkdayAdapter

BASE = "http://demo.test"
JOBS = catalogue(companies=2, jobs_per_company=45, style="workday")
SLUG = JOBS[0].company.slug


def _jobs_of(slug: str) -> list[DemoJob]:
    return [j for j in JOBS if j.company.slug == slug]


class InProcess:
    """An AtsClient that answers from the demo's Workday routes without a server."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def _answer(self, method: str, url: str, body: bytes) -> object:
        self.asked.append((method, url))
        segments = [s for s in urlsplit(url).path.split("/") if s]
        answer = ats_workday.route(method, segments, body, _jobs_of, BASE)
        assert answer is not None, url
        status, ctype, payload = answer
        if status == 404:
            raise not_found(url)
        if status != 200:
            raise SourceUnavailable(url, f"HTTP {status}")
        assert ctype == "application/json"
        return json.loads(payload)

    async def post_json(self, url: str, body: Mapping[str, object]) -> object:
        return self._answer("POST", url, json.dumps(body).encode())

    async def get_json(self, url: str) -> object:
        return self._answer("GET", url, b"")

    async def get_text(self, url: str) -> str:
        raise AssertionError(url)


def _scrape() -> tuple[list[dict[str, object]], InProcess]:
    adapter = WorkdayAdapter(today=lambda: date(2026, 11, 20))
    url = BASE + ats_workday.api_path(SLUG)
    board = adapter.endpoint(url, [s for s in urlsplit(url).path.split("/") if s], "demo.test")
    client = InProcess()
    parsed = asyncio.run(adapter.scrape(board, client, company=None))
    assert parsed.skipped == []
    return [p.model_dump() for p in parsed.postings], client


def test_every_demo_job_comes_back_through_the_adapter() -> None:
    postings, client = _scrape()
    expected = _jobs_of(SLUG)
    assert [p["title"] for p in postings] == [j.title for j in expected]
    assert sum(m == "POST" for m, _ in client.asked) == 3  # 45 jobs: pages of 20, 20 and 5
    for posting, job in zip(postings, expected, strict=True):
        assert posting["company"] == job.company.name  # hiringOrganization
        assert posting["date_posted"] == job.posted
        assert posting["is_remote"] is job.remote
        assert posting["job_type"] == ("parttime" if job.job_type == "parttime" else "fulltime")
        assert str(posting["location"]).startswith(f"{job.city}, {job.country}")
        assert "wdTrack" not in str(posting["description"]) and job.skills[0] in str(posting["description"])
        assert str(posting["job_url"]).startswith(f"{BASE}/{ats_workday.site_of(SLUG)}/job/")
    several = [p for p, j in zip(postings, expected, strict=True) if j.key % 3 == 0]
    assert several and all("; " in str(p["location"]) for p in several)


def _ask(method: str, segments: list[str], body: bytes = b"") -> tuple[int, str, bytes]:
    answer = ats_workday.route(method, segments, body, _jobs_of, BASE)
    assert answer is not None, segments
    return answer


def test_the_demo_answers_like_workday_at_its_edges() -> None:
    site = ats_workday.site_of(SLUG)
    api = ["wday", "cxs", SLUG, site, "jobs"]
    status, _, body = _ask("POST", api, b'{"limit": 21, "offset": 0}')
    assert status == 400 and b"limit" in body  # Workday refuses more than 20 a page
    first = json.loads(_ask("POST", api, b'{"limit": 20, "offset": 0}')[2])
    later = json.loads(_ask("POST", api, b'{"limit": 20, "offset": 20}')[2])
    assert (first["total"], later["total"]) == (45, 0)  # the total only on the first page
    assert any(p["locationsText"].endswith(" Locations") for p in first["jobPostings"])
    assert _ask("GET", api)[0] == 405
    assert _ask("GET", ["wday", "cxs", SLUG, site, "job", "X", "Y_JR999999"])[0] == 404
    assert _ask("POST", ["wday", "cxs", "no-such-company", "X_Careers", "jobs"])[0] == 404
    path = first["jobPostings"][0]["externalPath"]
    status, ctype, page = _ask("GET", [site, *path.strip("/").split("/")])  # the public job page
    assert (status, ctype) == (200, "text/html") and b"application/ld+json" in page
    assert ats_workday.route("GET", ["careers", SLUG], b"", _jobs_of, BASE) is None  # not Workday's
