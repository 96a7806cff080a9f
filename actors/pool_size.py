"""How many ScraperActors a coordinator starts: ``scraping.workers``, or sized from the cluster.

``scraping.workers: auto`` (the default) reads the cluster's resources once, when the coordinator
starts, and takes **one worker per two CPUs** of the whole cluster, rounded up, with

- at least one per node, so that scraping (its page parsing and its traffic) is spread over every
  node (each new :class:`~actors.scraper.ScraperActor` goes to the next live node:
  :mod:`actors.spread`);
- at most ``scraping.max_concurrency``: every request holds one of that many global permits, so a
  worker beyond it could only wait for one;
- at most :data:`AUTO_CAP` (16): each worker is a Python process of 150-300 MB;
- and never fewer than :data:`AUTO_MIN` (2), whatever the above: a run's sources go to the workers
  in turn, so with one a slow company holds up the rest, and a source whose worker is lost is
  retried on the next one at once, while the lost one's replacement starts.

Why half a CPU each: a ScraperActor is an asyncio process that keeps many requests in flight at
once (it waits on the network, not on its CPU); its CPU goes to parsing pages. Half the CPUs leaves
the rest to the coordinator, the writer, extraction and the API on the same machines, and keeps a
laptop near the pool it always had (2 workers on 2-4 cores, 4 on 8). A cluster that grows later
does not resize a running coordinator; a worker lost with its node is replaced on a live one
(:mod:`actors.workers`), so the pool keeps its size.

:func:`scraper_pool_size` is pure (unit-tested with resource mappings); :func:`cluster_pool_size`
feeds it ``ray.cluster_resources()``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

import ray

from jobscraper.config import ScrapingSettings

__all__ = ["AUTO_CAP", "AUTO_MIN", "cluster_nodes", "cluster_pool_size", "scraper_pool_size"]

AUTO_MIN = 2
AUTO_CAP = 16
_HEAD_MARKER = "node:__internal_head__"  # one per cluster, beside the head's own node:<ip> entry


def cluster_nodes(resources: Mapping[str, float]) -> int:
    """The nodes behind ``ray.cluster_resources()``: each node adds 1 to its ``node:<ip>`` entry
    (nodes that share an address, as on one machine, add up in one entry)."""
    return round(sum(v for k, v in resources.items() if k.startswith("node:") and k != _HEAD_MARKER))


def scraper_pool_size(
    workers: int | Literal["auto"], resources: Mapping[str, float], *, max_concurrency: int
) -> int:
    """The pool's size: ``workers`` when it is a number; for ``"auto"``, from the cluster's
    ``resources`` (see the module's docstring). Resources without CPUs (no cluster to read) give
    the lower bound."""
    if workers != "auto":
        return workers
    wanted = max(cluster_nodes(resources), math.ceil(resources.get("CPU", 0.0) / 2))
    return max(AUTO_MIN, min(wanted, max_concurrency, AUTO_CAP))


def cluster_pool_size(scraping: ScrapingSettings) -> int:
    """:func:`scraper_pool_size` for the connected cluster (no cluster: its resources are empty)."""
    resources: dict[str, float] = {}
    if scraping.workers == "auto" and ray.is_initialized():
        resources = ray.cluster_resources()  # type: ignore[no-untyped-call]
    return scraper_pool_size(scraping.workers, resources, max_concurrency=scraping.max_concurrency)
