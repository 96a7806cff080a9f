"""The MCP server's contract, through the SDK's own client (in-process): the tools and resources it
lists, each tool called against the real API (see mcp_stack), and bad arguments or API refusals
answered as tool errors (``isError``) with a sentence — never a crash, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client
from mcp_types import CallToolResult

from jobscraper.mcp import RESOURCES, ApiClient, build_server
from jobscraper.store import open_reader
from jobscraper.store.tables import JOB
from tests.ports import free_port
from tests.unit.mcp.mcp_stack import COMPANY, JOBS, SEARCH, Stack, api_stack

TOOLS = {"search_jobs", "get_job", "update_job", "start_scrape", "run_status", "list_saved", "job_stats"}


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    with api_stack(tmp_path) as found:
        yield found


def with_client(server: Any, body: Callable[[Client], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        async with Client(server) as client:
            return await body(client)

    return anyio.run(main)


def text(result: CallToolResult) -> str:
    [content] = result.content
    assert content.type == "text"
    return content.text


def answer(result: CallToolResult) -> Any:
    assert not result.is_error, text(result)
    return json.loads(text(result))


def error(result: CallToolResult) -> str:
    assert result.is_error, text(result)
    message = text(result)
    assert "Traceback" not in message
    return message


def call(stack: Stack, name: str, arguments: dict[str, Any]) -> CallToolResult:
    async def body(client: Client) -> CallToolResult:
        return await client.call_tool(name, arguments)

    result: CallToolResult = with_client(stack.server(), body)
    return result


def test_the_tools_and_resources_listed(stack: Stack) -> None:
    async def body(client: Client) -> Any:
        return await client.list_tools(), await client.list_resources(), client.instructions

    tools, resources, instructions = with_client(stack.server(), body)
    by_name = {t.name: t for t in tools.tools}
    assert set(by_name) == TOOLS
    search = by_name["search_jobs"].input_schema["properties"]
    # the job list's filters, read from JobQuery: text query, fit sort, page
    assert {
        "q",
        "remote",
        "min_salary",
        "location",
        "status",
        "favorites",
        "sort",
        "page",
        "per_page",
    } <= set(search)
    assert "fit" in json.dumps(search["sort"]) and search["per_page"]["maximum"] == 50
    assert by_name["search_jobs"].annotations.read_only_hint is True
    assert by_name["update_job"].annotations.read_only_hint is not True
    assert {str(r.uri) for r in resources.resources} == set(RESOURCES.values())
    assert "search_jobs" in (instructions or "")


def test_the_resources_are_the_saved_searches_and_companies(stack: Stack) -> None:
    async def body(client: Client) -> Any:
        return [await client.read_resource(uri) for uri in (RESOURCES["searches"], RESOURCES["companies"])]

    searches, companies = with_client(stack.server(), body)
    [search] = json.loads(searches.contents[0].text)
    [company] = json.loads(companies.contents[0].text)
    assert search["name"] == SEARCH["name"] and search["term"] == SEARCH["term"]
    assert company["name"] == COMPANY["name"] and company["kind"] == "greenhouse"
    assert searches.contents[0].mime_type == "application/json"
    listed = answer(call(stack, "list_saved", {}))
    assert [s["name"] for s in listed["searches"]] == [SEARCH["name"]]
    assert [c["name"] for c in listed["companies"]] == [COMPANY["name"]]


def test_search_jobs_filters_sorts_and_pages(stack: Stack) -> None:
    found = answer(call(stack, "search_jobs", {"q": "python"}))
    assert found["total"] == 4  # every description but the nurse's
    found = answer(call(stack, "search_jobs", {"q": "engineer", "location": "Berlin"}))
    assert [j["title"] for j in found["jobs"]] == ["Site Reliability Engineer"]
    row = found["jobs"][0]
    assert row["salary"] == "95,000 EUR/yr" and row["company"] == "Hooli" and row["id"] >= 1
    assert "description" not in row  # list rows are compact
    remote = answer(call(stack, "search_jobs", {"remote": True, "sort": "title", "descending": False}))
    assert [j["title"] for j in remote["jobs"]] == ["Backend Engineer", "Python Developer"]
    first = answer(call(stack, "search_jobs", {"per_page": 2, "sort": "title", "descending": False}))
    second = answer(
        call(stack, "search_jobs", {"per_page": 2, "page": 3, "sort": "title", "descending": False})
    )
    assert first["total"] == len(JOBS) and first["more"] is True and len(first["jobs"]) == 2
    assert second["more"] is False and [j["title"] for j in second["jobs"]] == ["Site Reliability Engineer"]
    rich = answer(call(stack, "search_jobs", {"min_salary": 75000}))
    assert {j["title"] for j in rich["jobs"]} == {"Data Engineer", "Site Reliability Engineer"}
    none = answer(call(stack, "search_jobs", {"posted_since": "2999-01-01"}))  # no job is dated
    assert none == {"total": 0, "page": 1, "per_page": 10, "more": False, "jobs": []}


def test_sort_by_fit_without_a_profile_is_the_apis_own_refusal(stack: Stack) -> None:
    message = error(call(stack, "search_jobs", {"sort": "fit"}))
    assert "profile" in message


@pytest.mark.parametrize(
    "arguments",
    [
        {"per_page": 1000},
        {"per_page": 0},
        {"sort": "cheapest"},
        {"posted_since": "last week"},
        {"status": "dreaming"},
        {"remote": "perhaps"},
        {"page": -1},
        {"archived": "all"},
    ],
)
def test_bad_search_arguments_are_tool_errors(stack: Stack, arguments: dict[str, Any]) -> None:
    message = error(call(stack, "search_jobs", arguments))
    assert next(iter(arguments)) in message


def test_get_job_gives_the_whole_job_with_a_cut_description(stack: Stack) -> None:
    job_id = stack.ids["Data Engineer"]
    job = answer(call(stack, "get_job", {"job_id": job_id, "description_chars": 40}))
    assert job["id"] == job_id and job["company"] == "Globex"
    assert job["description"].startswith("Data Engineer at Globex.") and job["description"].endswith(" …")
    assert job["description_cut_at"] == 40
    assert job["sources"] == [{"site": "example", "url": "https://jobs.example.org/1"}]
    assert "no job" in error(call(stack, "get_job", {"job_id": 99999}))
    assert "job_id" in error(call(stack, "get_job", {"job_id": "abc"}))
    assert "job_id" in error(call(stack, "get_job", {}))


def test_update_job_goes_through_the_writer(stack: Stack) -> None:
    job_id = stack.ids["Backend Engineer"]
    changed = answer(
        call(
            stack,
            "update_job",
            {"job_id": job_id, "favorite": True, "status": "applied", "notes": "call Ann"},
        )
    )
    assert changed["favorite"] is True and changed["status"] == "applied" and changed["notes"] == "call Ann"
    assert changed["applied_at"]  # moving to applied records the date, as the API does
    reader = open_reader(stack.db_path)
    with reader.reader() as conn:
        row = conn.execute(JOB.select().where(JOB.c.id == job_id)).one()
    reader.dispose()
    assert (row.favorite, row.status, row.notes) == (True, "applied", "call Ann")
    favorites = answer(call(stack, "search_jobs", {"favorites": True}))
    assert [j["id"] for j in favorites["jobs"]] == [job_id]
    again = answer(call(stack, "update_job", {"job_id": job_id, "favorite": False}))
    assert "favorite" not in again and again["notes"] == "call Ann"  # only what was given changed


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        ({"job_id": 1}, "nothing to change"),
        ({"job_id": 1, "status": "dreaming"}, "status"),
        ({"job_id": 1, "favorite": "very"}, "favorite"),
        ({"job_id": 0, "favorite": True}, "job_id"),
        ({"job_id": 99999, "favorite": True}, "no job"),
        ({"job_id": 1, "notes": "x" * 100_001}, "notes"),
    ],
)
def test_bad_updates_are_tool_errors(stack: Stack, arguments: dict[str, Any], said: str) -> None:
    assert said in error(call(stack, "update_job", arguments))


def test_start_a_scrape_and_follow_it_to_the_end(stack: Stack) -> None:
    progress: list[tuple[float, float | None, str | None]] = []

    async def noted(done: float, total: float | None, message: str | None) -> None:
        progress.append((done, total, message))

    async def body(client: Client) -> Any:
        started = await client.call_tool("start_scrape", {"searches": [SEARCH["name"]]})
        run_id = answer(started)["run_id"]
        waited = await client.call_tool(
            "run_status", {"run_id": run_id, "wait_s": 30}, progress_callback=noted
        )
        return answer(started), answer(waited)

    started, finished = with_client(stack.server(), body)
    assert progress and progress[0] == (0, 1, f"run {started['run_id']}: running")  # while it waited
    assert started["status"] == "running" and started["finished"] is False
    assert finished["run_id"] == started["run_id"] and finished["status"] == "done" and finished["finished"]
    assert finished["sources"] == [
        {"source": "indeed · py-berlin", "status": "done", "found": 4, "new": 3, "updated": 0}
    ]
    assert finished["events"] == ["run started", "run done: 3 new"]  # each event once, over the polls
    assert answer(call(stack, "run_status", {"run_id": started["run_id"], "events_after": 1}))["finished"]


def test_scrape_refusals_are_tool_errors(stack: Stack) -> None:
    assert "nothing to scrape" in error(call(stack, "start_scrape", {}))
    assert "nope" in error(call(stack, "start_scrape", {"searches": ["nope"]}))
    assert "companies" in error(call(stack, "start_scrape", {"companies": "Acme"}))
    assert "no run" in error(call(stack, "run_status", {"run_id": 4242}))
    assert "wait_s" in error(call(stack, "run_status", {"run_id": 1, "wait_s": 100000}))
    stack.coordinator.hold = True
    first = answer(call(stack, "start_scrape", {"companies": [COMPANY["name"]]}))
    message = error(call(stack, "start_scrape", {"companies": [COMPANY["name"]]}))
    assert f"run_status(run_id={first['run_id']})" in message and "already scraping" in message


def test_job_stats(stack: Stack) -> None:
    stats = answer(call(stack, "job_stats", {"days": 7}))
    assert stats["totals"]["jobs"] == len(JOBS) and stats["new_in_window"] == len(JOBS)
    assert stats["days"] == 7 and stats["by_status"] == {"new": len(JOBS)}
    assert "days" in error(call(stack, "job_stats", {"days": 0}))


def test_without_a_running_api_every_call_says_how_to_start_it() -> None:
    server = build_server(ApiClient(f"http://127.0.0.1:{free_port()}"))

    async def body(client: Client) -> Any:
        calls = [
            ("search_jobs", {}),
            ("get_job", {"job_id": 1}),
            ("update_job", {"job_id": 1, "favorite": True}),
            ("start_scrape", {"all_saved": True}),
            ("run_status", {"run_id": 1}),
            ("list_saved", {}),
            ("job_stats", {}),
        ]
        results = [await client.call_tool(name, arguments) for name, arguments in calls]
        try:
            await client.read_resource(RESOURCES["searches"])
        except Exception as exc:  # the SDK raises the server's resource error as MCPError
            resource = str(exc)
        return results, resource

    results, resource = with_client(server, body)
    assert len(results) == len(TOOLS)
    for result in results:
        assert "not running" in error(result) and "jobscraper serve" in error(result)
    assert "jobscraper serve" in resource


def test_an_api_with_a_token_gets_it_and_without_it_says_which_variable(tmp_path: Path) -> None:
    token = "k" * 32
    with api_stack(tmp_path / "a", api_token=token, client_token=token) as stack:
        assert answer(call(stack, "job_stats", {}))["totals"]["jobs"] == len(JOBS)
    with api_stack(tmp_path / "b", api_token=token) as stack:
        assert "JOBSCRAPER_API_TOKEN" in error(call(stack, "job_stats", {}))


def test_an_api_that_does_not_answer_in_time_is_a_tool_error() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    server = build_server(ApiClient("http://127.0.0.1:8000", transport=httpx.MockTransport(hang)))

    async def body(client: Client) -> CallToolResult:
        return await client.call_tool("search_jobs", {})

    assert "did not answer within 60 s" in error(with_client(server, body))


def test_an_answer_of_another_shape_is_a_tool_error_that_says_so() -> None:
    def other(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"jobs": "elsewhere"})

    server = build_server(ApiClient("http://127.0.0.1:8000", transport=httpx.MockTransport(other)))

    async def body(client: Client) -> list[CallToolResult]:
        return [await client.call_tool(name, {}) for name in ("search_jobs", "list_saved", "job_stats")]

    for result in with_client(server, body):
        assert "not what this MCP server expects" in error(result) and "same version" in error(result)
