"""The embedding pass of a scrape run: jobs needing a vector → the embedding model → the writer.

Like the extraction pass (:mod:`actors.enrich`, whose :class:`~actors.enrich.CursorPass` it
shares), the coordinator wakes an :class:`EmbeddingLoop` after each written batch; it reads the jobs
that need a vector of the configured model through the writer (new, content changed, skills added
by extraction, or made by another model: the test is on the rows, :mod:`jobscraper.store.vectors`),
embeds them ``matching.batch_size`` at a time and stores the vectors through the writer. While the
run's extraction pass goes, jobs still waiting for it are left for later (extraction may add the
skills the embedded text holds: embedding them first would embed them twice). When the run's
sources and its extraction pass are done, one more pass from the first id embeds those and catches
jobs that changed behind the cursor. After that walk, the active profile's missing fits are
stored (:mod:`actors.fits`). A job id is claimed while its batch is
embedded, so two runs of one coordinator never embed it at once, and a vector carries the hash of
the text it was made from, so the writer drops it when the job changed meanwhile: the same content
is never embedded twice.

**Where the model runs: in the coordinator's process**, loaded on the first run that needs it and
kept (:class:`Embeddings`, one per coordinator; about 0.8 s and +117 MB for the bundled model). The
model is small and CPU-only, so a separate actor would add a process (Ray's worker overhead is about
the model's size again) and a copy of every batch for nothing; the forward pass runs in a thread
(one thread of lowered CPU priority, :mod:`jobscraper.priority`; numpy releases the GIL) so the
coordinator's event loop keeps answering,
and one lock lets one batch embed at a time however many runs go. With ``matching.embed_in:
serve`` the model runs in the ``jobscraper`` Serve app's embedding deployment instead
(:mod:`serve.embedding`, on the cluster's CPUs — the model is numpy-only, so not on a GPU), and
the pass embeds through its client (:mod:`actors.embedding_service`), looked up afresh for each
run; a run that finds no deployment reports ``unavailable`` with the reason.

If the model cannot load (a damaged install, a ``matching.model_path`` without the model) the pass
is ``unavailable`` and the run's events say why; the run still finishes and the jobs stay pending
for ``jobscraper reindex``. Any other error stops the pass as ``failed`` (logged with its
traceback, shown in the events); what was not stored stays pending.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from actors.embedding_service import EMBEDDING_DEPLOYMENT, service_embedder
from actors.enrich import CursorPass
from actors.faults import traceback_text, unexpected
from actors.fits import FitStore, fill_active_fits
from actors.runs import EmbeddingProgress
from jobscraper.config import MatchingSettings
from jobscraper.errors import JobscraperError
from jobscraper.matching.embed import Embedder
from jobscraper.matching.reindex import embed_jobs
from jobscraper.priority import lower_thread
from jobscraper.store.vectors import StoredVector

__all__ = ["EmbeddingLoop", "EmbeddingStore", "Embeddings", "finish_embedding", "start_embedding"]

log = logging.getLogger(__name__)
Emit = Callable[..., None]
Loader = Callable[[MatchingSettings], Embedder]


class EmbeddingStore(FitStore, Protocol):
    """The writer's side of the pass (and of the fit pass after it): the coordinator's
    :class:`~jobscraper.store.writer_client.WriterClient` is one."""

    def pending_vectors(
        self, model_id: str, after_id: int, limit: int, extracted_only: bool
    ) -> Awaitable[list[dict[str, Any]]]: ...

    def store_vectors(self, model_id: str, dim: int, items: list[StoredVector]) -> Awaitable[int]: ...


def _load_bundled(settings: MatchingSettings) -> Embedder:
    """The configured model on one thread: during a run it embeds in the background, on a thread
    of lowered priority (:class:`Embeddings`); ``matching.threads`` is for ``reindex``/``match``
    and the API's queries, where a person waits for the result."""
    from jobscraper.matching.embed import load_embedder

    return load_embedder(settings.model_copy(update={"threads": 1}))


class Embeddings:
    """The coordinator's embedding model, loaded once on first use, and what its runs share: the
    job ids being embedded and the lock that lets one batch embed at a time. ``loader`` defaults to
    the configured model (:func:`~jobscraper.matching.embed.load_embedder`), or with ``embed_in:
    serve`` to the client of the deployment in the Serve app ``app_name`` (connected for each run:
    the app may have been redeployed or stopped since); tests pass a fake."""

    def __init__(
        self, settings: MatchingSettings, *, loader: Loader | None = None, app_name: str = "jobscraper"
    ) -> None:
        self.settings = settings
        self._remote = settings.embed_in == "serve"
        if loader is None:
            loader = (lambda config: service_embedder(config, app_name)) if self._remote else _load_bundled
        self._loader = loader
        self._where = (
            f"in the {EMBEDDING_DEPLOYMENT} deployment of the Serve app {app_name!r}"
            if self._remote
            else "in the coordinator"
        )
        self._embedder: Embedder | None = None
        self._loading = asyncio.Lock()
        self.claimed: set[int] = set()
        self.busy = asyncio.Lock()
        # the forward passes: one thread at background priority, so the coordinator's progress
        # answers (same process) and the API and UI (other processes) keep the CPU first
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="embedding", initializer=lower_thread)

    async def resolve(self) -> tuple[Embedder | None, str]:
        """The model for this run and a sentence saying so — or None and why not (the setting is
        off, or the model cannot load: then the next run tries again)."""
        if not self.settings.embed_during_runs:
            return None, "embedding is off during runs (matching.embed_during_runs: false)"
        async with self._loading:
            if self._embedder is None or self._remote:
                try:
                    self._embedder = await asyncio.to_thread(self._loader, self.settings)
                except (JobscraperError, ImportError, OSError) as exc:
                    what = "deployment cannot be used" if self._remote else "model cannot load"
                    why = f"the embedding {what}: {exc}"
                    return None, f"{why}; the jobs stay pending for `jobscraper reindex`"
        return self._embedder, f"{self._embedder.model_id} {self._where}"


class EmbeddingLoop(CursorPass):
    """One run's embedding pass; ``notify`` after each written batch, ``finish`` when the run's
    sources and extraction are done."""

    def __init__(
        self,
        store: EmbeddingStore,
        embedder: Embedder,
        progress: EmbeddingProgress,
        *,
        batch_size: int,
        shared: Embeddings,
        emit: Emit,
        after_extraction: bool = False,
    ) -> None:
        super().__init__()
        self._after_extraction = after_extraction  # the run extracts: embed jobs once it has
        self._store = store
        self._embedder = embedder
        self.progress = progress
        self._batch_size = batch_size
        self._shared = shared
        self._emit = emit

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    @property
    def shared(self) -> Embeddings:
        return self._shared

    @property
    def fit_store(self) -> FitStore:
        """The writer, for the fit pass that follows (:mod:`actors.fits`)."""
        return self._store

    async def run(self) -> None:
        self.progress.status = "running"
        try:
            await self._walk()
        except asyncio.CancelledError:
            self.progress.status = "cancelled"
            raise
        except Exception as exc:  # the writer gone, a bug in the model: the pass fails and says why
            log.error("embedding pass failed", exc_info=exc)
            self.progress.status = "failed"
            self.progress.error = unexpected(exc)
            self._emit("embedding_failed", self.progress.error, traceback=traceback_text(exc))
        if self.progress.status == "running":
            self.progress.status = "done"

    def _going(self) -> bool:
        return self.progress.status == "running"

    async def _step(self, cursor: int) -> tuple[int, bool]:
        model = self._embedder
        extracted_only = self._after_extraction and not self._final_pass
        page = await self._store.pending_vectors(model.model_id, cursor, self._batch_size, extracted_only)
        if page:
            cursor = int(page[-1]["id"])
        claimed = self._shared.claimed
        fresh = [job for job in page if job["id"] not in claimed]
        if fresh:
            claimed.update(job["id"] for job in fresh)
            try:
                async with self._shared.busy:
                    items = await asyncio.get_running_loop().run_in_executor(
                        self._shared.executor, embed_jobs, model, fresh
                    )
                stored = await self._store.store_vectors(model.model_id, model.dim, items)
            finally:
                claimed.difference_update(job["id"] for job in fresh)
            self.progress.embedded += stored
            self.progress.changed += len(fresh) - stored
            self._emit("embedded", f"{stored} embedded", stored=stored, changed=len(fresh) - stored)
        return cursor, len(page) == self._batch_size


async def start_embedding(
    shared: Embeddings,
    store: EmbeddingStore,
    progress: EmbeddingProgress,
    emit: Emit,
    *,
    after_extraction: bool = False,
) -> tuple[EmbeddingLoop, asyncio.Task[None]] | None:
    """Start a run's embedding pass (its events say where it runs, or why it does not): the loop
    to notify and finish, and its task; None when it does not run. ``after_extraction``: the run
    has an extraction pass, so jobs waiting for it are embedded after it."""
    embedder, via = await shared.resolve()
    progress.via = via
    if embedder is None:
        progress.status = "off" if not shared.settings.embed_during_runs else "unavailable"
        emit(f"embedding_{progress.status}", via)
        return None
    loop = EmbeddingLoop(
        store,
        embedder,
        progress,
        batch_size=shared.settings.batch_size,
        shared=shared,
        emit=emit,
        after_extraction=after_extraction,
    )
    emit("embedding_started", via)
    return loop, asyncio.get_running_loop().create_task(loop.run())


async def finish_embedding(started: tuple[EmbeddingLoop, asyncio.Task[None]] | None, emit: Emit) -> None:
    """End a run's embedding pass with one more walk from the first id, and say what it did."""
    if started is None:
        return
    loop, task = started
    loop.finish()
    await task
    progress = loop.progress
    emit(
        "embedding_done",
        f"embedding {progress.status}: {progress.embedded} embedded",
        **progress.model_dump(include={"embedded", "changed"}),
    )
    if progress.status == "done":  # then the active profile's fits of what the run brought
        await fill_active_fits(loop.fit_store, loop.embedder, loop.shared.busy, emit)
