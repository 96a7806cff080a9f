"""The client of the embedding deployment (``matching.embed_in: serve``; the deployment is
:mod:`serve.embedding`): an :class:`~jobscraper.matching.embed.Embedder` whose ``embed`` sends the
texts to the deployment's replicas through a Serve ``DeploymentHandle`` and waits for their vectors.

It is used where the model would otherwise be loaded in-process: a scrape run's embedding pass in
the coordinator (:class:`actors.embedding.Embeddings`) and the Api replica's search queries and
résumés (:mod:`serve.api`). Both call ``embed`` from a worker thread, never from an event loop
(a handle's ``result()`` blocks). A call's texts go out as today's batches (``matching.batch_size``),
cut further so that each replica gets a share (:func:`pieces`): all pieces are sent before the
first answer is awaited, so the replicas embed side by side.

The deployment answers :meth:`info` before any embedding: the model's id, its dimensions and its
token cut (the latter two as the in-process model has them, so a fit stored through either path has
the same version, :func:`~jobscraper.matching.fit_store.fit_version`), or why its replica could not
load the model. This module imports no Serve code of the project (``actors`` never does), only the
deployment's name.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy

from jobscraper.config import MatchingSettings
from jobscraper.errors import JobscraperError
from jobscraper.matching.embed import SMALL_BATCH

__all__ = [
    "CALL_TIMEOUT_S",
    "EMBEDDING_DEPLOYMENT",
    "INFO_TIMEOUT_S",
    "EmbeddingUnavailable",
    "ServeEmbedder",
    "pieces",
    "service_embedder",
]

EMBEDDING_DEPLOYMENT = "EmbeddingService"
"""The deployment's name in the ``jobscraper`` Serve application."""
INFO_TIMEOUT_S = 60.0
"""How long the first answer may take (a replica that is starting loads the model first, ~1 s)."""
CALL_TIMEOUT_S = 600.0
"""How long one piece's vectors may take (a batch takes well under a second on one core)."""


class EmbeddingUnavailable(JobscraperError):
    """The embedding deployment cannot embed: not deployed, not reachable, or its model did not load."""


def pieces(texts: list[str], batch_size: int, replicas: int) -> list[list[str]]:
    """``texts`` in consecutive pieces of at most ``batch_size``, and in at least ``replicas``
    pieces when there are enough texts for each to be worth a call (:data:`SMALL_BATCH`)."""
    if not texts:
        return []
    wanted = max(math.ceil(len(texts) / batch_size), min(replicas, math.ceil(len(texts) / SMALL_BATCH)))
    size = math.ceil(len(texts) / wanted)
    return [texts[start : start + size] for start in range(0, len(texts), size)]


class ServeEmbedder:
    """The deployment's model behind the :class:`~jobscraper.matching.embed.Embedder` protocol.

    ``handle`` is the deployment's handle (or a stand-in with the same ``method.remote(...)`` →
    ``result(timeout_s=...)`` calls). The constructor asks the deployment for its model and raises
    :class:`EmbeddingUnavailable` saying why when there is none."""

    def __init__(
        self, handle: Any, *, batch_size: int, replicas: int, call_timeout_s: float = CALL_TIMEOUT_S
    ) -> None:
        self._handle = handle
        self._batch_size = batch_size
        self._replicas = replicas
        self._timeout = call_timeout_s
        try:
            info: dict[str, Any] = handle.info.remote().result(timeout_s=INFO_TIMEOUT_S)
        except EmbeddingUnavailable:
            raise
        except Exception as exc:  # Ray's errors, a timeout: the deployment is not there to answer
            raise EmbeddingUnavailable(f"the embedding deployment does not answer: {exc}") from exc
        if info.get("error"):
            raise EmbeddingUnavailable(str(info["error"]))
        self.model_id: str = str(info["model_id"])
        self.dim: int = int(info["dim"])
        self.max_tokens: int | None = info.get("max_tokens")

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, Any]:
        """float32 (n, dim), rows L2-normalised, in the order of ``texts`` (blocking: call it in a thread)."""
        parts = pieces(list(texts), self._batch_size, self._replicas)
        answers = [self._handle.embed.remote(part) for part in parts]  # all sent, then awaited
        vectors = [numpy.asarray(a.result(timeout_s=self._timeout), dtype=numpy.float32) for a in answers]
        if not vectors:
            return numpy.empty((0, self.dim), dtype=numpy.float32)
        return numpy.concatenate(vectors)


def _app_running(app_name: str) -> str | None:
    """Why the deployment cannot be reached in ``app_name``, or None when it can."""
    import ray

    if not ray.is_initialized():
        return "this process is not part of a Ray cluster"
    from ray import serve  # here, not at the top: Serve's imports are ~60 MB of an idle coordinator

    app = serve.status().applications.get(app_name)
    if app is None or not str(app.status).endswith("RUNNING"):
        state = "not deployed" if app is None else str(app.status).rsplit(".", 1)[-1].lower()
        return f"the Serve app {app_name!r} is {state}: start it with `jobscraper serve`"
    if EMBEDDING_DEPLOYMENT not in app.deployments:
        return (
            f"the Serve app {app_name!r} has no {EMBEDDING_DEPLOYMENT} deployment: it was started"
            " without matching.embed_in: serve; restart `jobscraper serve` with it"
        )
    return None


def service_embedder(settings: MatchingSettings, app_name: str) -> ServeEmbedder:
    """The client of the deployment in the running Serve app ``app_name`` (blocking);
    :class:`EmbeddingUnavailable` saying why when there is none."""
    from ray.exceptions import RayError

    try:
        why = _app_running(app_name)
    except RayError as exc:
        why = f"Serve cannot be asked for the {app_name!r} app: {exc}"
    if why is not None:
        raise EmbeddingUnavailable(f"matching.embed_in is serve, but {why}")
    from ray import serve

    handle = serve.get_deployment_handle(EMBEDDING_DEPLOYMENT, app_name=app_name)
    return ServeEmbedder(handle, batch_size=settings.batch_size, replicas=settings.serve.num_replicas)
