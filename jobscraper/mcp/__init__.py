"""An MCP server for assistants over the jobscraper API (``jobscraper mcp``; see :mod:`.server`)."""

from jobscraper.mcp.api import ApiClient, ApiProblem, ApiRefused, ApiUnreachable
from jobscraper.mcp.server import INSTRUCTIONS, RESOURCES, build_server

__all__ = [
    "INSTRUCTIONS",
    "RESOURCES",
    "ApiClient",
    "ApiProblem",
    "ApiRefused",
    "ApiUnreachable",
    "build_server",
]
