"""The LLM re-rank's way to the model on a real Ray Serve: the ExtractionRouter found by name in the
``jobscraper`` application (what the Api does while serve.http passes it no handle), its
``generate_json`` to the ThroughputPool and the pool's engine, and an unreachable engine's error
arriving as itself through two hops of Ray.

The engine is the one fake (the machine has no GPU): it answers a verdict from the job's title.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from jobscraper.config import Settings
from tests.ports import free_port

SETTINGS: dict[str, Any] = {"extraction": {"engine": "outlines"}, "matching": {"rerank": {"enabled": True}}}


def _json_engine(settings: Any, pool: str) -> Any:
    import json as _json

    from jobscraper.errors import ExtractionUnavailable
    from jobscraper.extraction.base import estimate_tokens

    class FakeJsonEngine:
        name = "fake-json"

        def count_tokens(self, text: str) -> int:
            return estimate_tokens(text)

        async def extract(self, batch: list[Any]) -> list[Any]:
            raise AssertionError("not used here")

        async def generate_json(
            self, prompts: list[str], schema: dict[str, Any], *, max_tokens: int
        ) -> list[str]:
            if any("UNREACHABLE" in p for p in prompts):
                raise ExtractionUnavailable("the model server is gone")
            parts = {"skills": 90, "seniority": 80, "location": 70, "salary": 50, "visa": 100}
            return [
                _json.dumps(
                    {**parts, "score": 90 if "Python" in p.rsplit("The job:", 1)[1] else 10, "reason": pool}
                )
                for p in prompts
            ]

    return FakeJsonEngine()


@pytest.fixture(scope="module")
def service() -> Iterator[None]:
    import ray
    from ray import serve

    from serve.app import APP_NAME, build_app

    ray.init(num_cpus=4, include_dashboard=False, namespace="jobscraper", log_to_driver=False)
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the fake engine ships by value
    serve.start(http_options={"host": "127.0.0.1", "port": free_port()})
    try:
        serve.run(build_app(Settings.model_validate(SETTINGS), engine_factory=_json_engine), name=APP_NAME)
        yield
    finally:
        serve.shutdown()
        ray.shutdown()


def _ranked(titles: list[str]) -> tuple[list[Any], dict[int, dict[str, Any]]]:
    from jobscraper.matching.rank import RankedJob

    ranked = [
        RankedJob(id=n, job_url=f"https://example.com/{n}", title=t, score=50)
        for n, t in enumerate(titles, 1)
    ]
    return ranked, {job.id: {"id": job.id, "title": job.title} for job in ranked}


def test_the_rerank_reaches_the_throughput_pool_through_the_router_found_by_name(service: None) -> None:
    from jobscraper.matching.rerank import rerank
    from serve.profile_match import RerankLLM

    settings = Settings.model_validate(SETTINGS)
    generate = RerankLLM().generate_for(settings)  # looks the ExtractionRouter up in the Serve app
    ranked, facts = _ranked(["ICU Nurse", "Python Developer"])

    outcome = asyncio.run(
        rerank("Python developer, 8 years.", ranked, facts, generate, settings.matching.rerank)
    )

    assert (outcome.asked, outcome.answered, outcome.failed) == (2, 2, 0)
    assert [(job.title, job.llm_score, job.score) for job in outcome.jobs] == [
        ("Python Developer", 90, 70),
        ("ICU Nurse", 10, 30),
    ]
    assert {job.llm_reason for job in outcome.jobs} == {"throughput"}  # the pool that answered


def test_an_unreachable_engine_arrives_as_itself_through_ray(service: None) -> None:
    from jobscraper.errors import ExtractionUnavailable
    from jobscraper.matching.rerank import rerank
    from serve.profile_match import RerankLLM

    settings = Settings.model_validate(SETTINGS)
    generate = RerankLLM().generate_for(settings)
    ranked, facts = _ranked(["UNREACHABLE"])

    with pytest.raises(ExtractionUnavailable, match="the model server is gone"):
        asyncio.run(rerank("Python developer.", ranked, facts, generate, settings.matching.rerank))
