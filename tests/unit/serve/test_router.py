"""The router's decisions without Ray: pool handles are in-process stand-ins with the same
``.remote`` calls, the overflow is an engine object (as ``overflow.mode: openai`` builds)."""

from __future__ import annotations

import asyncio
from typing import Any

from jobscraper.config import ExtractionSettings
from jobscraper.extraction import ExtractionInput, ExtractionResult, JobDetails
from serve.router import ExtractionRouter, choose_route


class _Call:
    def __init__(self, fn: Any) -> None:
        self.remote = fn


class FakePool:
    def __init__(self, name: str) -> None:
        self.name = name
        self.seen: list[str] = []
        self.info = _Call(self._info)
        self.count_tokens = _Call(self._count)
        self.extract = _Call(self._extract)

    async def _info(self) -> dict[str, Any]:
        return {"exact_tokens": False}

    async def _count(self, texts: list[str]) -> list[int]:
        return [len(t) // 4 for t in texts]

    async def _extract(self, postings: list[ExtractionInput]) -> list[ExtractionResult]:
        self.seen += [p.id for p in postings]
        return [
            ExtractionResult(id=p.id, details=JobDetails(), engine="fake", pool=self.name) for p in postings
        ]


class FakeOverflow:
    name = "cloud"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def count_tokens(self, text: str) -> int:
        return len(text) // 4

    async def extract(self, batch: list[ExtractionInput]) -> list[ExtractionResult]:
        self.seen += [p.id for p in batch]
        return [ExtractionResult(id=p.id, details=JobDetails(), engine="cloud") for p in batch]


def _router(settings: ExtractionSettings, overflow: Any = None) -> tuple[Any, FakePool, FakePool]:
    throughput, long_context = FakePool("throughput"), FakePool("long_context")
    router_class: Any = ExtractionRouter.func_or_class  # type: ignore[attr-defined]
    return router_class(settings, throughput, long_context, overflow), throughput, long_context


SETTINGS = ExtractionSettings(throughput_max_tokens=2000, long_context_max_tokens=4000)
POSTINGS = [
    ExtractionInput(id="short", description="x" * 100),
    ExtractionInput(id="long", description="x" * 6000),
    ExtractionInput(id="huge", description="x" * 40000),
]


def test_thresholds_decide_the_route() -> None:
    assert choose_route(1999, SETTINGS) == "throughput"
    assert choose_route(2000, SETTINGS) == "long_context"
    assert choose_route(4000, SETTINGS) == "overflow"


def test_prompts_beyond_the_long_window_go_to_the_overflow_engine_and_are_counted() -> None:
    overflow = FakeOverflow()
    router, throughput, long_context = _router(SETTINGS, overflow)
    results = asyncio.run(router.extract(list(POSTINGS)))
    assert [r.id for r in results] == ["short", "long", "huge"]
    assert [r.pool for r in results] == ["throughput", "long_context", "overflow"]
    assert (throughput.seen, long_context.seen, overflow.seen) == (["short"], ["long"], ["huge"])
    stats = router.stats()
    assert stats["overflow"] == 1 and stats["truncated"] == 0
    assert abs(stats["local_share"] - 2 / 3) < 1e-9


def test_without_an_overflow_endpoint_a_huge_prompt_is_cut_to_fit_the_long_pool() -> None:
    router, _, long_context = _router(SETTINGS)
    sent: list[ExtractionInput] = []
    original = long_context.extract.remote

    async def spy(postings: list[ExtractionInput]) -> list[ExtractionResult]:
        sent.extend(postings)
        return await original(postings)

    long_context.extract = _Call(spy)
    asyncio.run(router.extract(list(POSTINGS)))
    huge = next(p for p in sent if p.id == "huge")
    assert len(huge.description) < 40000
    assert router.stats()["truncated"] == 1
    assert choose_route(asyncio.run(router._count([huge]))[0], SETTINGS) == "long_context"
