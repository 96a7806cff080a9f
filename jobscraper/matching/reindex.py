"""Embedding every job that still needs a vector: read in id order, embed in batches, write through
the writer (so the database has one writer, and the cluster's WriterActor when one runs).

One pass walks the pending jobs once (a cursor on the id, so a job whose content changes during
the pass is not embedded twice in it: the next pass picks it up). ``jobscraper reindex``, ``match``
and ``import`` run it with a progress bar; a scrape run embeds as it goes (``actors.embedding``),
with :func:`embed_jobs` shared. Each vector carries the hash of the text it was made from, so the
writer drops one whose job changed meanwhile (``jobscraper.store.vectors``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from jobscraper.matching.embed import Embedder
from jobscraper.matching.vectors import job_text

if TYPE_CHECKING:
    from jobscraper.store import Database
    from jobscraper.store.vectors import StoredVector
    from jobscraper.store.writer_client import WriterClient

__all__ = ["DEFAULT_BATCH", "Progress", "embed_jobs", "embed_missing", "prepare"]

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
    from jobscraper.store.vectors import count_pending_vectors, pending_vectors

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
        done += writer.store_vectors(embedder.model_id, embedder.dim, embed_jobs(embedder, jobs)).result()
        if progress is not None:
            progress(done, total)


def embed_jobs(embedder: Embedder, jobs: Sequence[Mapping[str, Any]]) -> list[StoredVector]:
    """The quantised vectors of ``jobs`` (rows as :func:`~jobscraper.store.vectors.pending_vectors`
    reads them), each with the content hash and the text hash it was made from."""
    from jobscraper.store.vectors import StoredVector, quantize, text_hash

    texts = [job_text(job) for job in jobs]
    datas, scales = quantize(embedder.embed(texts))
    return [
        StoredVector(
            job_id=job["id"],
            content_hash=job["content_hash"],
            data=data,
            scale=scale,
            text_hash=text_hash(text),
        )
        for job, text, data, scale in zip(jobs, texts, datas, scales, strict=True)
    ]


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
