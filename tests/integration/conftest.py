"""Integration tests run on a real local Ray.

Ray reads RAY_AUTH_MODE when it is imported, so the mode is set here, before any test module
imports ray: the same mode jobscraper applies to every head, driver and CLI (DESIGN.md §3).
"""

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("RAY_AUTH_MODE", "token")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A local Ray for one test module (its named actors do not leak into the next module)."""
    import ray

    from jobscraper.priority import RAY_SYSTEM_CONFIG

    ray.init(
        num_cpus=4,
        include_dashboard=False,
        namespace="jobscraper",
        log_to_driver=False,
        _system_config=dict(RAY_SYSTEM_CONFIG),  # as a Ray jobscraper starts: workers at nice 0
    )
    try:
        yield
    finally:
        ray.shutdown()
