"""The second, hand-written Workday fixture (tests/fixtures/ats/workday_contoso.json), field by field.

Every expected value below was read off the fixture by hand, not off the adapter's output: a tenant
on the shared host (``wd1.myworkdaysite.com/recruiting/{tenant}/{site}``), offices given as
descriptor objects and as plain text, a "Flexible" workplace, German labels, a salary only in the
prose, a detail answer that is an error object, and a stray entry that is not a posting.
"""

from __future__ import annotations

import asyncio
from datetime import date

from workday_fake import FakeWorkday, load

from jobscraper.sources.ats.base import where
from jobscraper.sources.ats.workday import WorkdayAdapter

CAREERS = "https://wd1.myworkdaysite.com/en-US/recruiting/contoso/External"
API = "https://wd1.myworkdaysite.com/wday/cxs/contoso/External/jobs"
JOBS = "https://wd1.myworkdaysite.com/recruiting/contoso/External/job/"


def _scraped() -> tuple[dict[str, dict[str, object]], list[str], FakeWorkday]:
    adapter = WorkdayAdapter(today=lambda: date(2026, 11, 20))
    parts = where(CAREERS)
    assert parts is not None
    board = adapter.detect(*parts)
    assert board is not None and board.api_url == API
    client = FakeWorkday(load("workday_contoso.json"), API)
    parsed = asyncio.run(adapter.scrape(board, client, company=None))
    return {p.id or "": p.model_dump() for p in parsed.postings}, parsed.skipped, client


def test_the_nurse_posting_on_the_shared_host() -> None:
    jobs, _, _ = _scraped()
    nurse = jobs["wd-R0045614-1"]
    assert nurse["job_url"] == JOBS + "Kln-Deutz/Pflegefachkraft--w-m-d----Intensivstation_R0045614-1"
    assert nurse["title"] == "Pflegefachkraft (w/m/d) – Intensivstation"
    assert nurse["company"] == "Contoso Kliniken gGmbH"
    assert nurse["location"] == "Köln-Deutz"
    assert (nurse["is_remote"], nurse["work_from_home_type"]) == (None, None)
    assert nurse["job_type"] is None  # "Vollzeit" is not guessed at
    assert nurse["date_posted"] == date(2026, 11, 20)
    description = str(nurse["description"])
    assert "Schichtdienst (Früh/Spät/Nacht)" in description and "TVöD" in description
    assert "iframe" not in description and "tracker.example" not in description


def test_the_flexible_posting_with_four_offices() -> None:
    jobs, _, _ = _scraped()
    staff = jobs["wd-R0045620"]
    assert staff["location"] == "Seattle, WA; San Francisco, CA; Toronto, ON; Remote - US"
    assert (staff["is_remote"], staff["work_from_home_type"]) == (False, "hybrid")
    assert staff["job_type"] == "fulltime"
    assert staff["date_posted"] == date(2026, 11, 8)
    assert staff["company"] == "Contoso Ltd."
    assert "javascript:" not in str(staff["description"])
    assert staff["min_amount"] is None  # "$180,000 – $240,000" is prose, not a salary field


def test_an_error_object_for_details_keeps_the_listing_and_a_stray_entry_is_named() -> None:
    jobs, skipped, client = _scraped()
    intern = jobs["wd-R0045633"]
    assert intern["title"] == "Summer Intern, Finance"
    assert intern["location"] == "Dublin"
    assert intern["date_posted"] is None  # "Posted 30+ Days Ago" and no details
    assert intern["company"] == "Contoso"  # no hiringOrganization: the tenant's name
    assert intern["description"] is None
    assert len(jobs) == 3
    assert any(s.startswith("wd-R0045633: details without jobPostingInfo") for s in skipped)
    assert any(s.startswith("entry 3: not a JSON object") for s in skipped)
    assert [p["offset"] for p in client.posts] == [0]  # total 4: one page
