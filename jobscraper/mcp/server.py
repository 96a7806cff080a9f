"""``jobscraper mcp``: the MCP server an assistant (Claude Desktop, an IDE, any MCP client) starts.

Built on the official MCP Python SDK (``mcp``, 2.x: :class:`~mcp.server.mcpserver.MCPServer`). It
is a client of the running jobscraper API (:mod:`jobscraper.mcp.api`), like the web UI: reads and
writes go through the API's routes, so the single-writer rule holds and nothing here opens the
database. Tools: :mod:`jobscraper.mcp.tools`. Resources: ``jobscraper://searches`` and
``jobscraper://companies`` (JSON). Transports: stdio (what assistants start by default) and
streamable HTTP (:mod:`jobscraper.mcp.http`).
"""

from __future__ import annotations

import json
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError

from jobscraper import __version__
from jobscraper.mcp.api import ApiClient, ApiProblem
from jobscraper.mcp.tools import add_tools, saved_companies, saved_searches

__all__ = ["INSTRUCTIONS", "RESOURCES", "build_server"]

INSTRUCTIONS = (
    "jobscraper is the person's own job database, filled by scrapes of job boards, ATS boards and "
    "career pages. search_jobs finds jobs (sort=fit ranks them for the person's active profile); "
    "get_job reads one; update_job records the person's favourite, application status and notes — "
    "change those only when the person asks. list_saved names the saved searches and watched "
    "companies; start_scrape runs them now and run_status follows the run (wait_s waits for it)."
)
RESOURCES = {"searches": "jobscraper://searches", "companies": "jobscraper://companies"}


def build_server(api: ApiClient, *, poll_s: float = 1.0) -> MCPServer:
    """The MCP server over ``api``; ``poll_s``: how often ``run_status`` polls a run it waits for."""
    server: MCPServer = MCPServer(
        "jobscraper",
        title="jobscraper",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",  # stdio: stderr is the assistant's log; a line per tool call is noise
    )
    add_tools(server, api, poll_s=poll_s)
    searches, companies = saved_searches(api), saved_companies(api)

    async def as_json(read: Any) -> str:
        try:
            return json.dumps(await read(), ensure_ascii=False, separators=(",", ":"))
        except ApiProblem as exc:
            raise ResourceError(str(exc)) from exc

    @server.resource(
        RESOURCES["searches"],
        name="saved-searches",
        title="Saved searches",
        description="The saved job-board searches: name, term, location, sites, schedule, last run.",
        mime_type="application/json",
    )
    async def read_searches() -> str:
        return await as_json(searches)

    @server.resource(
        RESOURCES["companies"],
        name="watched-companies",
        title="Watched companies",
        description="The watched companies (career pages, ATS boards): name, URL, kind, jobs, last run.",
        mime_type="application/json",
    )
    async def read_companies() -> str:
        return await as_json(companies)

    return server
