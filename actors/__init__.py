"""Ray actors wrapping the jobscraper core: the writer, the scrape coordinator, the scraper pool."""

from actors.coordinator import COORDINATOR_NAME, ScrapeCoordinator
from actors.runs import Event, RunSpec, RunState, SourceState, SourceTask
from actors.scraper import ScraperActor
from actors.writer import WRITER_NAME, WriterActor, WriterClient, find_writer, start_writer, writer_client

__all__ = [
    "COORDINATOR_NAME",
    "WRITER_NAME",
    "Event",
    "RunSpec",
    "RunState",
    "ScrapeCoordinator",
    "ScraperActor",
    "SourceState",
    "SourceTask",
    "WriterActor",
    "WriterClient",
    "find_writer",
    "start_writer",
    "writer_client",
]
