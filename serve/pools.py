"""ThroughputPool and LongContextPool: one deployment class, two configurations.

Each replica holds one engine (jobscraper/extraction/engines.py). Requests are single postings batched by
``@serve.batch`` up to ``extraction.batch_size``, so callers may send one posting or many and
the engine still sees full batches. On a GPU (engine ``vllm``) a replica asks Ray for the pool's
``gpu_fraction`` of the one GPU both pools share; on CPU it asks for nothing, so the service
fits on small machines beside the scrapers.

``generate_json`` lends the pool's model to other work than extraction (the LLM re-rank of
:mod:`jobscraper.matching.rerank`): prompts in, JSON constrained to the given schema out, when the
engine can write to any schema (vllm, outlines); the rules engine has no model, and says so.

Off the GPU the two pools need no device of their own, and a replica is a Python process of 150 MB
or more: :func:`shares_router` says when the pools run *inside* the router's replica instead, as
:class:`InProcessPool` objects that answer the same calls (``pool.method.remote(...)``) as a
deployment handle — the same class, the same batching, one process less per pool.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import ray
from ray import serve

from jobscraper.config import ExtractionSettings
from jobscraper.errors import ExtractionError, ExtractionUnavailable
from jobscraper.extraction import ExtractionInput, ExtractionResult
from jobscraper.extraction.base import JsonGenerator
from jobscraper.extraction.engines import EngineFactory, PoolName, make_engine, pool_settings
from jobscraper.extraction.vllm_engine import per_worker_gpus
from jobscraper.priority import lower_process

__all__ = [
    "DEPLOYMENT_NAMES",
    "ExtractionPool",
    "InProcessPool",
    "in_process_pools",
    "pool_deployment",
    "shares_router",
]

DEPLOYMENT_NAMES: dict[PoolName, str] = {"throughput": "ThroughputPool", "long_context": "LongContextPool"}


@serve.deployment
class ExtractionPool:
    def __init__(
        self, settings: ExtractionSettings, pool: PoolName, engine_factory: EngineFactory = make_engine
    ) -> None:
        self._pool = pool
        if settings.engine != "vllm" and ray.is_initialized() and ray.get_runtime_context().get_actor_id():
            lower_process()  # CPU extraction is background work (jobscraper.priority); a GPU's is not
        self._engine = engine_factory(settings, pool)
        self._batch_size = settings.batch_size
        self.extract_one.set_max_batch_size(settings.batch_size)  # type: ignore[attr-defined]

    @serve.batch(max_batch_size=16, batch_wait_timeout_s=0.02)
    async def extract_one(self, postings: list[ExtractionInput]) -> list[ExtractionResult]:
        return await self._run(postings)

    async def extract(self, postings: list[ExtractionInput]) -> list[ExtractionResult]:
        """Results for ``postings`` in order: full batches go straight to the engine, the rest is
        batched with other callers' postings."""
        size = self._batch_size
        full = len(postings) - len(postings) % size

        async def whole() -> list[list[ExtractionResult]]:
            return list(
                await asyncio.gather(*(self._run(postings[s : s + size]) for s in range(0, full, size)))
            )

        async def rest() -> list[ExtractionResult]:
            return list(await asyncio.gather(*(self.extract_one(p) for p in postings[full:])))

        chunks, tail = await asyncio.gather(whole(), rest())
        return [result for chunk in chunks for result in chunk] + tail

    async def _run(self, postings: list[ExtractionInput]) -> list[ExtractionResult]:
        results = await self._engine.extract(postings)
        for result in results:
            result.pool = self._pool
        return results

    async def generate_json(
        self, prompts: list[str], schema: dict[str, Any], max_tokens: int
    ) -> list[str | ExtractionError]:
        """The engine's output constrained to ``schema`` for each prompt, in order (an error in the
        place of one it could not answer); :class:`ExtractionUnavailable` when the engine has no model
        that writes to a schema."""
        engine = self._engine
        if not isinstance(engine, JsonGenerator):
            raise ExtractionUnavailable(
                f"the {self._pool} pool's {engine.name!r} engine cannot answer to a JSON schema"
                " (extraction.engine vllm or outlines can)"
            )
        return list(await engine.generate_json(prompts, schema, max_tokens=max_tokens))

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Prompt lengths with this pool's tokenizer (an estimate when the engine has none)."""
        return [self._engine.count_tokens(t) for t in texts]

    def info(self) -> dict[str, Any]:
        return {
            "pool": self._pool,
            "engine": self._engine.name,
            "batch_size": self._batch_size,
            "exact_tokens": bool(getattr(self._engine, "exact_tokens", False)),
        }


def pool_deployment(
    settings: ExtractionSettings, pool: PoolName, engine_factory: EngineFactory = make_engine
) -> Any:
    """The bound deployment for ``pool`` with its resources (GPU fraction only for vLLM)."""
    config = pool_settings(settings, pool)
    actor_options: dict[str, Any] = {"num_cpus": 0}
    if settings.engine == "vllm":
        actor_options["num_gpus"] = config.gpu_fraction
        actor_options["runtime_env"] = {"env_vars": per_worker_gpus(config.gpu_fraction)}
    return ExtractionPool.options(  # type: ignore[attr-defined]
        name=DEPLOYMENT_NAMES[pool],
        num_replicas=config.num_replicas,
        ray_actor_options=actor_options,
        max_ongoing_requests=max(64, settings.batch_size * 4),
    ).bind(settings, pool, engine_factory)


def shares_router(settings: ExtractionSettings) -> bool:
    """Whether both pools run inside the router's replica: an engine that needs no GPU (rules,
    outlines on CPU, openai) and one replica per pool. vLLM keeps two deployments, each with its
    fraction of the GPU (DESIGN §3)."""
    pools = (settings.throughput_pool, settings.long_context_pool)
    return settings.engine != "vllm" and all(p.num_replicas == 1 for p in pools)


class _Call:
    def __init__(self, method: Any) -> None:
        self._method = method

    def remote(self, *args: Any) -> Any:
        async def call() -> Any:
            answer = self._method(*args)
            return await answer if inspect.isawaitable(answer) else answer

        return call()


class InProcessPool:
    """An :class:`ExtractionPool` in this process, called as through its deployment handle
    (``pool.extract.remote(batch)`` is awaitable), so the router needs no second code path."""

    def __init__(self, settings: ExtractionSettings, pool: PoolName, engine_factory: EngineFactory) -> None:
        pool_class: Any = ExtractionPool.func_or_class  # type: ignore[attr-defined]
        self._pool = pool_class(settings, pool, engine_factory)

    def __getattr__(self, method: str) -> _Call:
        if method.startswith("_"):
            raise AttributeError(method)
        return _Call(getattr(self._pool, method))


def in_process_pools(
    settings: ExtractionSettings, engine_factory: EngineFactory = make_engine
) -> tuple[InProcessPool, InProcessPool]:
    """The throughput and the long-context pool, in this process (see :func:`shares_router`)."""
    return (
        InProcessPool(settings, "throughput", engine_factory),
        InProcessPool(settings, "long_context", engine_factory),
    )
