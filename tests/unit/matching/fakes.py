"""Test doubles for the embeddings: a hashing bag-of-words embedder and an exact in-memory index.

Both are deterministic and need no model: the embedder hashes each word into one of ``dim``
buckets, so texts that share words have a higher cosine, which is all ranking tests need. They are
fakes, not the project's model (the real model's tests live with :mod:`jobscraper.matching.embed`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

import numpy

from jobscraper.store import Database

__all__ = ["THREE_POSTINGS", "FakeIndex", "HashingEmbedder"]

_WORD = re.compile(r"[\w+#]+")


class HashingEmbedder:
    """Word counts hashed into ``dim`` buckets, L2-normalised (a fake sentence embedder)."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.model_id = f"fake-hashing-bow-{dim}"
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, Any]:
        self.calls += 1
        out = numpy.zeros((len(texts), self.dim), dtype=numpy.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
                out[row, bucket % self.dim] += 1.0
            norm = numpy.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


class FakeIndex:
    """Every job's vector (its title and description, embedded by ``embedder``) held in memory;
    ``search`` is an exact scan (dot products), best first. ``skip`` leaves jobs out (as if not
    embedded yet)."""

    def __init__(self, db: Database, embedder: HashingEmbedder, *, skip: Sequence[int] = ()) -> None:
        from sqlalchemy import text

        with db.reader() as conn:
            rows = conn.execute(text("SELECT id, title, coalesce(description, '') FROM job")).all()
        kept = [r for r in rows if r[0] not in skip]
        self.ids = [int(r[0]) for r in kept]
        self.vectors = embedder.embed([f"{r[1]}\n{r[2]}" for r in kept])
        self.searches = 0

    def search(self, query: numpy.ndarray[Any, Any], k: int | None = None) -> list[tuple[int, float]]:
        self.searches += 1
        sims = self.vectors @ numpy.atleast_2d(query).T  # a résumé's sentences: a job's 2 closest, averaged
        cosines = numpy.sort(sims, axis=1)[:, -min(2, sims.shape[1]) :].mean(axis=1)
        order = sorted(range(len(self.ids)), key=lambda i: (-float(cosines[i]), self.ids[i]))
        return [(self.ids[i], float(cosines[i])) for i in order[:k]]


THREE_POSTINGS: list[dict[str, Any]] = [  # a fit, a remote job closed to Europe, an unrelated job
    {
        "title": "Senior Backend Engineer (Python, Django)",
        "location": "Lisbon, Portugal",
        "description": "Build Python services with Django and PostgreSQL.",
        "skills": ["Python", "Django"],
    },
    {
        "title": "Senior Python Engineer",
        "location": "Remote (US only)",
        "is_remote": True,
        "description": "Python services and PostgreSQL for our platform.",
        "skills": ["Python", "PostgreSQL"],
    },
    {
        "title": "ICU Nurse",
        "location": "Chicago, IL",
        "description": "Critical care nursing on a busy ward.",
        "skills": ["Critical care"],
    },
]
