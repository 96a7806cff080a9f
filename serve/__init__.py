"""The Ray Serve application ``jobscraper``: Api ingress, ExtractionRouter, the two LLM pools.

- ``app.build_app(settings)`` — the bound application;
- ``api`` — FastAPI ingress (``POST /api/extract``, ``GET /api/extract/stats``, ``GET /api/health``);
- ``router`` — length-based routing with per-pool counters;
- ``pools`` — ThroughputPool / LongContextPool (fractional GPU on vLLM);
- the engines themselves (and which one a pool holds) live in ``jobscraper.extraction``.

Import the submodules you need; this package imports nothing heavy by itself.
"""

__all__: list[str] = []
