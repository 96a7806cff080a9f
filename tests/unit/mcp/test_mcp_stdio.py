"""`jobscraper mcp` as an assistant starts it: a child process spoken to over stdin/stdout by the
SDK's stdio client. Stdout carries the protocol only (a stray print would break every assistant),
and a call while no API runs is a tool error that says how to start one."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from tests.ports import free_port

pytestmark = pytest.mark.smoke

SCRIPT = Path(sys.executable).parent / "jobscraper"


def test_the_command_speaks_mcp_over_stdio(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("JOBSCRAPER_")}
    api = f"http://127.0.0.1:{free_port()}"
    params = StdioServerParameters(
        command=str(SCRIPT), args=["mcp", "--api-url", api], env=env, cwd=str(tmp_path)
    )

    async def session() -> Any:
        with anyio.fail_after(120):
            return await talk()

    async def talk() -> Any:
        async with Client(params) as client:
            tools = await client.list_tools()
            resources = await client.list_resources()
            result = await client.call_tool("search_jobs", {"q": "python", "sort": "fit"})
            bad = await client.call_tool("search_jobs", {"per_page": "many"})
            return client.server_info, tools, resources, result, bad

    info, tools, resources, result, bad = anyio.run(session)
    assert info is not None and info.name == "jobscraper"
    assert len(tools.tools) == 7 and len(resources.resources) == 2
    assert result.is_error and f"not running at {api}" in result.content[0].text
    assert bad.is_error and "per_page" in bad.content[0].text
