"""A scheduled run marks the companies that came in over the API for the URL policy, and leaves the
config file's own companies unchecked (an intranet career page in the config must keep working)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from actors.runs import RunSpec
from actors.scheduler import SchedulerCore
from jobscraper.config import Settings
from jobscraper.store import Database
from jobscraper.store.saved import create_company
from jobscraper.store.saved_shapes import CompanyCreate

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
OWN = "https://careers.intranet.example/jobs"
FROM_API = "https://boards.greenhouse.io/acme"


class _Call:
    def __init__(self, fn: Any) -> None:
        self._fn = fn

    async def remote(self, *args: Any) -> Any:
        return self._fn(*args)


class _Coordinator:
    def __init__(self) -> None:
        self.specs: list[RunSpec] = []
        self.runs = _Call(lambda: [])
        self.start_run = _Call(self._start)

    def _start(self, spec: RunSpec, kind: str) -> int:
        self.specs.append(spec)
        return len(self.specs)


def test_scheduled_runs_check_api_companies_and_trust_the_config_files(db: Database) -> None:
    settings = Settings.model_validate({"companies": [{"name": "Own", "url": OWN}]})
    create_company(db, CompanyCreate(name="Own", url=OWN, interval_s=3600), T0)
    create_company(db, CompanyCreate(url=FROM_API, interval_s=3600), T0)
    core = SchedulerCore(settings)
    coordinator = _Coordinator()
    core._db, core._coordinator = db, coordinator  # what _ready() looks up on Ray

    assert asyncio.run(core.tick()) == 1
    [spec] = coordinator.specs
    marked = {c.url: c.url_from_api for c in spec.companies}
    assert marked == {OWN: False, FROM_API: True}
