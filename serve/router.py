"""ExtractionRouter: picks the pool by prompt length and counts every decision.

A prompt of fewer than ``throughput_max_tokens`` tokens goes to the ThroughputPool, fewer than
``long_context_max_tokens`` to the LongContextPool, and anything longer to the overflow: an
OpenAI-compatible endpoint (``overflow.mode: openai`` — the rare huge posting goes to the cloud
while the rest stays local) or truncation of the description until the prompt fits the long pool
(``overflow.mode: truncate``). Tokens are counted with the ThroughputPool's tokenizer (both pools
normally run the same model); engines without one (rules, openai) use the documented estimate,
computed in the router.

Off the GPU (:func:`~serve.pools.shares_router`) the router is given no pool handles and holds
both pools itself (:func:`~serve.pools.in_process_pools`): one replica instead of three.

``generate_json`` is the way in for work other than extraction (the LLM re-rank): its prompts are
short, so they go to the ThroughputPool, the pool the re-rank is meant to use.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from ray import serve

from actors.metrics import metrics
from jobscraper.config import ExtractionSettings
from jobscraper.errors import ExtractionError
from jobscraper.extraction import Engine, ExtractionInput, ExtractionResult
from jobscraper.extraction.base import estimate_tokens, posting_text, prompt_head
from jobscraper.extraction.engines import EngineFactory, make_engine
from serve.pools import in_process_pools

__all__ = ["ExtractionRouter", "Route", "choose_route"]

Route = Literal["throughput", "long_context", "overflow"]


def choose_route(tokens: int, settings: ExtractionSettings) -> Route:
    if tokens < settings.throughput_max_tokens:
        return "throughput"
    if tokens < settings.long_context_max_tokens:
        return "long_context"
    return "overflow"


@dataclass
class _PoolStats:
    requests: int = 0
    errors: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    latency_s: list[float] = field(default_factory=list)

    def add(self, results: list[ExtractionResult], elapsed: float) -> None:
        self.requests += len(results)
        self.errors += sum(1 for r in results if not r.ok)
        self.tokens_in += sum(r.tokens_in for r in results)
        self.tokens_out += sum(r.tokens_out for r in results)
        self.latency_s = [*self.latency_s[-999:], elapsed]

    def summary(self) -> dict[str, Any]:
        latencies = sorted(self.latency_s)
        p50 = latencies[len(latencies) // 2] if latencies else None
        return {
            "requests": self.requests,
            "errors": self.errors,
            "tokens_in": self.tokens_in,
            "tokens_out": self.tokens_out,
            "latency_p50_s": p50,
        }


@serve.deployment(ray_actor_options={"num_cpus": 0}, max_ongoing_requests=256)
class ExtractionRouter:
    def __init__(
        self,
        settings: ExtractionSettings,
        throughput: Any,
        long_context: Any,
        overflow: Engine | None = None,
        engine_factory: EngineFactory = make_engine,
    ) -> None:
        """``throughput`` and ``long_context`` are the pools' deployment handles; both None: the
        pools run in this replica, their engines built by ``engine_factory``."""
        self._settings = settings
        if throughput is None and long_context is None:
            throughput, long_context = in_process_pools(settings, engine_factory)
        self._pools = {"throughput": throughput, "long_context": long_context}
        self._overflow = overflow
        if overflow is None and settings.overflow.mode == "openai":
            from jobscraper.extraction.openai_engine import OpenAIEngine

            self._overflow = OpenAIEngine.from_overflow(settings.overflow)
        self._stats: dict[str, _PoolStats] = {
            k: _PoolStats() for k in ("throughput", "long_context", "overflow")
        }
        self._truncated = 0
        self._head_tokens: int | None = None
        self._exact = False

    async def _count(self, postings: list[ExtractionInput]) -> list[int]:
        """Prompt tokens per posting: the fixed head counted once, the posting part per call.

        With a tokenizer in the pool (``exact_tokens``) the posting parts are counted there;
        without one the documented estimate is computed here, saving a round trip per batch.
        """
        if self._head_tokens is None:
            info = await self._pools["throughput"].info.remote()
            self._exact = bool(info.get("exact_tokens"))
            head = prompt_head()
            self._head_tokens = (
                (await self._pools["throughput"].count_tokens.remote([head]))[0]
                if self._exact
                else estimate_tokens(head)
            )
        texts = [posting_text(p) for p in postings]
        counts: list[int] = (
            await self._pools["throughput"].count_tokens.remote(texts)
            if self._exact
            else [estimate_tokens(t) for t in texts]
        )
        return [self._head_tokens + n for n in counts]

    async def extract(self, postings: list[ExtractionInput]) -> list[ExtractionResult]:
        """One result per posting, in order; each says which pool answered."""
        counts = await self._count(postings)
        groups: dict[Route, list[int]] = {"throughput": [], "long_context": [], "overflow": []}
        for n, tokens in enumerate(counts):
            groups[choose_route(tokens, self._settings)].append(n)
        if groups["overflow"] and self._overflow is None:  # truncate to fit the long pool
            for n in groups["overflow"]:
                postings[n] = self._truncate(postings[n], counts[n])
            groups["long_context"] += groups["overflow"]
            self._truncated += len(groups["overflow"])
            metrics().truncated(len(groups["overflow"]))
            groups["overflow"] = []
        results: list[ExtractionResult | None] = [None] * len(postings)
        await asyncio.gather(
            *(
                self._send(route, [postings[n] for n in idx], idx, results)
                for route, idx in groups.items()
                if idx
            )
        )
        return [r for r in results if r is not None]

    async def _send(
        self, route: Route, batch: list[ExtractionInput], idx: list[int], out: list[ExtractionResult | None]
    ) -> None:
        started = time.perf_counter()
        if route == "overflow":
            assert self._overflow is not None
            answered = await self._overflow.extract(batch)
            for result in answered:
                result.pool = "overflow"
        else:
            answered = await self._pools[route].extract.remote(batch)
        elapsed = time.perf_counter() - started
        self._stats[route].add(answered, elapsed)
        metrics().extraction(route, answered, elapsed)
        metrics().overflow(self._overflow_share())
        for n, result in zip(idx, answered, strict=True):
            out[n] = result

    async def generate_json(
        self, prompts: list[str], schema: dict[str, Any], max_tokens: int
    ) -> list[str | ExtractionError]:
        """JSON constrained to ``schema`` for each prompt, from the ThroughputPool (see the module
        docstring); the pool's :class:`~jobscraper.errors.ExtractionUnavailable` when its engine has no
        model that writes to a schema."""
        answered: list[str | ExtractionError] = await self._pools["throughput"].generate_json.remote(
            prompts, schema, max_tokens
        )
        return answered

    def _truncate(self, posting: ExtractionInput, tokens: int) -> ExtractionInput:
        budget = self._settings.long_context_max_tokens * 0.9  # headroom for the estimate's error
        keep = int(len(posting.description) * max(0.0, budget / tokens - 0.05))
        return posting.model_copy(update={"description": posting.description[:keep]})

    def _overflow_share(self) -> float:
        total = sum(v.requests for v in self._stats.values())
        return self._stats["overflow"].requests / total if total else 0.0

    def stats(self) -> dict[str, Any]:
        """Requests, tokens and latency per pool; overflow and local share."""
        per_pool = {k: v.summary() for k, v in self._stats.items()}
        total = sum(v.requests for v in self._stats.values())
        local = self._stats["throughput"].requests + self._stats["long_context"].requests
        return {
            "pools": per_pool,
            "overflow": self._stats["overflow"].requests,
            "truncated": self._truncated,
            "local_share": (local / total) if total else None,
            "thresholds": {
                "throughput_max_tokens": self._settings.throughput_max_tokens,
                "long_context_max_tokens": self._settings.long_context_max_tokens,
            },
        }
