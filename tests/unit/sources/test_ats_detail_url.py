"""Each ATS adapter's posting endpoint for the liveness check: the URL its scrape reads for one
posting's details (Workable, SmartRecruiters, Workday, BambooHR), the documented per-posting
endpoint on the vendor's own API host (Greenhouse, Lever), None for a one-answer board or a feed —
and how a stored job's site, id, job URL and company lead to it."""

from __future__ import annotations

import pytest

from jobscraper.sources.ats import adapter, adapters, detect_ats, resolve_board
from jobscraper.sources.ats.base import AtsBoard, DetailEndpoint
from jobscraper.sources.ats.detail_check import board_of, detail_url_for
from jobscraper.sources.ats.smartrecruiters import detail_url as sr_detail
from jobscraper.sources.ats.workable import detail_url as wk_detail

MIRROR = "http://127.0.0.1:8765"


def _board(url: str, kind: str = "auto") -> AtsBoard:
    board = resolve_board(url, kind)
    assert board is not None, url
    return board


def _url(kind: str, board: AtsBoard, source_id: str, job_url: str = "") -> str | None:
    reader = adapter(kind)
    assert isinstance(reader, DetailEndpoint)
    return reader.detail_url(board, source_id, job_url)


def test_every_registered_adapter_answers_for_its_posting_endpoint() -> None:
    assert all(isinstance(a, DetailEndpoint) for a in adapters())


def test_greenhouse_and_lever_name_their_documented_endpoint_on_their_own_api_host_only() -> None:
    greenhouse = _board("https://job-boards.greenhouse.io/acme")
    assert (
        _url("greenhouse", greenhouse, "4012") == "https://boards-api.greenhouse.io/v1/boards/acme/jobs/4012"
    )
    lever = _board("https://jobs.lever.co/acme/5ac2-8e0c")
    assert _url("lever", lever, "5ac2-8e0c") == "https://api.lever.co/v0/postings/acme/5ac2-8e0c"
    eu = _board("https://jobs.eu.lever.co/acme")
    assert _url("lever", eu, "x1") == "https://api.eu.lever.co/v0/postings/acme/x1"
    # a mirror (the demo board) serves the listing alone: its jobs keep the page check
    assert _url("greenhouse", _board(f"{MIRROR}/v1/boards/acme/jobs", "greenhouse"), "1") is None
    assert _url("lever", _board(f"{MIRROR}/v0/postings/acme", "lever"), "1") is None


def test_workable_and_smartrecruiters_name_the_detail_url_their_scrape_reads() -> None:
    workable = _board("https://apply.workable.com/acme/")
    assert _url("workable", workable, "AB12CD") == wk_detail(workable, "AB12CD")
    assert wk_detail(workable, "AB12CD") == "https://apply.workable.com/api/v2/accounts/acme/jobs/AB12CD"
    mirror = _board(f"{MIRROR}/workable/api/v3/accounts/acme/jobs", "workable")
    assert _url("workable", mirror, "AB12CD") == f"{MIRROR}/workable/api/v2/accounts/acme/jobs/AB12CD"
    smart = _board("https://jobs.smartrecruiters.com/Acme")
    assert _url("smartrecruiters", smart, "744") == sr_detail(smart, "744")
    assert sr_detail(smart, "744") == "https://api.smartrecruiters.com/v1/companies/Acme/postings/744"


def test_workday_detail_is_the_job_path_under_the_cxs_site_and_nothing_for_another_url() -> None:
    board = _board("https://acme.wd5.myworkdayjobs.com/en-US/External")
    job_url = f"{board.board_url}/job/Berlin/Data-Engineer_JR-1042"
    assert _url("workday", board, "JR-1042", job_url) == (
        "https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/External/job/Berlin/Data-Engineer_JR-1042"
    )
    assert _url("workday", board, "JR-1042", "https://acme.example/jobs/JR-1042") is None
    assert _url("workday", board, "JR-1042", board.board_url + "/") is None


def test_bamboohr_detail_is_beside_the_careers_page() -> None:
    board = _board("https://acme.bamboohr.com/careers")
    assert _url("bamboohr", board, "12") == "https://acme.bamboohr.com/careers/12/detail"


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("ashby", "https://jobs.ashbyhq.com/acme"),
        ("recruitee", "https://acme.recruitee.com/"),
        ("personio", "https://acme.jobs.personio.de/"),
        ("teamtailor", "https://acme.teamtailor.com/jobs"),
        ("jobvite", "https://app.jobvite.com/CompanyJobs/Xml.aspx?c=qAb9"),
    ],
)
def test_one_answer_boards_and_feeds_have_no_posting_endpoint(kind: str, url: str) -> None:
    assert _url(kind, _board(url, kind), "1", url) is None


def test_a_stored_job_finds_its_board_from_its_watched_company_else_its_job_url() -> None:
    api = f"{MIRROR}/smartrecruiters/v1/companies/acme/postings"
    job_url = f"{MIRROR}/smartrecruiters/acme/744"
    assert detail_url_for("smartrecruiters", "sr-744", job_url, api, "smartrecruiters") == f"{api}/744"
    # not watched, and a job URL on the vendor's host names the board
    vendor = "https://jobs.smartrecruiters.com/Acme/744-data-engineer"
    assert detail_url_for("smartrecruiters", "sr-744", vendor) == sr_detail(_board(vendor), "744")
    assert board_of("smartrecruiters", None, None, vendor) == detect_ats(vendor)


@pytest.mark.parametrize(
    ("site", "external_id", "company_url", "ats"),
    [
        ("linkedin", "li-1", None, None),  # a job board: its page is checked
        ("smartrecruiters", None, None, None),  # no id kept
        ("smartrecruiters", "wk-744", None, None),  # an id of another ATS's shape
        ("smartrecruiters", "sr-", None, None),
        ("smartrecruiters", "sr-744", None, None),  # a URL that names no board, no company
        ("smartrecruiters", "sr-744", "https://jobs.lever.co/acme", "auto"),  # another kind's board
        ("smartrecruiters", "sr-744", "https://jobs.lever.co/acme", "workday"),  # settings refused
        ("personio", "ps-9", "https://acme.jobs.personio.de/", "auto"),  # a feed
    ],
)
def test_a_job_whose_endpoint_cannot_be_told_keeps_the_page_check(
    site: str, external_id: str | None, company_url: str | None, ats: str | None
) -> None:
    assert detail_url_for(site, external_id, "https://careers.acme.example/744", company_url, ats) is None
