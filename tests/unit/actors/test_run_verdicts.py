"""No silent zero in a run's summary: each board source ends with a verdict (ok, empty, partial,
rate limited, blocked), the event log says it, the totals count empty and partial sources, and the
CLI's table shows it next to the status. Fakes at the edge, the real driver, log and writer client."""

from __future__ import annotations

import asyncio

from fakes_coordinator import FakeWriter, Method, posting, settings

from actors.run_driver import RunDriver
from actors.run_log import RunLog, now
from actors.runs import RunSpec, RunState, SourceState
from actors.workers import WorkerPool
from actors.writer import RayTransport
from jobscraper.config import SavedSearch
from jobscraper.errors import Blocked, RateLimited
from jobscraper.sources.site_result import SiteResult
from jobscraper.store.writer_client import WriterClient

ANSWERS: dict[str, SiteResult] = {
    "remotive": SiteResult("remotive", postings=[posting("Remotive", i) for i in range(2)]),
    "remoteok": SiteResult("remoteok"),
    "arbeitnow": SiteResult(
        "arbeitnow", postings=[posting("Arbeitnow", 0)], error=RateLimited("arbeitnow.com", "HTTP 429")
    ),
    "himalayas": SiteResult("himalayas", error=RateLimited("himalayas.app", "HTTP 429", retry_after=60)),
    "weworkremotely": SiteResult("weworkremotely", error=Blocked("weworkremotely.com", "HTTP 403")),
}


class BoardWorker:
    """A ScraperActor handle whose board searches answer from :data:`ANSWERS` by site."""

    def __init__(self, owner: str) -> None:
        async def scrape_board(search: SavedSearch) -> list[SiteResult]:
            return [ANSWERS[search.sites[0]]]

        async def ping() -> str:
            return "ok"

        self.scrape_board = Method(scrape_board)
        self.ping = Method(ping)


def _run() -> tuple[RunState, RunLog, FakeWriter]:
    async def no_wait(seconds: float) -> None:
        return None

    writer = FakeWriter()
    pool = WorkerPool(BoardWorker, 2, on_lost=lambda owner: 0, kill=lambda h: None)
    log = RunLog()
    driver = RunDriver(
        settings().extraction, writer=WriterClient(RayTransport(writer), sleep=no_wait), pool=pool, log=log
    )
    spec = RunSpec(searches=[SavedSearch(name="remote", term="python", sites=list(ANSWERS))])
    tasks = spec.tasks()
    sources = {t.key: SourceState(key=t.key, label=t.label, kind=t.kind) for t in tasks}
    log.open(RunState(run_id=1, started_at=now(), sources=sources, entries=spec.entry_keys()))
    asyncio.run(driver.execute(1, spec, tasks))
    return log.state(1), log, writer


def test_every_board_source_ends_with_a_verdict() -> None:
    state, log, writer = _run()
    by_site = {key.split(":")[0]: source for key, source in state.sources.items()}
    assert {site: s.verdict for site, s in by_site.items()} == {
        "remotive": "ok",
        "remoteok": "empty",
        "arbeitnow": "partial",
        "himalayas": "rate_limited",
        "weworkremotely": "blocked",
    }
    assert by_site["remoteok"].status == "done" and by_site["remoteok"].shown_status == "done: empty"
    assert by_site["arbeitnow"].found == 1 and by_site["arbeitnow"].shown_status == "blocked: partial"
    assert by_site["himalayas"].shown_status == "blocked: rate limited"
    assert by_site["weworkremotely"].shown_status == "blocked" and by_site["remotive"].shown_status == "done"
    empty = next(e for e in log.events(1) if e.source == by_site["remoteok"].key and e.type == "source_done")
    assert empty.data["verdict"] == "empty" and "empty" in empty.message
    failed = [e.data["verdict"] for e in log.events(1) if e.type == "source_failed"]
    assert sorted(failed) == ["blocked", "partial", "rate_limited"]
    _status, counts, _errors = writer.finished[1]
    assert counts["empty_sources"] == 1 and counts["partial_sources"] == 1 and counts["failed_sources"] == 3
