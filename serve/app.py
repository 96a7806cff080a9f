"""The ``jobscraper`` Serve application: Api → ExtractionRouter → ThroughputPool + LongContextPool."""

from __future__ import annotations

from typing import Any

from jobscraper.config import Settings
from jobscraper.extraction.engines import EngineFactory, make_engine
from serve.api import Api
from serve.pools import pool_deployment
from serve.router import ExtractionRouter

__all__ = ["APP_NAME", "build_app"]

APP_NAME = "jobscraper"


def build_app(settings: Settings, *, engine_factory: EngineFactory = make_engine) -> Any:
    """The bound application (``serve.run(build_app(settings), name=APP_NAME)``).

    ``engine_factory`` builds each pool's engine; production uses the configured one, tests pass
    a CPU engine in place of the GPU.
    """
    extraction = settings.extraction
    throughput = pool_deployment(extraction, "throughput", engine_factory)
    long_context = pool_deployment(extraction, "long_context", engine_factory)
    router = ExtractionRouter.bind(extraction, throughput, long_context)  # type: ignore[attr-defined]
    return Api.bind(router)  # type: ignore[attr-defined]
