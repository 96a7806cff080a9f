"""Fakes for running the coordinator's logic without Ray: a writer and ScraperActor handles whose
``method.remote(...)`` returns an awaitable, as Ray's handles do inside an async actor."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from jobscraper.config import CompanyConfig, Settings
from jobscraper.posting import Posting
from jobscraper.sources.company import CompanyResult
from jobscraper.store import UpsertCounts


class Method:
    def __init__(self, fn: Callable[..., Any]) -> None:
        self._fn = fn

    def remote(self, *args: Any) -> Any:
        async def call() -> Any:
            await asyncio.sleep(0)
            return await self._fn(*args)

        return call()


class FakeWriter:
    """Records runs as the WriterActor would; ``fail`` names methods that raise."""

    def __init__(self, fail: dict[str, BaseException] | None = None) -> None:
        self.fail = fail or {}
        self.finished: dict[int, tuple[str, dict[str, int], list[str]]] = {}
        self.upserted: list[str] = []

    def __getattr__(self, name: str) -> Method:
        if name.startswith("_") or name in ("fail", "finished", "upserted"):
            raise AttributeError(name)

        async def call(*args: Any) -> Any:
            if name in self.fail:
                raise self.fail[name]
            return getattr(self, f"do_{name}")(*args)

        return Method(call)

    def do_start_run(self, kind: str, params: dict[str, Any], owner: dict[str, Any]) -> int:
        return len(self.finished) + 1

    def do_interrupt_orphaned_runs(self) -> list[int]:
        return []

    def do_upsert(self, batch: list[Posting], batch_id: str) -> UpsertCounts:
        self.upserted.append(batch_id)
        return UpsertCounts(inserted=len(batch))

    def do_finish_run(self, run_id: int, status: str, counts: dict[str, int], errors: list[str]) -> None:
        self.finished[run_id] = (status, counts, errors)

    def do_archive_company_missing(self, name: str, since: Any) -> int:
        return 0

    def do_record_last_results(self, *args: Any) -> int:
        return 0

    def do_block_rules(self) -> list[Any]:
        return []  # no company is blocked (tests/unit/actors/test_blocked_sources.py blocks some)


def posting(company: str, n: int) -> Posting:
    return Posting.model_validate(
        {
            "site": "company",
            "job_url": f"https://{company.lower()}.example/jobs/{n}",
            "title": f"Engineer {n}",
            "company": company,
        }
    )


class FakeWorker:
    """A ScraperActor handle: ``behaviour(company, owner)`` returns a CompanyResult or raises."""

    def __init__(self, owner: str, behaviour: Callable[[CompanyConfig, str], Any]) -> None:
        self.owner = owner
        self.calls: list[str] = []

        async def scrape_company(company: CompanyConfig) -> CompanyResult:
            self.calls.append(company.name)
            result = behaviour(company, owner)
            if asyncio.iscoroutine(result):
                result = await result
            assert isinstance(result, CompanyResult)
            return result

        async def ping() -> str:
            return "ok"

        self.scrape_company = Method(scrape_company)
        self.ping = Method(ping)


def ok_result(company: CompanyConfig, jobs: int = 3) -> CompanyResult:
    return CompanyResult(
        company=company.name, method="json-ld", postings=[posting(company.name, i) for i in range(jobs)]
    )


def settings() -> Settings:
    return Settings.model_validate(
        {"extraction": {"enabled": False}, "matching": {"embed_during_runs": False}}
    )


def companies(*names: str) -> list[CompanyConfig]:
    return [CompanyConfig(name=name, url=f"https://{name.lower()}.example/careers") for name in names]
