"""A second, independently written set of remote-board answers: the odd corners the first set
(tests/fixtures/remote/) does not show — numbers and ids as other types, missing links, nested
places, milliseconds, namespaced RSS, hostile HTML and XML, emoji and right-to-left text."""

from __future__ import annotations

import json
from datetime import date

import pytest

from jobscraper.errors import ParseError
from jobscraper.sources.remote import board_for
from jobscraper.sources.remote.base import salary_from_text


def _parse(site: str, payload: object | str) -> list[dict[str, object]]:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    page = board_for(site).parse(text, f"https://{site}.example/api")
    return [p.model_dump() for p in page.postings]


def test_remoteok_builds_the_page_from_the_slug_and_reads_the_epoch() -> None:
    (job,) = _parse(
        "remoteok",
        [
            {"legal": "notice"},
            {
                "id": 42,  # a number, not a string
                "slug": "remote-sre-🚀-initrode-42",
                "epoch": "1733000000",  # a string
                "position": "SRE 🚀",
                "company": "Initrode",
                "salary_min": "90000",
                "salary_max": None,
                "tags": ["sre", 7, None],
            },
        ],
    )
    assert job["job_url"] == "https://remoteok.com/remote-jobs/remote-sre-🚀-initrode-42"
    assert job["id"] == "42" and job["title"] == "SRE 🚀" and job["date_posted"] == date(2024, 11, 30)
    assert (job["min_amount"], job["max_amount"], job["currency"]) == (90000, None, "USD")
    assert job["skills"] == ["sre", "7"]


def test_remotive_reads_arabic_text_and_keeps_a_job_without_salary_or_date() -> None:
    (job,) = _parse(
        "remotive",
        {
            "jobs": [
                {
                    "id": "abc",
                    "url": "https://remotive.com/remote-jobs/x/mtrjm-abc",
                    "title": "مترجم عربي",
                    "company_name": "شركة",
                    "description": '<div onclick="evil()">نص <a href="javascript:alert(1)">رابط</a></div>',
                    "publication_date": "not a date",
                    "salary": "Competitive",
                    "job_type": "freelance",
                }
            ]
        },
    )
    assert job["title"] == "مترجم عربي" and job["date_posted"] is None and job["min_amount"] is None
    assert job["job_type"] == "contract"
    description = str(job["description"])
    assert "نص" in description and "javascript" not in description and "evil" not in description


def test_weworkremotely_reads_namespaced_fields_and_refuses_entities() -> None:
    feed = """<?xml version="1.0"?>
<rss version="2.0" xmlns:wwr="https://weworkremotely.com/ns">
<channel><item>
  <title><![CDATA[Ünïcode Ltd: Back-end Engineer (Go)]]></title>
  <wwr:region>Europe Only</wwr:region>
  <wwr:type>Part-Time</wwr:type>
  <pubDate>Tue, 03 Dec 2024 23:59:59 -0800</pubDate>
  <link>https://weworkremotely.com/remote-jobs/unicode-ltd-back-end-engineer</link>
  <description><![CDATA[<p>Go &amp; gRPC</p><img src="javascript:x" onerror="x()">]]></description>
</item>
<item><title>No company prefix at all</title><link>https://weworkremotely.com/remote-jobs/n</link></item>
<item><title>Nameless: link-less</title></item>
</channel></rss>"""
    page = board_for("weworkremotely").parse(feed, "https://weworkremotely.com/feed.rss")
    unicode_ltd, plain = page.postings
    assert (unicode_ltd.company, unicode_ltd.title) == ("Ünïcode Ltd", "Back-end Engineer (Go)")
    assert unicode_ltd.location == "Europe Only" and unicode_ltd.job_type == "parttime"
    assert unicode_ltd.date_posted == date(2024, 12, 3)  # the date where it was posted, not UTC's
    assert unicode_ltd.description == "Go & gRPC"
    assert plain.company is None and plain.title == "No company prefix at all"
    assert len(page.skipped) == 1 and "job_url" in page.skipped[0]
    bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    bomb += "<rss><channel><item><title>&b;</title><link>https://x.example/1</link></item></channel></rss>"
    expanded = board_for("weworkremotely").parse(bomb, "https://weworkremotely.com/feed.rss")
    assert all("aaaa" not in p.title for p in expanded.postings)  # entities are not expanded


def test_arbeitnow_ignores_a_next_link_that_is_not_http_and_an_empty_page_ends() -> None:
    page = board_for("arbeitnow").parse(
        json.dumps({"data": [], "links": {"next": "https://www.arbeitnow.com/api/job-board-api?page=9"}}),
        "https://www.arbeitnow.com/api/job-board-api?page=8",
    )
    assert page.next_url is None  # an empty page ends the paging even when a next link is given
    odd = board_for("arbeitnow").parse(
        json.dumps(
            {
                "data": [
                    {
                        "slug": 1,
                        "title": "Koch",
                        "url": "https://www.arbeitnow.com/jobs/koch",
                        "remote": "yes",
                    }
                ],
                "links": {"next": "javascript:alert(1)"},
            }
        ),
        "https://www.arbeitnow.com/api/job-board-api",
    )
    assert odd.next_url is None and odd.postings[0].is_remote is None and odd.postings[0].id == "1"


def test_himalayas_reads_places_as_objects_and_dates_in_milliseconds() -> None:
    (job,) = _parse(
        "himalayas",
        {
            "totalCount": "1",
            "jobs": [
                {
                    "title": "Staff Engineer",
                    "companyName": "Acme",
                    "guid": "not a url",
                    "applicationLink": "https://acme.example/apply",
                    "locationRestrictions": [{"alpha2": "FR"}, {"name": "Spain"}, "Spain", 3],
                    "pubDate": 1733000000000,
                    "seniority": "Senior",
                    "minSalary": 100,
                    "maxSalary": 90,
                    "salaryPeriod": "fortnightly",
                    "currency": "EUR",
                }
            ],
        },
    )
    assert job["job_url"] == "https://acme.example/apply"  # no Himalayas page: the apply link stands in
    assert job["location"] == "FR; Spain" and job["date_posted"] == date(2024, 11, 30)
    assert job["job_level"] == "Senior" and job["interval"] is None and job["currency"] == "EUR"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$40 - $55/hr", (40, 55, "USD", "hourly")),
        ("€4.500 – 5.500 per month", (4500, 5500, "EUR", "monthly")),
        ("80k-100k GBP", (80000, 100000, "GBP", "yearly")),
        ("Competitive", None),
        ("", None),
    ],
)
def test_salary_text(text: str, expected: tuple[float, float, str, str] | None) -> None:
    found = salary_from_text(text)
    if expected is None:
        assert found == {}
    else:
        assert (found["min_amount"], found["max_amount"], found["currency"], found["interval"]) == expected


def test_html_where_a_feed_belongs_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not an RSS feed"):
        board_for("weworkremotely").parse(
            "<html><body>Cloudflare</body></html>", "https://weworkremotely.com/x"
        )
