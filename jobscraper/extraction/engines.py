"""Which engine a pool holds: built from the config, imported lazily (vLLM only on a GPU)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from jobscraper.config import ExtractionSettings, PoolSettings
from jobscraper.extraction import Engine

__all__ = ["EngineFactory", "PoolName", "make_engine", "pool_settings"]

PoolName = Literal["throughput", "long_context"]
EngineFactory = Callable[[ExtractionSettings, PoolName], Engine]


def pool_settings(settings: ExtractionSettings, pool: PoolName) -> PoolSettings:
    return settings.throughput_pool if pool == "throughput" else settings.long_context_pool


def make_engine(settings: ExtractionSettings, pool: PoolName) -> Engine:
    """The configured engine for ``pool`` (the production factory; tests pass their own)."""
    if settings.engine == "rules":
        from jobscraper.extraction.rules import RulesEngine

        return RulesEngine()
    if settings.engine == "openai":
        from jobscraper.extraction.openai_engine import OpenAIEngine

        return OpenAIEngine.from_settings(settings.openai)
    if settings.engine == "outlines":
        from jobscraper.extraction.outlines_engine import OutlinesEngine

        chosen = pool_settings(settings, pool)
        return OutlinesEngine(chosen.model, chat_template=chosen.chat_template)
    from jobscraper.extraction.vllm_engine import VLLMEngine

    return VLLMEngine(pool_settings(settings, pool))
