"""jobscraper — a self-hosted AI job scraper on Ray: boards, career pages and ATS APIs, LLM
enrichment, one SQLite file that never loses what the user wrote."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jobscraper")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
