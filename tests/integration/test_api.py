"""The HTTP API on a local Serve: jobs (filters, pagination, PATCH), runs (start a scrape of the
demo board, watch its progress and events, cancel), stats, saved searches and watched companies
(seeded from the config, edited over HTTP, their last result filled by a run), and bad input
answered with 4xx and a clear message — never a 500."""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.posting import Posting
from jobscraper.store import SyncEngine, open_database
from tests.http_json import call_json
from tests.serve_demo import demo_settings, serve_app


def _seed(path: Path) -> None:
    rows = [
        Posting(
            job_url=f"https://jobs.example.org/{n}",
            site="example",
            title=title,
            company=company,
            location=location,
            min_amount=salary,
            max_amount=salary,
            interval="yearly" if salary else None,
            currency="EUR" if salary else None,
            is_remote=remote,
            description=f"{title} at {company}. Python and SQL.",
        )
        for n, (title, company, location, salary, remote) in enumerate(
            [
                ("Python Developer", "Acme", "Berlin, Germany", 70000, True),
                ("Data Engineer", "Globex", "Munich, Germany", 80000, False),
                ("Backend Engineer", "Initech", "Hamburg, Germany", None, True),
                ("Site Reliability Engineer", "Hooli", "Berlin, Germany", 95000, False),
                ("Frontend Developer", "Umbrella", "Remote", 60000, True),
            ]
        )
    ]
    db = open_database(path)
    try:
        SyncEngine(db).upsert(rows)
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, local_ray: None) -> Iterator[tuple[str, DemoBoard]]:
    db_path = tmp_path_factory.mktemp("api") / "jobs.db"
    _seed(db_path)
    board = DemoBoard(DemoKnobs(companies=2, jobs_per_company=5, latency_s=0.02))
    board.start()
    settings = demo_settings(
        board,
        db_path,
        companies=[c.model_dump() for c in board.company_configs()[:1]],
        searches=[board.search().model_dump()],
    )
    with serve_app(settings, board) as base:
        yield base, board


def _call(base: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    return call_json(base, method, path, body, timeout=60)


def _get(base: str, path: str, **params: Any) -> tuple[int, Any]:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    return _call(base, "GET", path + query)


def test_health_and_docs(api: tuple[str, DemoBoard]) -> None:
    base, _ = api
    version = _get(base, "/healthz")[1]["version"]
    assert _get(base, "/healthz") == (200, {"status": "ok", "version": version, "demo": True})
    assert _get(base, "/api/health")[1]["demo"] is True  # the demo board stands in for the job boards
    with urllib.request.urlopen(base + "/docs", timeout=30) as response:
        assert response.status == 200 and b"swagger" in response.read().lower()
    status, schema = _get(base, "/openapi.json")
    assert status == 200 and "/api/jobs/{job_id}" in schema["paths"] and "/api/runs" in schema["paths"]
    assert {"/api/searches/{search_id}", "/api/companies/{company_id}", "/api/companies/detect"} <= set(
        schema["paths"]
    )


def test_jobs_filter_sort_and_paginate(api: tuple[str, DemoBoard]) -> None:
    base, _ = api
    status, page = _get(base, "/api/jobs", per_page=2, sort="salary")
    assert status == 200 and page["total"] == 5 and len(page["items"]) == 2
    assert [j["title"] for j in page["items"]] == ["Site Reliability Engineer", "Data Engineer"]
    _, last = _get(base, "/api/jobs", per_page=2, page=3, sort="salary")
    assert len(last["items"]) == 1
    _, remote = _get(base, "/api/jobs", remote="true")
    assert {j["company"] for j in remote["items"]} == {"Acme", "Initech", "Umbrella"}
    _, rich = _get(base, "/api/jobs", min_salary=75000)
    assert {j["company"] for j in rich["items"]} == {"Globex", "Hooli"}
    _, berlin = _get(base, "/api/jobs", location="Berlin", q="engineer")
    assert [j["company"] for j in berlin["items"]] == ["Hooli"]


@pytest.mark.parametrize(
    "q", ["'; DROP TABLE job; --", 'NEAR("a" "b")', "*", '"unbalanced', "c++ OR", "\x00", "ü" * 5000]
)
def test_hostile_query_strings_are_just_text(api: tuple[str, DemoBoard], q: str) -> None:
    status, page = _get(api[0], "/api/jobs", q=q)
    assert status == 200 and isinstance(page["items"], list)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"per_page": 0}, "per_page"),
        ({"page": -1}, "page"),
        ({"sort": "bogus"}, "sort"),
        ({"status": "hired"}, "status"),
        ({"min_salary": "lots"}, "min_salary"),
        ({"posted_since": "yesterday"}, "posted_since"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_query_parameters_get_a_422_naming_the_field(
    api: tuple[str, DemoBoard], params: dict[str, Any], field: str
) -> None:
    status, body = _get(api[0], "/api/jobs", **params)
    assert status == 422 and any(field in e["loc"] for e in body["detail"]), body


def test_one_job_and_edits_that_stick(api: tuple[str, DemoBoard]) -> None:
    base, _ = api
    _, page = _get(base, "/api/jobs", q="frontend")
    job_id = page["items"][0]["id"]
    status, job = _get(base, f"/api/jobs/{job_id}")
    assert status == 200 and job["sources"][0]["url"].startswith("https://jobs.example.org/")
    status, edited = _call(
        base,
        "PATCH",
        f"/api/jobs/{job_id}",
        {"favorite": True, "notes": "ask about the team", "status": "applied"},
    )
    assert status == 200 and edited["favorite"] and edited["notes"] == "ask about the team"
    assert edited["status"] == "applied" and edited["applied_at"]  # applying records the date
    _, again = _get(base, f"/api/jobs/{job_id}")
    assert again["favorite"] and again["notes"] == "ask about the team"
    _, favourites = _get(base, "/api/jobs", favorites="true")
    assert [j["id"] for j in favourites["items"]] == [job_id]


@pytest.mark.parametrize(
    ("method", "path", "body", "code"),
    [
        ("GET", "/api/jobs/999999", None, 404),
        ("GET", "/api/jobs/abc", None, 422),
        ("GET", "/api/jobs/0", None, 422),
        ("PATCH", "/api/jobs/999999", {"favorite": True}, 404),
        ("PATCH", "/api/jobs/1", {"status": "hired"}, 422),
        ("PATCH", "/api/jobs/1", {"salary": 1}, 422),
        ("PATCH", "/api/jobs/1", {"favorite": "very"}, 422),
        ("GET", "/api/runs/999999", None, 404),
        ("GET", "/api/runs/999999/events", None, 404),
        ("DELETE", "/api/runs/999999", None, 404),
        ("POST", "/api/runs", {}, 422),
        ("POST", "/api/runs", {"companies": ["No Such Co"]}, 422),
        ("POST", "/api/runs", {"companies": "Acme"}, 422),
        ("POST", "/api/runs", {"company": {"name": "x"}}, 422),
        ("GET", "/api/stats?days=0", None, 422),
        ("GET", "/api/searches/999999", None, 404),
        ("PATCH", "/api/searches/999999", {"term": "go"}, 404),
        ("DELETE", "/api/searches/999999", None, 404),
        ("POST", "/api/searches", {"name": "x"}, 422),
        ("POST", "/api/searches", {"name": "x", "term": "y", "sites": ["monster"]}, 422),
        ("GET", "/api/companies/999999", None, 404),
        ("DELETE", "/api/companies/999999", None, 404),
        ("POST", "/api/companies", {"url": "mailto:jobs@acme.example"}, 422),
        ("GET", "/api/companies/detect?url=file:///etc/passwd", None, 422),
    ],
)
def test_bad_requests_get_4xx_with_a_message(
    api: tuple[str, DemoBoard], method: str, path: str, body: Any, code: int
) -> None:
    status, answer = _call(api[0], method, path, body)
    assert status == code, answer
    assert answer["detail"]


def test_a_run_started_over_http_reports_progress_and_events_until_done(api: tuple[str, DemoBoard]) -> None:
    base, board = api
    name = board.company_configs()[0].name
    status, run = _call(base, "POST", "/api/runs", {"companies": [name]})
    assert status == 201 and run["live"] and run["kind"] == "scrape"
    run_id, seen = run["id"], []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        _, run = _get(base, f"/api/runs/{run_id}")
        seen.append(run["status"])
        if run["status"] != "running":
            break
        time.sleep(0.2)
    assert run["status"] == "done", run
    assert run["sources"][0]["label"] == name and run["sources"][0]["found"] == 5
    # the app is deployed, so the run's extraction goes through it: the 5 new jobs, and the
    # seeded ones nothing had extracted yet
    extraction = run["extraction"]
    assert extraction["status"] == "done" and "extraction service" in extraction["via"]
    assert extraction["extracted"] == 10 and extraction["pools"] == {"throughput": 10}
    # and after it the embedding pass gave the extracted jobs their matching vectors
    embedding = run["embedding"]
    assert embedding["status"] == "done" and embedding["embedded"] >= 5, embedding
    _, events = _get(base, f"/api/runs/{run_id}/events", after=0)
    kinds = [e["type"] for e in events["events"]]
    assert kinds[0] == "run_started" and kinds[-1] == "run_done" and "extraction_done" in kinds
    _, later = _get(base, f"/api/runs/{run_id}/events", after=events["events"][-2]["n"])
    assert [e["type"] for e in later["events"]] == ["run_done"]
    # the UI's poll: the snapshot and the events after N in one request
    _, polled = _get(base, f"/api/runs/{run_id}", events_after=events["events"][-3]["n"])
    assert [e["type"] for e in polled["events"]] == kinds[-2:] and polled["last_event"] == events["events"][
        -1
    ]["n"]
    assert run["events"] == []  # a plain snapshot carries none
    _, runs = _get(base, "/api/runs")
    assert runs[0]["id"] == run_id and runs[0]["counts"]["inserted"] == 5
    _, jobs = _get(base, "/api/jobs", q=board.jobs()[0].title.split()[0])
    assert jobs["total"] >= 1
    status, cancelled = _call(base, "DELETE", f"/api/runs/{run_id}")
    assert status == 200 and cancelled["status"] == "done"  # a finished run stays as it ended


def test_an_ad_hoc_run_can_be_cancelled(api: tuple[str, DemoBoard]) -> None:
    base, board = api
    board.knobs.latency_s = 0.5
    try:
        company = board.company_configs()[1].model_dump()
        status, run = _call(base, "POST", "/api/runs", {"company": company})
        assert status == 201 and run["status"] == "running"
        status, cancelled = _call(base, "DELETE", f"/api/runs/{run['id']}")
        assert status == 200 and cancelled["status"] == "cancelled"
        _, runs = _get(base, "/api/runs")
        assert next(r for r in runs if r["id"] == run["id"])["status"] == "cancelled"
    finally:
        board.knobs.latency_s = 0.02


def test_stats(api: tuple[str, DemoBoard]) -> None:
    status, stats = _get(api[0], "/api/stats", days=7)
    assert status == 200 and stats["totals"]["jobs"] >= 5 and len(stats["per_day"]) == 7
    assert stats["by_source"]["example"] == 5 and stats["salary"]["currency"] == "EUR"


def _wait_for_run(base: str, run_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        _, run = _get(base, f"/api/runs/{run_id}")
        if run["status"] != "running":
            return dict(run)
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} still running")


def test_the_configs_searches_and_companies_are_in_the_database(api: tuple[str, DemoBoard]) -> None:
    base, board = api
    status, searches = _get(base, "/api/searches")
    assert status == 200 and [s["name"] for s in searches] == ["demo"]
    demo = searches[0]
    assert (demo["term"], demo["sites"], demo["results_wanted"]) == (
        "engineer developer",
        ["linkedin", "indeed"],
        1000,
    )
    status, companies = _get(base, "/api/companies")
    config = board.company_configs()[0]
    assert status == 200 and [(c["name"], c["url"]) for c in companies] == [(config.name, config.url)]
    assert (companies[0]["ats"], companies[0]["detected"]) == ("greenhouse", "greenhouse")
    assert _get(base, f"/api/companies/{companies[0]['id']}") == (200, companies[0])


def test_a_saved_search_is_created_edited_and_deleted_over_http(api: tuple[str, DemoBoard]) -> None:
    base, _ = api
    body = {"name": "rust remote", "term": "rust", "sites": ["indeed"], "is_remote": True}
    status, made = _call(base, "POST", "/api/searches", body)
    assert (
        status == 201 and made["name"] == "rust remote" and made["is_remote"] and made["last_run_id"] is None
    )
    assert _get(base, f"/api/searches/{made['id']}") == (200, made)
    status, clash = _call(base, "POST", "/api/searches", body | {"term": "go"})
    assert status == 409 and clash["detail"] == "a saved search named 'rust remote' already exists"
    missing = _call(base, "PATCH", "/api/searches/999999", {"term": "go"})
    assert missing == (404, {"detail": "no saved search with id 999999"})  # the writer's words, not Ray's
    status, changed = _call(
        base, "PATCH", f"/api/searches/{made['id']}", {"term": "rust async", "location": "EU"}
    )
    assert status == 200 and (changed["term"], changed["location"], changed["sites"]) == (
        "rust async",
        "EU",
        ["indeed"],
    )
    status, bad = _call(base, "PATCH", f"/api/searches/{made['id']}", {"results_wanted": 0})
    assert status == 422 and "results_wanted" in str(bad["detail"])
    status, clash = _call(base, "PATCH", f"/api/searches/{made['id']}", {"name": "demo"})
    assert status == 409
    assert _call(base, "DELETE", f"/api/searches/{made['id']}") == (204, None)
    assert _get(base, f"/api/searches/{made['id']}")[0] == 404
    assert [s["name"] for s in _get(base, "/api/searches")[1]] == ["demo"]


def test_a_company_is_watched_edited_and_unwatched_over_http(api: tuple[str, DemoBoard]) -> None:
    base, board = api
    url = board.company_configs()[1].url  # Globex on Lever: an employer the database knows from a job
    status, detected = _get(base, "/api/companies/detect", url=url)
    assert (
        status == 200 and detected["url"] == url and detected["detected"] == "html"
    )  # a mirror: no vendor host
    status, made = _call(base, "POST", "/api/companies", {"url": url, "ats": "lever"})
    assert status == 201, made
    assert (made["name"], made["detected"], made["board_url"], made["enabled"]) == (
        "Globex",
        "lever",
        url,
        True,
    )
    assert made["jobs"] >= 1  # the job it already had
    status, clash = _call(
        base, "POST", "/api/companies", {"url": "https://jobs.lever.co/globex", "name": "GLOBEX"}
    )
    assert status == 409 and "Globex" in clash["detail"]
    status, changed = _call(
        base, "PATCH", f"/api/companies/{made['id']}", {"enabled": False, "render_js": True}
    )
    assert status == 200 and (changed["enabled"], changed["render_js"]) == (False, True)
    status, bad = _call(base, "PATCH", f"/api/companies/{made['id']}", {"url": "ftp://globex.example"})
    assert status == 422 and "url" in bad["detail"].lower()
    assert [c["name"] for c in _get(base, "/api/companies")[1]] == [board.company_configs()[0].name, "Globex"]
    assert _call(base, "DELETE", f"/api/companies/{made['id']}") == (204, None)
    assert _get(base, f"/api/companies/{made['id']}")[0] == 404
    assert "Globex" not in [c["name"] for c in _get(base, "/api/companies")[1]]
    _, jobs = _get(base, "/api/jobs", q="Globex")
    assert "Globex" in {j["company"] for j in jobs["items"]}  # its jobs stay


def test_a_run_of_a_saved_search_fills_its_last_result(api: tuple[str, DemoBoard]) -> None:
    base, _ = api
    [demo] = _get(base, "/api/searches")[1]
    status, run = _call(base, "POST", "/api/runs", {"searches": ["demo"]})
    assert status == 201 and {s["label"] for s in run["sources"]} == {"linkedin · demo", "indeed · demo"}
    run = _wait_for_run(base, run["id"])
    assert run["status"] == "done", run
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # recorded as the run ends
        _, after = _get(base, f"/api/searches/{demo['id']}")
        if after["last_run_id"] == run["id"]:
            break
        time.sleep(0.2)
    assert (after["last_run_id"], after["last_status"]) == (run["id"], "done"), after
    found = sum(s["found"] for s in run["sources"])
    assert found > 0 and after["last_found"] == found  # both boards add up
    assert after["last_new"] == sum(s["inserted"] for s in run["sources"]) and after["last_error"] is None
    assert after["last_run_at"] is not None and after["updated_at"] == demo["updated_at"]


def test_a_profile_is_made_changed_and_deleted_through_the_writer_actor(api: tuple[str, DemoBoard]) -> None:
    base, _ = api
    body = {
        "name": "api-test",
        "resume_text": "Python developer in Berlin.",
        "currency": "eur",
        "min_salary": 1,
    }
    status, made = _call(base, "PUT", "/api/profile", body)
    assert status == 200, made
    assert (made["name"], made["currency"], made["resume_format"]) == ("api-test", "EUR", "pasted")
    assert _get(base, "/api/profiles/api-test") == (200, made)
    status, changed = _call(base, "PUT", "/api/profile", {"name": "api-test", "remote_ok": True})
    assert status == 200 and changed["remote_ok"] is True and changed["resume_text"] == made["resume_text"]
    status, empty = _call(base, "PUT", "/api/profile", {"name": "api-test", "resume_text": " "})
    assert status == 422 and "empty" in empty["detail"]
    assert _call(base, "POST", "/api/profiles/nobody/activate")[0] == 404  # the writer's NotFound, not Ray's
    assert _call(base, "DELETE", "/api/profiles/api-test") == (204, None)
    assert _get(base, "/api/profiles/api-test")[0] == 404
