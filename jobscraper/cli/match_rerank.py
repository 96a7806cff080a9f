"""`jobscraper match --rerank`: the best matches rescored by an LLM (:mod:`jobscraper.matching.rerank`),
as ``GET /api/match?rerank=true`` does.

Which LLM answers (:func:`llm_for`): the extraction service's ExtractionRouter — the GPU path's
throughput pool, whose engine already holds the model — when ``jobscraper serve`` runs on the
cluster this CLI reaches (``ray.address``, or a local Ray); otherwise the configured extraction
engine built in this process (``outlines`` on a CPU, ``openai`` for an endpoint, ``vllm`` on a GPU
nothing else is using). The ``rules`` engine has no model: ``--rerank`` is then refused before
anything is ranked, in one line (exit 2). The flag is the opt-in; ``matching.rerank`` gives top_k,
weight, timeout and output tokens.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jobscraper.errors import ExtractionError, InputError

if TYPE_CHECKING:
    from jobscraper.config import Settings
    from jobscraper.matching.profile import ProfileFields
    from jobscraper.matching.rank import RankedJob
    from jobscraper.matching.rerank import GenerateJson, RerankOutcome
    from jobscraper.store import Database

__all__ = ["NO_LLM", "llm_for", "reranked"]

NO_LLM = (
    "--rerank needs an LLM and extraction.engine is 'rules' (no model): set extraction.engine to vllm "
    "(the GPU path's throughput pool, via `jobscraper serve`), outlines or openai — or match without --rerank"
)


def check_llm(settings: Settings) -> None:
    """:class:`InputError` (one line, exit 2) when no LLM is configured: checked before ranking."""
    if settings.extraction.engine == "rules":
        raise InputError(NO_LLM)


def llm_for(settings: Settings) -> GenerateJson:
    """The LLM call (see the module docstring): the cluster's ExtractionRouter, else the engine here."""
    check_llm(settings)
    router = _cluster_router(settings)
    if router is not None:

        async def routed(prompts: list[str], schema: dict[str, Any], max_tokens: int) -> Any:
            return await router.generate_json.remote(prompts, schema, max_tokens)

        return routed
    from jobscraper.extraction.base import JsonGenerator
    from jobscraper.extraction.engines import make_engine

    engine = make_engine(settings.extraction, "throughput")
    if not isinstance(engine, JsonGenerator):
        raise InputError(f"--rerank: the {settings.extraction.engine} engine cannot write JSON to a schema")

    async def local(
        prompts: list[str], schema: dict[str, Any], max_tokens: int
    ) -> Sequence[str | ExtractionError]:
        return await engine.generate_json(prompts, schema, max_tokens=max_tokens)

    return local


def _cluster_router(settings: Settings) -> Any:
    """The running Serve application's ExtractionRouter, or None when no cluster or app is there."""
    from jobscraper.cli.context import local_ray_running

    address = os.environ.get("RAY_ADDRESS") or settings.ray.address
    if not (address or local_ray_running()):
        return None
    os.environ.setdefault("RAY_AUTH_MODE", settings.ray.auth_mode)  # read when Ray is imported
    import ray
    from ray import serve
    from ray.serve.exceptions import RayServeException

    from serve.app import APP_NAME

    if not ray.is_initialized():
        ray.init(address=address or "auto", namespace=settings.ray.namespace, log_to_driver=False)
    try:
        return serve.get_deployment_handle("ExtractionRouter", app_name=APP_NAME)
    except (RayServeException, KeyError, ValueError):
        return None


def reranked(
    database: Database,
    who: ProfileFields | str,
    ranked: list[RankedJob],
    settings: Settings,
    generate: GenerateJson,
) -> RerankOutcome:
    """``ranked`` with its top ``matching.rerank.top_k`` rescored by ``generate``."""
    from jobscraper.errors import ExtractionUnavailable
    from jobscraper.matching.rerank import job_facts, rerank

    facts = job_facts(database, [job.id for job in ranked[: settings.matching.rerank.top_k]])
    try:
        return asyncio.run(rerank(who, ranked, facts, generate, settings.matching.rerank))
    except ExtractionUnavailable as exc:
        raise InputError(f"--rerank: the LLM is not available: {exc}") from exc
