"""What is embedded for a job, and the exact vector search over the job database's vectors.

:class:`VectorIndex` holds every vector of one model as one int8 matrix (``jobscraper.store.vectors``
stores them quantised) and scans it exactly in numpy, in blocks, so the float copy never exists
whole: 100k jobs × 512 dimensions is 51 MB. Nothing needs a database extension, so it works the
same on SQLite builds without extension loading and on PostgreSQL without pgvector.

A query is one vector (plain cosine) or a résumé's chunk vectors (m × dim,
:func:`jobscraper.matching.embed.embed_resume`): a job is then scored by the mean of its two
closest chunks, so the résumé's generic parts do not dilute its meaning.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import numpy

if TYPE_CHECKING:
    from jobscraper.store import Database

__all__ = ["BLOCK_ROWS", "TOP_CHUNKS", "VectorIndex", "job_text"]

BLOCK_ROWS = 512
"""Rows of the int8 matrix turned into floats at a time. Small on purpose: a 512-row float block
(1 MB) stays in cache, and OpenBLAS keeps a product this size on one thread — from 1,024 rows it
splits each product over its threads, which on a busy 2-core machine made a 100k scan 10-40x
slower (median 16 ms at 512 rows against 142 ms at 8,192 and 605 ms at 1,024, measured side by
side under load)."""

TOP_CHUNKS = 2
"""A multi-chunk query scores a job by the mean of this many of its best chunk cosines."""


@functools.cache
def _blas_limit() -> Any:
    """threadpoolctl's limiter, its BLAS libraries found once (None: threadpoolctl missing)."""
    try:
        threadpoolctl: Any = importlib.import_module("threadpoolctl")
    except ImportError:
        return None
    return threadpoolctl.ThreadpoolController().limit


def _one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """BLAS on one thread for a scan: OpenBLAS splits a 512-row matrix-vector product over its
    threads, and while another process holds a core each block waits for it (a 90k scan's p90
    14 ms against 7.4 on one thread, the median the same); the limit costs about 10 µs."""
    limit = _blas_limit()
    return contextlib.nullcontext() if limit is None else limit(limits=1, user_api="blas")


def job_text(job: Mapping[str, Any]) -> str:
    """What is embedded for a job: its title, its skills, then its description (the embedder cuts
    the whole to ``matching.max_tokens`` words, so the description's head counts)."""
    parts = [str(job.get("title") or "").strip()]
    skills = job.get("skills") or []
    if skills:
        parts.append(", ".join(str(skill) for skill in skills))
    description = str(job.get("description") or "").strip()
    if description:
        parts.append(description)
    return ". ".join(part for part in parts if part)


class VectorIndex:
    """Every job vector of one model, scanned exactly: ``search`` best first, ``similarity`` all."""

    def __init__(
        self, ids: numpy.ndarray[Any, Any], matrix: numpy.ndarray[Any, Any], scales: numpy.ndarray[Any, Any]
    ) -> None:
        self.ids = numpy.asarray(ids, dtype=numpy.int64)
        self.matrix = numpy.asarray(matrix, dtype=numpy.int8)
        # cosine with the quantised direction: (query · row) / |row|, the scale cancels out
        norms = numpy.sqrt(numpy.einsum("ij,ij->i", self.matrix, self.matrix, dtype=numpy.float64))
        self._inverse_norm = numpy.where(norms > 0, 1.0 / numpy.where(norms > 0, norms, 1.0), 0.0).astype(
            numpy.float32
        )
        self.scales = numpy.asarray(scales, dtype=numpy.float32)

    @classmethod
    def load(cls, db: Database, model_id: str) -> VectorIndex:
        """Every vector of ``model_id`` in the job database."""
        from jobscraper.store.vectors import load_vectors

        return cls(*load_vectors(db, model_id))

    def __len__(self) -> int:
        return len(self.ids)

    def _scores(self, query: numpy.ndarray[Any, Any]) -> numpy.ndarray[Any, Any]:
        """Each indexed job's score for the query: cosine (1-D) or its top-chunk mean (2-D).

        Each block of rows is converted into one float buffer allocated once per scan (a fresh
        1 MB array per block, 200 of them at 100k jobs, cost a third of the scan), and a 1-D query
        is one matrix-vector product per block, the norms applied once at the end: 9.7 -> 6.5 ms
        at 90k jobs, the same floats."""
        q = numpy.asarray(query, dtype=numpy.float32)
        chunks = q.reshape(1, -1) if q.ndim == 1 else q
        if chunks.shape[0] == 0:
            raise ValueError("an empty query")
        chunks = chunks / numpy.maximum(numpy.linalg.norm(chunks, axis=1, keepdims=True), 1e-12)
        with _one_blas_thread():
            return self._scan(chunks)

    def _scan(self, chunks: numpy.ndarray[Any, Any]) -> numpy.ndarray[Any, Any]:
        out = numpy.empty(len(self.ids), dtype=numpy.float32)
        buffer = numpy.empty((min(BLOCK_ROWS, len(self.ids)), self.matrix.shape[1]), dtype=numpy.float32)
        top = min(TOP_CHUNKS, chunks.shape[0])
        for start in range(0, len(self.ids), BLOCK_ROWS):
            rows = self.matrix[start : start + BLOCK_ROWS]
            block = buffer[: len(rows)]
            numpy.copyto(block, rows, casting="unsafe")
            if top == 1 and chunks.shape[0] == 1:
                numpy.matmul(block, chunks[0], out=out[start : start + len(rows)])
                continue
            cosines = (block @ chunks.T) * self._inverse_norm[start : start + BLOCK_ROWS, None]
            if top == 1:
                out[start : start + len(rows)] = cosines.max(axis=1)
            else:
                best = numpy.partition(cosines, cosines.shape[1] - top, axis=1)[:, -top:]
                out[start : start + len(rows)] = best.mean(axis=1)
        if chunks.shape[0] == 1:
            out *= self._inverse_norm
        return out

    def search(
        self, query: numpy.ndarray[Any, Any], k: int | None = None, ids: Collection[int] | None = None
    ) -> list[tuple[int, float]]:
        """(job_id, cosine) best first, ties to the lower id; at most ``k`` (None: all), only among
        ``ids`` when given."""
        scores = self._scores(query)
        if ids is None:
            positions = numpy.arange(len(self.ids))
            candidates = scores
        else:
            positions = numpy.flatnonzero(numpy.isin(self.ids, numpy.fromiter(ids, dtype=numpy.int64)))
            candidates = scores[positions]
        if k is not None and k < len(positions):
            if k <= 0:
                return []
            threshold = numpy.partition(candidates, len(candidates) - k)[len(candidates) - k]
            kept = candidates >= threshold  # keep ties at the cut
            positions, candidates = positions[kept], candidates[kept]
        order = positions[numpy.lexsort((self.ids[positions], -candidates))]
        if k is not None:
            order = order[:k]
        return list(zip(self.ids[order].tolist(), scores[order].astype(numpy.float64).tolist(), strict=True))

    def similarity(self, query: numpy.ndarray[Any, Any]) -> dict[int, float]:
        """Every indexed job's score for the query."""
        scores = self._scores(query)
        return {int(job_id): float(score) for job_id, score in zip(self.ids, scores, strict=True)}
