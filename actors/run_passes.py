"""A run's extraction and embedding passes, as the run driver (:mod:`actors.run_driver`) runs them.

Per run: ``start`` begins both in the background, beside the run's sources rather than before them
(finding the extraction service asks Serve's controller: ~45 ms on 2 loaded cores, more the first
time, which held up every source's start and the run's first events on screen, issue 17); nothing
is lost meanwhile, because a pass's first walk finds whatever was written before it began.
``notify`` wakes both after each written batch; ``finish`` ends them once the scrape is over
(embedding after extraction, whose skills change what is embedded), each with its closing event;
``stop`` cancels them (a cancelled or failed run); ``forget`` drops the run's entries.
"""

from __future__ import annotations

import asyncio
from typing import Any

from actors.embedding import EmbeddingLoop, Embeddings, finish_embedding, start_embedding
from actors.enrich import EnrichmentLoop, Extractor, resolve_extractor
from actors.run_log import RunLog
from jobscraper.config import ExtractionSettings
from jobscraper.errors import JobscraperError
from jobscraper.store.writer_client import WriterClient

__all__ = ["RunPasses"]

_Started = tuple[Any, asyncio.Task[None]]  # a pass's loop (to notify and finish) and its task


async def stopped(*tasks: asyncio.Task[Any] | None) -> None:
    """Cancel these tasks and wait until they have stopped."""
    for task in tasks:
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


class RunPasses:
    """The extraction and embedding passes of each run of one coordinator. ``embeddings`` None:
    runs embed nothing."""

    def __init__(
        self,
        extraction: ExtractionSettings,
        extraction_app: str,
        embeddings: Embeddings | None,
        writer: WriterClient,
        log: RunLog,
    ) -> None:
        self._settings = extraction
        self._app = extraction_app
        self._embeddings = embeddings
        self._writer = writer
        self._log = log
        self._claimed: set[int] = set()  # job ids being extracted by any run
        self._starting: dict[int, asyncio.Task[None]] = {}
        self._extraction: dict[int, tuple[EnrichmentLoop, asyncio.Task[None]]] = {}
        self._embedding: dict[int, tuple[EmbeddingLoop, asyncio.Task[None]]] = {}

    def start(self, run_id: int) -> None:
        self._starting[run_id] = asyncio.get_running_loop().create_task(self._start(run_id))

    async def started(self, run_id: int) -> None:
        """Wait until the run's passes have started; raises what starting them raised."""
        await self._starting[run_id]

    def notify(self, run_id: int) -> None:
        """A batch of the run's postings was written: the passes have new work."""
        for started in (self._extraction.get(run_id), self._embedding.get(run_id)):
            if started is not None:
                started[0].notify()

    async def finish(self, run_id: int) -> None:
        """End the run's passes (the scrape is over): extraction first, then embedding."""
        extraction = self._extraction.get(run_id)
        if extraction is not None:
            loop, task = extraction
            loop.finish()
            await task
            progress = self._log.state(run_id).extraction
            self._log.event(
                run_id,
                None,
                "extraction_done",
                f"extraction {progress.status}: {progress.extracted} extracted, {progress.failed} failed",
                **progress.model_dump(include={"extracted", "failed", "deferred", "pools"}),
            )
        await finish_embedding(self._embedding.get(run_id), self._emitter(run_id))

    async def stop(self, run_id: int) -> None:
        """Cancel the run's passes and wait until they have stopped."""
        await stopped(self._starting.get(run_id))  # first: one still starting would start after
        await stopped(*(started[1] for started in self._started(run_id)))

    def forget(self, run_id: int) -> None:
        for table in (self._starting, self._extraction, self._embedding):
            table.pop(run_id, None)

    def _started(self, run_id: int) -> list[_Started]:
        found = (self._extraction.get(run_id), self._embedding.get(run_id))
        return [started for started in found if started is not None]

    def _emitter(self, run_id: int) -> Any:
        return lambda kind, message, **data: self._log.event(run_id, None, kind, message, **data)

    async def _start(self, run_id: int) -> None:
        extracting = await self._start_extraction(run_id)
        if self._embeddings is not None:
            state = self._log.state(run_id)
            started = await start_embedding(
                self._embeddings,
                self._writer,
                state.embedding,
                self._emitter(run_id),
                after_extraction=extracting,
            )
            if started is not None:
                self._embedding[run_id] = started

    async def _start_extraction(self, run_id: int) -> bool:
        """Start the run's extraction pass; False when it does not run (its event says why)."""
        state = self._log.state(run_id)
        extractor: Extractor | None
        try:
            extractor, via = await resolve_extractor(self._settings, self._app)
        except JobscraperError as exc:  # e.g. an openai engine whose config is unusable: scrape anyway
            extractor, via = None, f"extraction could not start: {exc}"
        state.extraction.via = via
        if extractor is None:
            state.extraction.status = "off"
            self._log.event(run_id, None, "extraction_off", via)
            return False
        loop = EnrichmentLoop(
            self._writer,
            extractor,
            state.extraction,
            batch_size=self._settings.batch_size,
            claimed=self._claimed,
            emit=self._emitter(run_id),
        )
        self._log.event(run_id, None, "extraction_started", via)
        self._extraction[run_id] = loop, asyncio.get_running_loop().create_task(loop.run())
        return True
