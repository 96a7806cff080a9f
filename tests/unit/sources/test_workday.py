"""Workday: URLs people paste find the tenant's API, and its paged listing plus details become postings."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from workday_fake import FakeWorkday, load

from jobscraper.errors import ParseError, RateLimited
from jobscraper.sources.ats.base import AtsAdapter, AtsBoard, ParsedBoard, where
from jobscraper.sources.ats.workday import ADAPTER, PAGE_SIZE, WorkdayAdapter, posted_on

TODAY = date(2026, 11, 20)
NORTHWIND_API = "https://northwind.wd3.myworkdayjobs.com/wday/cxs/northwind/Northwind_Careers/jobs"


def _detect(url: str) -> AtsBoard | None:
    found = where(url)
    return ADAPTER.detect(*found) if found else None


# --- recognising a Workday site -------------------------------------------------------------

DETECTED = [
    ("https://northwind.wd3.myworkdayjobs.com/Northwind_Careers", "northwind", "Northwind_Careers"),
    ("https://northwind.wd3.myworkdayjobs.com/en-US/Northwind_Careers", "northwind", "Northwind_Careers"),
    ("northwind.wd3.myworkdayjobs.com/en-US/Northwind_Careers/", "northwind", "Northwind_Careers"),
    (
        "https://northwind.wd3.myworkdayjobs.com/en-US/Northwind_Careers/job/Berlin/Data-Engineer_JR-1042"
        "?source=LinkedIn",
        "northwind",
        "Northwind_Careers",
    ),
    (
        "https://northwind.wd3.myworkdayjobs.com/Northwind_Careers?locations=3f7a10c2",
        "northwind",
        "Northwind_Careers",
    ),
    (
        "https://northwind.wd3.myworkdayjobs.com/wday/cxs/northwind/Northwind_Careers/jobs",
        "northwind",
        "Northwind_Careers",
    ),
    ("https://pfizer.wd1.myworkdayjobs.com/de-DE/PfizerCareers/job/X/Y_4956293-2", "pfizer", "PfizerCareers"),
]


@pytest.mark.parametrize(("url", "tenant", "site"), DETECTED)
def test_careers_job_and_api_urls_find_the_board(url: str, tenant: str, site: str) -> None:
    board = _detect(url)
    assert board is not None
    assert (board.kind, board.token, board.site) == ("workday", tenant, site)
    host = urlsplit(url if "://" in url else "https://" + url).netloc
    assert board.api_url == f"https://{host}/wday/cxs/{tenant}/{site}/jobs"
    assert board.board_url == f"https://{host}/{site}"


def test_the_shared_host_keeps_the_tenant_in_the_path() -> None:
    for url in (
        "https://wd1.myworkdaysite.com/recruiting/contoso/External",
        "https://wd1.myworkdaysite.com/en-US/recruiting/contoso/External/job/Dublin/Intern_R1",
        "https://wd1.myworkdaysite.com/wday/cxs/contoso/External/jobs",
    ):
        board = _detect(url)
        assert board is not None, url
        assert board.api_url == "https://wd1.myworkdaysite.com/wday/cxs/contoso/External/jobs"
        assert board.board_url == "https://wd1.myworkdaysite.com/recruiting/contoso/External"
        assert (board.token, board.site) == ("contoso", "External")


@pytest.mark.parametrize(
    "url",
    [
        "https://northwind.wd3.myworkdayjobs.com/",  # no site named
        "https://northwind.wd3.myworkdayjobs.com/en-US/",
        "https://www.workday.com/en-us/products/talent-management.html",  # the vendor's own pages
        "https://wd1.myworkdaysite.com/recruiting/contoso",  # the site is missing
        "https://boards.greenhouse.io/acme",
        "https://example.com/wday/cxs/acme/External/jobs",  # a mirror: only with an explicit ats
    ],
)
def test_other_urls_are_not_workday_boards(url: str) -> None:
    assert _detect(url) is None


def test_an_explicit_ats_on_a_mirror_requests_the_url_as_given() -> None:
    url = "http://127.0.0.1:8123/wday/cxs/acme-robotics/External/jobs"
    board = ADAPTER.endpoint(url, ["wday", "cxs", "acme-robotics", "External", "jobs"], "127.0.0.1")
    assert board == AtsBoard(
        "workday", "acme-robotics", url, "http://127.0.0.1:8123/External", site="External"
    )
    bare = ADAPTER.endpoint("http://mirror.test/wd/acme/", ["wd", "acme"], "mirror.test")
    assert (bare.api_url, bare.token) == ("http://mirror.test/wd/acme/jobs", "acme")


def test_the_adapter_satisfies_the_protocol_and_sniffs_its_listing() -> None:
    assert isinstance(ADAPTER, AtsAdapter)
    assert ADAPTER.sniff({"total": 1, "jobPostings": [{"title": "x", "externalPath": "/job/a_1"}]})
    assert not ADAPTER.sniff({"jobs": [{"absolute_url": "x"}]})
    assert not ADAPTER.sniff([{"externalPath": "/job/a_1"}])


# --- "Posted 3 Days Ago" ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Posted Today", TODAY),
        ("posted today", TODAY),
        ("Posted Yesterday", date(2026, 11, 19)),
        ("Posted 1 Day Ago", date(2026, 11, 19)),
        ("Posted 3 Days Ago", date(2026, 11, 17)),
        ("Posted 29 Days Ago", date(2026, 10, 22)),
        ("Posted 30+ Days Ago", None),  # only "at least a month": no date is made up
        ("Today", TODAY),
        ("Posted on 3 March", None),
        ("", None),
        (None, None),
        (17, None),
    ],
)
def test_posted_labels_count_back_from_today(label: Any, expected: date | None) -> None:
    assert posted_on(label, TODAY) == expected


# --- the listing and the details -----------------------------------------------------------------


def _scrape(client: FakeWorkday, company: str | None = None, board: AtsBoard | None = None) -> ParsedBoard:
    adapter = WorkdayAdapter(today=lambda: TODAY)
    target = board or _detect("https://northwind.wd3.myworkdayjobs.com/en-US/Northwind_Careers")
    assert target is not None
    return asyncio.run(adapter.scrape(target, client, company=company))


def _by_id(parsed: ParsedBoard) -> dict[str, Any]:
    return {p.id: p for p in parsed.postings}


def test_every_page_is_read_and_pages_after_the_first_go_out_together() -> None:
    client = FakeWorkday(load("workday_northwind.json"), NORTHWIND_API)
    parsed = _scrape(client)
    assert client.offsets == [0, 20, 40]  # total 45 on page 1 → three pages, the last one short
    assert all(
        p == {"appliedFacets": {}, "limit": PAGE_SIZE, "offset": p["offset"], "searchText": ""}
        for p in client.posts
    )
    assert len(parsed.postings) == 44  # 45 entries, one without an externalPath, one listed twice
    assert len({p.job_url for p in parsed.postings}) == 44
    assert client.peak > 2  # pages 2 and 3 and their details were asked for at once
    assert len(client.gets) == 44  # one detail request per job; the job listed twice is asked for once
    assert parsed.requests == 3 + 44


def test_details_fill_offices_workplace_dates_and_a_clean_description() -> None:
    parsed = _scrape(FakeWorkday(load("workday_northwind.json"), NORTHWIND_API))
    job = _by_id(parsed)["wd-JR-1001"]
    assert (
        job.job_url
        == "https://northwind.wd3.myworkdayjobs.com/Northwind_Careers/job/Munich/Senior-Data-Engineer--m-w-d-_JR-1001"
    )
    assert job.title == "Senior Data Engineer (m/w/d)"
    assert job.company == "Northwind Traders GmbH"  # hiringOrganization
    assert job.location == "München; Zürich; Wien"  # every office, unicode intact
    assert (job.is_remote, job.work_from_home_type) == (False, "hybrid")
    assert job.job_type == "fulltime"
    assert job.date_posted == date(2026, 11, 20)  # startDate, exact
    assert job.description is not None
    assert "Söhne — café" in job.description and "Python ≥ 3.11" in job.description
    assert (
        "track" not in job.description and "steal" not in job.description and "color" not in job.description
    )
    assert job.min_amount is None and job.max_amount is None  # the API has no salary: none invented

    paris = _by_id(parsed)["wd-JR-1002"]
    assert (paris.title, paris.job_type, paris.location) == (
        "Ingénieure logiciel · Équipe Paiements",
        "parttime",
        "Paris",
    )
    assert paris.description == "Rejoignez l’équipe « Paiements » à Paris."
    remote = _by_id(parsed)["wd-JR-1004"]
    assert (remote.is_remote, remote.work_from_home_type) == (True, "remote")
    assert remote.date_posted == date(2026, 9, 14)  # startDate beats "Posted 30+ Days Ago"
    tokyo = _by_id(parsed)["wd-JR-1005"]
    assert (tokyo.title, tokyo.location) == ("ソフトウェアエンジニア（バックエンド）", "東京")
    assert tokyo.date_posted == date(2026, 11, 18)  # no startDate: "Posted 2 Days Ago"


def test_a_posting_whose_details_are_gone_is_kept_from_the_listing() -> None:
    parsed = _scrape(FakeWorkday(load("workday_northwind.json"), NORTHWIND_API), company="Northwind")
    job = _by_id(parsed)["wd-JR-1003"]
    assert (job.title, job.company, job.description) == ("Warehouse Lead", "Northwind", None)
    assert job.location is None  # the listing only says "2 Locations"
    assert job.date_posted == date(2026, 11, 17)  # "Posted 3 Days Ago"
    assert any("wd-JR-1003" in w and "404" in w for w in parsed.skipped)
    assert any("missing externalPath" in w for w in parsed.skipped)
    assert {p.company for p in parsed.postings} == {"Northwind"}  # the configured name wins


def test_an_id_without_a_requisition_suffix_falls_back_to_the_bullet_field() -> None:
    page = {
        "total": 1,
        "jobPostings": [{"title": "T", "externalPath": "/job/Berlin/Opening", "bulletFields": ["REQ 7"]}],
    }
    client = FakeWorkday({"pages": {"0": page}, "details": {}}, NORTHWIND_API)
    [job] = _scrape(client).postings
    assert job.id == "wd-REQ 7"


def test_a_listing_that_says_no_total_is_read_until_a_page_comes_back_short() -> None:
    def entry(n: int) -> dict[str, Any]:
        return {"title": f"Job {n}", "externalPath": f"/job/X/Job-{n}_R{n}", "postedOn": "Posted Today"}

    pages = {
        str(o): {"total": 0, "jobPostings": [entry(o + i) for i in range(PAGE_SIZE if o < 40 else 3)]}
        for o in (0, 20, 40)
    }
    client = FakeWorkday({"pages": pages, "details": {}}, NORTHWIND_API)
    parsed = _scrape(client)
    assert client.offsets == [0, 20, 40]
    assert len(parsed.postings) == 43


def test_a_total_on_a_page_boundary_asks_once_more_in_case_the_listing_grew() -> None:
    def entry(n: int) -> dict[str, Any]:
        return {"title": f"Job {n}", "externalPath": f"/job/X/Job-{n}_R{n}"}

    pages = {
        str(o): {"total": 40 if o == 0 else 0, "jobPostings": [entry(o + i) for i in range(PAGE_SIZE)]}
        for o in (0, 20, 40)
    }
    client = FakeWorkday({"pages": pages, "details": {}}, NORTHWIND_API)
    parsed = _scrape(client)
    assert client.offsets == [0, 20, 40, 60]  # page 3 appeared after page 1 was read; page 4 is empty
    assert len(parsed.postings) == 60


def test_a_capped_listing_that_starts_over_past_its_total_ends_with_a_warning() -> None:
    """Some large tenants say total 2000 and answer offset 2000 with page 1 again (here: total 40)."""

    def page(start: int, total: int) -> dict[str, Any]:
        entries = [
            {"title": f"Job {n}", "externalPath": f"/job/X/Job-{n}_R{n}"} for n in range(start, start + 20)
        ]
        return {"total": total, "jobPostings": entries}

    pages = {"0": page(0, 40), "20": page(20, 0), "40": page(0, 40), "60": page(20, 0)}
    client = FakeWorkday({"pages": pages, "details": {}}, NORTHWIND_API)
    parsed = _scrape(client)
    assert client.offsets == [0, 20, 40]  # the first page that repeats itself ends the listing
    assert len(parsed.postings) == 40
    assert any("repeats itself from offset 40" in s and "only part" in s for s in parsed.skipped)


def test_a_listing_page_that_fails_fails_the_board_and_nothing_is_left_running() -> None:
    fixture = load("workday_northwind.json")
    client = FakeWorkday(
        fixture, NORTHWIND_API, fail={20: RateLimited(NORTHWIND_API, "HTTP 429", retry_after=30)}
    )
    with pytest.raises(RateLimited):
        _scrape(client)  # a board missing a page must not archive that page's jobs as gone
    assert client.in_flight == 0


def test_an_answer_of_the_wrong_shape_names_the_url() -> None:
    client = FakeWorkday(
        {"pages": {"0": {"errorCode": "HTTP_404", "message": "Not found"}}, "details": {}}, NORTHWIND_API
    )
    with pytest.raises(ParseError, match="wday/cxs/northwind"):
        _scrape(client)
