"""Alerts end to end without Ray: a real run through the run driver (the real run log, worker pool,
in-process writer on a real SQLite file; a fake ScraperActor that returns three board postings), the
real alert step it starts when the run ends, Apprise sending to a local webhook receiver and a local
SMTP server (aiosmtpd) — each gets two messages and one digest, once; a second run sends nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from actors.alerts import AlertSteps
from actors.run_driver import RunDriver
from actors.run_log import RunLog, now
from actors.runs import RunSpec, RunState, SourceState
from actors.workers import WorkerPool
from jobscraper.config import SavedSearch, Settings
from jobscraper.posting import Posting
from jobscraper.sources.site_result import SiteResult
from jobscraper.store import Database
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient
from tests.alert_receivers import Mailbox, WebhookReceiver
from tests.unit.actors.fakes_coordinator import Method

SEARCH = SavedSearch(name="python", sites=["linkedin"], term="python")


def _postings() -> list[Posting]:
    return [
        Posting.model_validate(
            {
                "site": "linkedin",
                "job_url": f"https://www.linkedin.com/jobs/view/{n}",
                "title": f"Python Engineer {n}",
                "company": "Acme",
                "location": "Berlin",
                "min_amount": 70000.0 + n,
                "currency": "EUR",
                "interval": "yearly",
            }
        )
        for n in range(1, 4)
    ]


class BoardWorker:
    """A ScraperActor handle whose board search returns the same three postings every time."""

    def __init__(self, owner: str) -> None:
        async def scrape_board(search: SavedSearch) -> list[SiteResult]:
            return [SiteResult(site=search.sites[0], postings=_postings())]

        async def ping() -> str:
            return "ok"

        self.scrape_board = Method(scrape_board)
        self.ping = Method(ping)


async def _run(driver: RunDriver, log: RunLog, writer: WriterClient, steps: AlertSteps) -> RunState:
    spec = RunSpec(searches=[SEARCH])
    tasks = spec.tasks()
    run_id = await writer.start_run("scrape", spec.model_dump(mode="json"))
    sources = {t.key: SourceState(key=t.key, label=t.label, kind=t.kind) for t in tasks}
    log.open(RunState(run_id=run_id, started_at=now(), sources=sources, entries=spec.entry_keys()))
    await driver.execute(run_id, spec, tasks)
    await steps.wait()
    return log.state(run_id)


def test_after_a_run_its_new_jobs_reach_a_webhook_and_a_mailbox_once(db: Database) -> None:
    settings = Settings.model_validate(
        {
            "extraction": {"enabled": False},
            "alerts": {"max_per_run": 2, "retries": 1, "jobs_url": "http://127.0.0.1:3000/"},
        }
    )
    writer = WriterClient(InProcessTransport(Writer(db)))
    pool = WorkerPool(BoardWorker, 1, on_lost=lambda owner: 0, kill=lambda handle: None)
    log = RunLog()
    steps = AlertSteps(settings, writer)
    driver = RunDriver(settings.extraction, writer=writer, pool=pool, log=log, alerts=steps)

    async def scenario(hook: WebhookReceiver, mail: Mailbox) -> tuple[RunState, RunState]:
        await writer.create_alert_channel("hook", hook.url)
        await writer.create_alert_channel("mail", mail.url)
        first = await _run(driver, log, writer, steps)
        second = await _run(driver, log, writer, steps)
        return first, second

    with WebhookReceiver() as hook, Mailbox() as mail:
        first, second = asyncio.run(scenario(hook, mail))
        posted = hook.wait_for(3)
        mailed = mail.wait_for(3)

    assert first.status == "done" and first.totals()["inserted"] == 3
    assert [p["title"] for p in posted] == [
        "Python Engineer 1 at Acme", "Python Engineer 2 at Acme", "and 1 more new job",
    ]  # fmt: skip
    assert "Berlin · 70,001 EUR / yearly" in posted[0]["message"]
    assert "Why: found by saved search 'python'" in posted[0]["message"]
    assert "https://www.linkedin.com/jobs/view/1" in posted[0]["message"]
    assert "See them all: http://127.0.0.1:3000/" in posted[2]["message"]
    assert [m["subject"] for m in mailed] == [p["title"] for p in posted] and mailed[0]["to"] == [
        "me@example.com"
    ]
    events = {e.type: e.message for e in log.events(first.run_id)}
    assert events["alerts_sent"] == "alerts: 3 sent to 2 channels (2 digests)"
    assert second.totals()["inserted"] == 0 and "alerts_sent" not in {
        e.type for e in log.events(second.run_id)
    }
    assert len(hook.items) == 3 and len(mail.items) == 3  # nothing new: nothing sent again


def test_a_channel_that_is_down_is_said_in_the_runs_events_and_the_run_stands(db: Database) -> None:
    settings = Settings.model_validate({"extraction": {"enabled": False}, "alerts": {"retries": 1}})
    writer = WriterClient(InProcessTransport(Writer(db)))
    pool = WorkerPool(BoardWorker, 1, on_lost=lambda owner: 0, kill=lambda handle: None)
    log = RunLog()
    steps = AlertSteps(settings, writer)
    driver = RunDriver(settings.extraction, writer=writer, pool=pool, log=log, alerts=steps)

    async def scenario(hook: WebhookReceiver) -> Any:
        await writer.create_alert_channel("down", hook.url)
        return await _run(driver, log, writer, steps)

    with WebhookReceiver(status=503) as hook:
        state = asyncio.run(scenario(hook))
    assert state.status == "done"
    (line,) = [e.message for e in log.events(state.run_id) if e.type == "alerts_sent"]
    assert line.startswith("alerts: 0 sent to 0 channels; failed: down: ")


def test_the_coordinator_sends_a_runs_alerts_when_it_ends(db: Database) -> None:
    """The wiring: the coordinator (its body, no Ray) gives its runs the alert step."""
    from actors.coordinator import _Coordinator

    settings = Settings.model_validate(
        {"extraction": {"enabled": False}, "matching": {"embed_during_runs": False}, "alerts": {"retries": 0}}
    )
    writer = WriterClient(InProcessTransport(Writer(db)))
    coordinator = _Coordinator(
        settings, writer=writer, worker_factory=BoardWorker, kill_worker=lambda h: None
    )

    async def scenario(hook: WebhookReceiver) -> list[str]:
        await writer.create_alert_channel("hook", hook.url)
        run_id = await coordinator.start_run(RunSpec(searches=[SEARCH]))
        await asyncio.wait_for(coordinator.wait(run_id), timeout=30)
        for _ in range(300):  # the step runs after the run's end, in the background
            lines = [e.message for e in await coordinator.events(run_id) if e.type == "alerts_sent"]
            if lines:
                return lines
            await asyncio.sleep(0.05)
        return []

    with WebhookReceiver() as hook:
        assert asyncio.run(scenario(hook)) == ["alerts: 3 sent to 1 channel"]
        assert len(hook.wait_for(3)) == 3
