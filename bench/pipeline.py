"""Scrape pipeline throughput on the demo board: exact limits, wall time against the ideal.

The demo board serves ``--companies`` career sites in the JSON-LD style (one listing page and
``--jobs`` detail pages each), every response delayed by ``--latency`` (L = 100 ms). That is
S = companies × (1 + jobs) requests (default 20 × 21 = 420). For each limit C in ``--limits``
(4, 16, 64) a full run goes through the real pipeline — ScrapeCoordinator, ScraperActor pool,
permits from the coordinator's limiter, WriterActor into a fresh SQLite file — with
``max_concurrency = per_domain_concurrency = C`` (the board is one domain). Printed per C:

- wall time of the run against the ideal S·L/C (target ≤ 1.25× at C = 16);
- the peak of requests in flight, measured twice: by the limiter and by the demo server itself
  (must equal C and never exceed it);
- end-to-end postings/s into SQLite;
- the speedup against fetching the same S pages one after another (what JobSpy does), timed in
  the same run with a plain httpx client.

Ray start-up and actor creation are outside the timed region. The last line ends with the ratio
measured wall / ideal at C = 16.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("RAY_AUTH_MODE", "token")  # before Ray is imported (DESIGN §3)

import httpx
import ray

from actors.coordinator import ScrapeCoordinator
from actors.runs import RunSpec
from actors.writer import WRITER_NAME, start_writer
from jobscraper.config import Settings
from jobscraper.demo import DemoBoard, DemoKnobs


def _sequential(board: DemoBoard) -> tuple[float, int]:
    urls = []
    for company in {j.company.slug: j.company for j in board.jobs()}.values():
        urls.append(f"{board.base_url}/careers/{company.slug}/")
        urls += [
            f"{board.base_url}/careers/{company.slug}/jobs/{j.key}" for j in board.company_jobs(company.slug)
        ]
    started = time.perf_counter()
    with httpx.Client() as client:
        for url in urls:
            client.get(url).raise_for_status()
    return time.perf_counter() - started, len(urls)


def _run(board: DemoBoard, limit: int, db_path: Path, pool: int) -> dict[str, float]:
    start_writer(db_path)
    settings = Settings.model_validate(
        {
            "scraping": {
                "max_concurrency": limit,
                "per_domain_concurrency": limit,
                "per_domain_min_delay_s": 0,
                "respect_robots_txt": False,  # one robots.txt request per run would skew S
            }
        }
    )
    coordinator = ScrapeCoordinator.remote(settings, pool_size=pool)  # type: ignore[attr-defined]
    ray.get(coordinator.ready.remote())  # worker processes started: actor creation is not timed
    spec = RunSpec(companies=board.company_configs(), archive_missing=False)
    board.stats.peak_in_flight = 0
    before = board.stats.requests
    started = time.perf_counter()
    run_id = ray.get(coordinator.start_run.remote(spec))
    state = ray.get(coordinator.wait.remote(run_id, 600))
    wall = time.perf_counter() - started
    limits = ray.get(coordinator.limits.remote())
    ray.kill(coordinator)
    ray.kill(ray.get_actor(WRITER_NAME, namespace="jobscraper"), no_restart=True)
    time.sleep(0.5)
    if state.status != "done":
        raise SystemExit(f"run failed: {state}")
    return {
        "wall": wall,
        "requests": board.stats.requests - before,
        "peak_limiter": limits["peak_in_flight"],
        "peak_server": board.stats.peak_in_flight,
        "postings": state.totals()["found"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=20, help="job detail pages per company")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per response (L)")
    parser.add_argument("--pool", type=int, default=2, help="ScraperActors in the pool")
    parser.add_argument("--limits", default="4,16,64", help="comma-separated concurrency limits C")
    args = parser.parse_args()
    limits = [int(c) for c in args.limits.split(",")]
    knobs = DemoKnobs(
        companies=args.companies, jobs_per_company=args.jobs, latency_s=args.latency, style="jsonld"
    )
    ray.init(num_cpus=4, include_dashboard=False, namespace="jobscraper", log_to_driver=False)
    with DemoBoard(knobs) as board, tempfile.TemporaryDirectory() as tmp:
        seq_wall, pages = _sequential(board)
        print(f"S = {pages} requests, L = {args.latency * 1000:.0f} ms")
        print(
            f"baseline, one after another (as JobSpy fetches): {seq_wall:.2f} s, "
            f"{pages / seq_wall:.1f} pages/s"
        )
        ratio16 = None
        for limit in limits:
            result = _run(board, limit, Path(tmp) / f"c{limit}.db", args.pool)
            ideal = result["requests"] * args.latency / limit
            ratio = result["wall"] / ideal
            exact = "ok" if result["peak_limiter"] == limit and result["peak_server"] <= limit else "VIOLATED"
            print(
                f"C={limit:>3}: wall {result['wall']:.2f} s, ideal S·L/C {ideal:.2f} s, ratio {ratio:.2f}; "
                f"peak in flight limiter {result['peak_limiter']:.0f} / "
                f"server {result['peak_server']:.0f} ({exact}); "
                f"{result['postings'] / result['wall']:.0f} postings/s into SQLite; "
                f"speedup vs sequential {seq_wall / result['wall']:.1f}x"
            )
            if limit == 16:
                ratio16 = ratio
    ray.shutdown()
    if ratio16 is None:
        sys.exit(0)
    print(f"pipeline: measured wall / ideal at C=16 = {ratio16:.2f}")


if __name__ == "__main__":
    main()
