"""The MCP server against the real API on a local Serve (the Ray actors, the WriterActor, the
coordinator, the demo board standing in for the internet), driven by the SDK's own client: start
a scrape of a watched company, follow it to the end, find its jobs, mark one, read the stats."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp_types import CallToolResult

from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.mcp import RESOURCES, ApiClient, build_server
from jobscraper.store import open_reader
from jobscraper.store.tables import JOB
from tests.serve_demo import demo_settings, serve_app


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, local_ray: None) -> Iterator[tuple[str, Path, str]]:
    db_path = tmp_path_factory.mktemp("mcp") / "jobs.db"
    board = DemoBoard(DemoKnobs(companies=2, jobs_per_company=5, latency_s=0.02))
    board.start()
    company = board.company_configs()[0]
    settings = demo_settings(
        board, db_path, companies=[company.model_dump()], searches=[board.search().model_dump()]
    )
    with serve_app(settings, board) as base:
        # the first request starts the API's writer and coordinator: not what is tested here
        with urllib.request.urlopen(f"{base}/api/searches", timeout=300) as response:
            assert response.status == 200
        yield base, db_path, company.name


def _answer(result: CallToolResult) -> Any:
    text = result.content[0].text  # type: ignore[union-attr]
    assert not result.is_error, text
    return json.loads(text)


def test_an_assistant_scrapes_finds_and_marks_a_job(api: tuple[str, Path, str]) -> None:
    base, db_path, company = api
    server = build_server(ApiClient(base), poll_s=0.2)

    async def session() -> dict[str, Any]:
        with anyio.fail_after(300):
            async with Client(server) as client:
                out: dict[str, Any] = {}
                out["saved"] = _answer(await client.call_tool("list_saved", {}))
                resource = await client.read_resource(RESOURCES["companies"])
                out["resource"] = json.loads(resource.contents[0].text)  # type: ignore[union-attr]
                started = _answer(await client.call_tool("start_scrape", {"companies": [company]}))
                out["again"] = await client.call_tool("start_scrape", {"companies": [company]})
                out["run"] = _answer(
                    await client.call_tool("run_status", {"run_id": started["run_id"], "wait_s": 240})
                )
                out["found"] = _answer(await client.call_tool("search_jobs", {"per_page": 50}))
                job_id = out["found"]["jobs"][0]["id"]
                out["job"] = _answer(await client.call_tool("get_job", {"job_id": job_id}))
                out["marked"] = _answer(
                    await client.call_tool(
                        "update_job",
                        {"job_id": job_id, "favorite": True, "status": "interested", "notes": "ask"},
                    )
                )
                out["favorites"] = _answer(await client.call_tool("search_jobs", {"favorites": True}))
                out["stats"] = _answer(await client.call_tool("job_stats", {}))
                out["bad"] = await client.call_tool("search_jobs", {"sort": "nope"})
                return out

    out = anyio.run(session)
    assert company in [c["name"] for c in out["saved"]["companies"]]
    assert company in [c["name"] for c in out["resource"]]
    # a second start while the first runs is refused, naming the run to follow (or, if the first
    # was already over, it simply starts another)
    again: CallToolResult = out["again"]
    if again.is_error:
        assert "run_status(run_id=" in again.content[0].text  # type: ignore[union-attr]
    run = out["run"]
    assert run["finished"] and run["status"] == "done", run
    [source] = run["sources"]
    assert source["source"] == company and source["found"] == 5 and source["new"] == 5
    assert "run_started" not in run["events"] and run["events"]  # messages, not event types
    assert out["found"]["total"] == 5 and {j["company"] for j in out["found"]["jobs"]} == {company}
    assert out["job"]["description"] and out["job"]["sources"]
    assert out["marked"]["favorite"] is True and out["marked"]["status"] == "interested"
    assert [j["id"] for j in out["favorites"]["jobs"]] == [out["job"]["id"]]
    assert out["stats"]["totals"]["jobs"] == 5 and out["stats"]["totals"]["favorites"] == 1
    assert out["bad"].is_error and "sort" in out["bad"].content[0].text
    reader = open_reader(db_path)  # written by the WriterActor, as any edit from the UI
    with reader.reader() as conn:
        row = conn.execute(JOB.select().where(JOB.c.id == out["job"]["id"])).one()
    reader.dispose()
    assert (row.favorite, row.status, row.notes) == (True, "interested", "ask")
