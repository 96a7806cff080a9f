"""Extraction service cost on CPU: the Serve router path against calling the engine directly.

Both sides extract the same postings (the demo board's catalogue, ``--postings`` of them) with
the rules engine:

- baseline: ``RulesEngine.extract`` called in this process, in batches of ``--batch``;
- ours: the same batches through the ``jobscraper`` Serve app (ExtractionRouter → pool replica,
  ``@serve.batch``), awaited through a DeploymentHandle with ``--concurrency`` batches in flight.

Printed: rules-engine postings/s, the service's postings/s and per-batch latency, and last the
ratio service / direct throughput (1.0 = the router and Serve add nothing; the service's job is
to put a GPU pool behind the same call, where the engine itself dominates).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

os.environ.setdefault("RAY_AUTH_MODE", "token")  # before Ray is imported (DESIGN §3)

import ray
from ray import serve

from jobscraper.config import Settings
from jobscraper.demo.data import catalogue
from jobscraper.extraction import ExtractionInput
from jobscraper.extraction.rules import RulesEngine
from serve.app import APP_NAME, build_app


def _postings(n: int) -> list[ExtractionInput]:
    jobs = catalogue(7, max(1, n // 20 + 1), 20, 1, "jsonld")
    return [
        ExtractionInput(
            id=str(i), title=j.title, company=j.company.name, location=j.location, description=j.description
        )
        for i, j in enumerate(jobs[:n])
    ]


async def _direct(postings: list[ExtractionInput], batch: int) -> float:
    engine = RulesEngine()
    started = time.perf_counter()
    for start in range(0, len(postings), batch):
        results = await engine.extract(postings[start : start + batch])
        assert all(r.ok for r in results), [r.error for r in results if not r.ok][:3]
    return time.perf_counter() - started


async def _service(
    handle: object, postings: list[ExtractionInput], batch: int, concurrency: int
) -> tuple[float, list[float]]:
    router = handle
    batches = [postings[s : s + batch] for s in range(0, len(postings), batch)]
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []

    async def one(items: list[ExtractionInput]) -> None:
        async with gate:
            started = time.perf_counter()
            results = await router.extract.remote(items)  # type: ignore[attr-defined]
            latencies.append(time.perf_counter() - started)
            assert all(r.ok for r in results)

    started = time.perf_counter()
    await asyncio.gather(*(one(b) for b in batches))
    return time.perf_counter() - started, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8123, help="Serve HTTP port (unused by the bench)")
    args = parser.parse_args()
    postings = _postings(args.postings)
    direct = asyncio.run(_direct(postings, args.batch))
    print(f"{len(postings)} postings, batches of {args.batch}")
    print(f"baseline, rules engine called directly: {direct:.2f} s, {len(postings) / direct:,.0f} postings/s")

    ray.init(num_cpus=4, include_dashboard=False, namespace="jobscraper", log_to_driver=False)
    settings = Settings.model_validate({"extraction": {"engine": "rules", "batch_size": args.batch}})
    serve.start(http_options={"host": "127.0.0.1", "port": args.port})
    serve.run(build_app(settings), name=APP_NAME, route_prefix=None)
    router = serve.get_deployment_handle("ExtractionRouter", app_name=APP_NAME)
    asyncio.run(_service(router, postings[: args.batch * 4], args.batch, args.concurrency))  # warm-up
    wall, latencies = asyncio.run(_service(router, postings, args.batch, args.concurrency))
    serve.shutdown()
    ray.shutdown()
    p50 = statistics.median(latencies) * 1000
    print(
        f"service, ExtractionRouter → pool via Serve ({args.concurrency} batches in flight): {wall:.2f} s, "
        f"{len(postings) / wall:,.0f} postings/s, batch latency p50 {p50:.1f} ms"
    )
    print(f"extract: service / direct throughput = {direct / wall:.2f}")


if __name__ == "__main__":
    main()
