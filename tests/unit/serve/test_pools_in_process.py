"""Off the GPU both LLM pools run inside the router's replica (issue 18, item 4: one process instead
of three), and the router still sends short postings to the throughput pool and long ones to the
long-context pool, each result naming its pool; on vLLM the pools stay two deployments. No Ray: the
real ExtractionRouter class and the real ExtractionPool class, the rules engine."""

from __future__ import annotations

import asyncio
from typing import Any

from jobscraper.config import ExtractionSettings
from jobscraper.extraction import ExtractionInput
from jobscraper.extraction.engines import make_engine
from serve.pools import shares_router
from serve.router import ExtractionRouter

# batches of one: every posting goes straight to the engine (`@serve.batch` needs a replica)
SETTINGS = ExtractionSettings(throughput_max_tokens=2000, long_context_max_tokens=4000, batch_size=1)


def test_the_pools_share_the_router_off_the_gpu_only() -> None:
    assert shares_router(ExtractionSettings(engine="rules"))
    assert shares_router(ExtractionSettings(engine="outlines"))
    assert not shares_router(ExtractionSettings(engine="vllm"))
    several = ExtractionSettings(engine="rules", throughput_pool={"num_replicas": 2})
    assert not shares_router(several)  # replicas of their own were asked for


def test_a_router_without_pool_handles_holds_both_pools_and_routes_by_length() -> None:
    built: list[str] = []

    def factory(settings: ExtractionSettings, pool: Any) -> Any:
        built.append(pool)
        return make_engine(settings, pool)

    router_class: Any = ExtractionRouter.func_or_class  # type: ignore[attr-defined]
    router = router_class(SETTINGS, None, None, None, factory)
    assert built == ["throughput", "long_context"]
    postings = [
        ExtractionInput(id="short", title="Python developer", description="Remote, Berlin. 70k EUR."),
        ExtractionInput(id="long", title="Data engineer", description="Kafka and Python. " * 600),
        ExtractionInput(id="huge", title="Platform engineer", description="Many things. " * 4000),
    ]

    async def scenario() -> tuple[list[Any], dict[str, Any]]:
        return await router.extract(postings), router.stats()

    results, stats = asyncio.run(scenario())
    assert [r.id for r in results] == ["short", "long", "huge"]
    assert [r.pool for r in results] == ["throughput", "long_context", "long_context"]  # huge: truncated
    assert all(r.ok for r in results)
    assert stats["pools"]["throughput"]["requests"] == 1 and stats["truncated"] == 1
