"""EmbeddingService: the sentence-embedding model as a Serve deployment (``matching.embed_in: serve``).

By default (``embed_in: process``) the coordinator and every Api replica load their own copy of
the model (:mod:`actors.embedding`, :mod:`serve.profile_match`). With ``serve`` the ``jobscraper``
app binds this deployment (:func:`embedding_deployment`, from :mod:`serve.app`), and a scrape
run's embedding pass and the Api's search queries and résumés go to it through
:class:`actors.embedding_service.ServeEmbedder` — the same ``embed(texts)``/``model_id``/``dim``.

**What it is for, honestly:** the bundled model (USE multilingual v3 in the pure-numpy port) and
any ``matching.model_path`` (the same format, the same numpy forward pass) cannot run on a GPU;
on a GPU node a replica embeds on that node's CPU. What the deployment buys is *where* the model
runs: off the coordinator's and the Api's processes (one copy of ~120 MB instead of one per
process) onto whichever nodes Ray places its replicas, with ``matching.serve.num_replicas``
replicas embedding side by side. That is also why ``matching.serve`` offers ``num_cpus`` and no
``num_gpus``: a GPU reserved here would sit idle.

A replica whose model cannot load (a damaged install, a ``model_path`` missing on that node)
still starts, so the rest of the app deploys; :meth:`EmbeddingService.info` says why, and the
client turns that into ``unavailable`` with the reason (a run's events, the Api's 503).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import numpy
from ray import serve

from actors.embedding_service import EMBEDDING_DEPLOYMENT, EmbeddingUnavailable, ServeEmbedder
from jobscraper.config import MatchingSettings, Settings
from jobscraper.errors import JobscraperError
from jobscraper.matching.embed import Embedder, load_embedder
from serve.profile_match import MeaningLoader

__all__ = ["EmbeddingService", "embedding_deployment", "meaning_through"]

Loader = Callable[[MatchingSettings], Embedder]


@serve.deployment
class EmbeddingService:
    """One replica's model, loaded when the replica starts. ``loader`` is the configured model
    (:func:`~jobscraper.matching.embed.load_embedder`); tests pass a fake."""

    def __init__(self, settings: MatchingSettings, loader: Loader = load_embedder) -> None:
        self._embedder: Embedder | None = None
        self._error: str | None = None
        try:
            self._embedder = loader(settings)
        except (JobscraperError, ImportError, OSError) as exc:
            self._error = f"the embedding model cannot load in the {EMBEDDING_DEPLOYMENT} deployment: {exc}"

    def info(self) -> dict[str, Any]:
        """The model's id, dimensions and token cut, or ``error``: why there is no model."""
        model = self._embedder
        if model is None:
            return {"error": self._error}
        tokens = getattr(model, "max_tokens", None)
        return {"model_id": model.model_id, "dim": model.dim, "max_tokens": tokens}

    async def embed(self, texts: list[str]) -> numpy.ndarray[Any, Any]:
        """float32 (n, dim), rows L2-normalised; the forward pass runs in a thread, so the replica
        keeps answering ``info`` (the model embeds one batch at a time)."""
        model = self._embedder
        if model is None:
            raise EmbeddingUnavailable(self._error or "the embedding model is not loaded")
        return await asyncio.to_thread(model.embed, texts)


def embedding_deployment(settings: MatchingSettings) -> Any:
    """The bound deployment with ``matching.serve``'s replicas and CPUs (no GPU: see the module)."""
    options = settings.serve
    return EmbeddingService.options(  # type: ignore[attr-defined]
        name=EMBEDDING_DEPLOYMENT,
        num_replicas=options.num_replicas,
        ray_actor_options={"num_cpus": options.num_cpus},
    ).bind(settings)


def meaning_through(handle: Any, settings: MatchingSettings) -> MeaningLoader:
    """The Api replica's model and job vectors (:class:`~serve.profile_match.MeaningLoader`) with
    the deployment's client as the model: connected on the first search or match that needs it,
    kept once connected (the handle follows the deployment's replicas), tried again after a failure."""

    def connect(_: Settings) -> ServeEmbedder:
        return ServeEmbedder(handle, batch_size=settings.batch_size, replicas=settings.serve.num_replicas)

    return MeaningLoader(load_embedder=connect)
