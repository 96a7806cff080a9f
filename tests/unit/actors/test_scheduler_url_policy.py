"""A scheduled run marks the companies that came in over the API for the URL policy, and leaves the
config file's own companies unchecked (an intranet career page in the config must keep working)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from actors.runs import RunSpec, RunState
from actors.scheduler import SchedulerCore
from jobscraper.config import Settings
from jobscraper.store import Database
from jobscraper.store.saved import create_company
from jobscraper.store.saved_shapes import CompanyCreate

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
OWN = "https://careers.intranet.example/jobs"
FROM_API = "https://boards.greenhouse.io/acme"


class _Coordinator:
    """The coordinator's two methods the scheduler in it calls."""

    def __init__(self) -> None:
        self.specs: list[RunSpec] = []

    async def runs(self) -> list[RunState]:
        return []

    async def start_run(self, spec: RunSpec, kind: str = "scrape") -> int:
        self.specs.append(spec)
        return len(self.specs)


def test_scheduled_runs_check_api_companies_and_trust_the_config_files(db: Database) -> None:
    settings = Settings.model_validate({"companies": [{"name": "Own", "url": OWN}]})
    create_company(db, CompanyCreate(name="Own", url=OWN, interval_s=3600), T0)
    create_company(db, CompanyCreate(url=FROM_API, interval_s=3600), T0)
    coordinator = _Coordinator()
    core = SchedulerCore(settings, coordinator)
    core._db = db  # what _ready() opens once the writer has migrated it

    assert asyncio.run(core.tick()) == 1
    [spec] = coordinator.specs
    marked = {c.url: c.url_from_api for c in spec.companies}
    assert marked == {OWN: False, FROM_API: True}
