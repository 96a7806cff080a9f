"""Embedding every job that still needs a vector: read in id order, embed in batches, write through
the writer (so the database has one writer, and the cluster's WriterActor when one runs).

One pass walks the pending jobs once (a cursor on the id, so a job whose content changes during
the pass is not embedded twice in it: the next pass picks it up). ``jobscraper reindex`` runs it
with a progress bar; ``match``, ``import`` and the run pipeline can call :func:`embed_missing` too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from jobscraper.matching.embed import Embedder
from jobscraper.matching.vectors import job_text

if TYPE_CHECKING:
    from jobscraper.store import Database
    from jobscraper.store.writer_client import WriterClient

__all__ = ["DEFAULT_BATCH", "Progress", "embed_missing", "prepare"]

DEFAULT_BATCH = 64
Progress = Callable[[int, int], object]
"""Told (jobs embedded so far, jobs pending at the start) after each stored batch."""


def embed_missing(
    db: Database,
    writer: WriterClient,
    embedder: Embedder,
    progress: Progress | None = None,
    *,
    batch_size: int = DEFAULT_BATCH,
) -> int:
    """Embed every job of ``db`` without a current vector of ``embedder``'s model (archived jobs
    left out) and store the vectors through ``writer``; returns how many were stored."""
    from jobscraper.store.vectors import StoredVector, count_pending_vectors, pending_vectors, quantize

    total = count_pending_vectors(db, embedder.model_id)
    done = 0
    after_id = 0
    if progress is not None:
        progress(0, total)
    while True:
        jobs = pending_vectors(db, embedder.model_id, limit=batch_size, after_id=after_id)
        if not jobs:
            return done
        after_id = int(jobs[-1]["id"])
        datas, scales = quantize(embedder.embed([job_text(job) for job in jobs]))
        items = [
            StoredVector(job_id=job["id"], content_hash=job["content_hash"], data=data, scale=scale)
            for job, data, scale in zip(jobs, datas, scales, strict=True)
        ]
        done += writer.store_vectors(embedder.model_id, embedder.dim, items).result()
        if progress is not None:
            progress(done, total)


def prepare(db: Database) -> int:
    """Embed what ``db`` is missing with the configured model, through a writer in this process —
    for a caller that owns the database (``bench/match.py``'s ``prepare`` hook); how many were stored."""
    from jobscraper.config import load_settings
    from jobscraper.matching.embed import load_embedder
    from jobscraper.store.writer import Writer
    from jobscraper.store.writer_client import InProcessTransport, WriterClient

    settings = load_settings(None).matching
    writer = WriterClient(InProcessTransport(Writer(db)))
    return embed_missing(db, writer, load_embedder(settings), batch_size=settings.batch_size)
