"""The ``jobscraper`` Serve application: Api → ExtractionRouter → ThroughputPool + LongContextPool
(on a GPU two deployments; off it both pools inside the router's replica: ``serve.pools.shares_router``),
and Api → EmbeddingService with ``matching.embed_in: serve`` (``serve.embedding``)."""

from __future__ import annotations

from typing import Any

from actors.bootstrap import with_resolved_db
from actors.placement import db_node_resources
from jobscraper.config import Settings, check_api_token
from jobscraper.extraction.engines import EngineFactory, make_engine
from jobscraper.store.location import location_of
from serve.api import Api
from serve.embedding import embedding_deployment
from serve.pools import pool_deployment, shares_router
from serve.router import ExtractionRouter

__all__ = ["APP_NAME", "build_app"]

APP_NAME = "jobscraper"


def build_app(
    settings: Settings,
    *,
    engine_factory: EngineFactory = make_engine,
    api_token: str | None = None,
) -> Any:
    """The bound application (``serve.run(build_app(settings), name=APP_NAME)``).

    ``engine_factory`` builds each pool's engine; production uses the configured one, tests pass
    a CPU engine in place of the GPU. ``api_token`` is required on every request when given (the
    CLI reads it from ``serve.api_token_env`` and insists on one off loopback).
    ``settings.scraping.jobspy_base_url`` points the job boards at the demo board (``jobscraper ui
    --demo``, tests).
    The database path is made absolute here: replicas do not share the driver's working folder.
    """
    check_api_token(api_token, "the API token")
    settings = with_resolved_db(settings)
    location = location_of(settings.database)
    extraction = settings.extraction
    if shares_router(extraction):  # off the GPU: the pools live in the router's replica
        router = ExtractionRouter.bind(extraction, None, None, None, engine_factory)  # type: ignore[attr-defined]
    else:
        throughput = pool_deployment(extraction, "throughput", engine_factory)
        long_context = pool_deployment(extraction, "long_context", engine_factory)
        router = ExtractionRouter.bind(extraction, throughput, long_context)  # type: ignore[attr-defined]
    # the Api reads the SQLite file: on a cluster it runs on the node that holds it (anywhere for PostgreSQL)
    resources = db_node_resources(location)
    api = Api.options(ray_actor_options={"num_cpus": 0, "resources": resources})  # type: ignore[attr-defined]
    # matching.embed_in serve: the embedding model as a deployment of its own (serve.embedding)
    embedding = embedding_deployment(settings.matching) if settings.matching.embed_in == "serve" else None
    return api.bind(router, settings, api_token, embedding)
