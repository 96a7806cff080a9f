"""A Workday tenant of 2,000 postings scraped under a per-domain limit of 2: wall time against the ideal.

The demo board serves one company in the "workday" style (``--jobs`` postings, default 2,000: 100
listing pages of 20), every response delayed by ``--latency`` (L, default 30 ms). The real
Workday adapter reads it through the real Fetcher and AtsClient with ``per_domain_concurrency =
--limit`` (C, default 2; the board is one domain), no politeness pause and no robots.txt request:
page 1, then pages 2..100 together once page 1's ``total`` is known, and every posting's details.
That is R = 100 + 2,000 requests (one more if the last page is full: the adapter asks once more in
case the listing grew). Printed:

- the ideal wall time R·L/C — every slot busy from the first request to the last;
- the measured wall time of the whole scrape (the event loop and Fetcher set up before the clock),
  with the client's CPU time and the machine's load — the demo board runs in a process of its own,
  but on a busy machine the wait for a core, not the limits, is what the ratio shows;
- the exact peak of requests in flight, counted by the demo server itself (must be C, never more);
- the ratio measured / ideal, last.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import time
from multiprocessing.connection import Connection

from jobscraper.config import ScrapingSettings
from jobscraper.demo import DemoBoard, DemoKnobs
from jobscraper.demo.ats_workday import api_path
from jobscraper.scraping.fetch import Fetcher
from jobscraper.sources.ats import resolve_board
from jobscraper.sources.ats.base import ParsedBoard
from jobscraper.sources.ats.client import FetcherClient
from jobscraper.sources.ats.workday import ADAPTER


async def _scrape(url: str, limit: int) -> tuple[ParsedBoard, float]:
    settings = ScrapingSettings(
        per_domain_concurrency=limit,
        max_concurrency=max(limit, 8),
        per_domain_min_delay_s=0,
        respect_robots_txt=False,  # one robots.txt request would not be a Workday request
    )
    fetcher = Fetcher(settings)
    board = resolve_board(url, "workday")
    assert board is not None
    try:
        started = time.perf_counter()
        parsed = await ADAPTER.scrape(board, FetcherClient(fetcher), company=None)
        return parsed, time.perf_counter() - started
    finally:
        await fetcher.aclose()


def _serve(knobs: DemoKnobs, pipe: Connection) -> None:
    """The demo board in its own process (as Workday is another machine): the client and the
    server do not take turns on one interpreter lock. Sends the URL, then the counts when told."""
    with DemoBoard(knobs) as board:
        pipe.send(board.base_url + api_path(board.jobs()[0].company.slug))
        pipe.recv()
        pipe.send((board.stats.requests, board.stats.peak_in_flight))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2000, help="postings on the tenant (default 2000)")
    parser.add_argument("--latency", type=float, default=0.03, help="seconds per response (default 0.03)")
    parser.add_argument("--limit", type=int, default=2, help="per-domain concurrency (default 2)")
    args = parser.parse_args()

    knobs = DemoKnobs(companies=1, jobs_per_company=args.jobs, style="workday", latency_s=args.latency)
    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(knobs, theirs), daemon=True)
    server.start()
    try:
        url = ours.recv()
        cpu = time.process_time()
        parsed, wall = asyncio.run(_scrape(url, args.limit))
        cpu = time.process_time() - cpu
        ours.send("stop")
        served, peak = ours.recv()
    finally:
        server.join(timeout=10)

    assert len(parsed.postings) == args.jobs, (len(parsed.postings), parsed.skipped[:3])
    assert parsed.requests == served, (parsed.requests, served)
    ideal = served * args.latency / args.limit
    pages = -(-args.jobs // 20)
    print(f"tenant: {args.jobs} postings, {pages} pages of 20; latency {args.latency * 1000:g} ms")
    print(f"requests: {served} (pages and details), per-domain limit C = {args.limit}")
    print(f"postings read: {len(parsed.postings)}, notes: {len(parsed.skipped)}")
    print(f"ideal wall time R*L/C:  {ideal:7.2f} s")
    print(f"measured wall time:     {wall:7.2f} s  (client CPU {cpu:.2f} s; load {os.getloadavg()[0]:.2f})")
    print(f"peak in flight (server): {peak} (limit {args.limit})")
    print(f"ratio measured/ideal: {wall / ideal:.3f}")


if __name__ == "__main__":
    main()
