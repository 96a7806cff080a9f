"""Ray actors wrapping the jobscraper core: scheduling, limits, retries, the single writer."""

from actors.writer import (
    WRITER_NAME,
    WriterActor,
    WriterClient,
    find_writer,
    start_writer,
)

__all__ = ["WRITER_NAME", "WriterActor", "WriterClient", "find_writer", "start_writer"]
