"""Alert latency: from a run's end to the webhook receiving its messages. Target: p95 ≤ 5 s.

``--runs`` runs (default 20) go through the real run driver (:class:`actors.run_driver.RunDriver`:
the real run log and worker pool, a fake ScraperActor whose board search returns ``--jobs`` new
postings each run, default 25) writing through the in-process writer into a fresh SQLite file made
by ``open_database``. Two channels: a local webhook receiver (``json://``, an ``http.server`` on
loopback) and a local SMTP server (aiosmtpd). With ``alerts.max_per_run`` 10, each run sends each
channel 10 messages and one digest (11 per channel).

(a) baseline, the floor: right after each run's end, the same 11 messages composed in advance are
    sent to the webhook with bare Apprise, one after the other — no plan query, no recording, no
    second channel.
(b) ours: the alert step the driver starts when the run's end is recorded (``actors.alerts``): the
    plan read through the writer (the run's new jobs, their fit and searches, what each channel
    already got), Apprise sends with retries to both channels at once, each job recorded as sent.

"The run's end" is the moment the driver hands the run to the alert step (its end recorded in the
database); "received" is when the receiver's handler has the POST (``time.monotonic``, one clock,
one machine). Printed per side: p50/p95 to the first message and to the last (the digest). On a
cluster the coordinator reaches the writer over Ray: each writer call adds one actor round trip.
The script exits 1 if a run's messages were not all received, or ours' p95 misses 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actors.alerts import AlertSteps  # noqa: E402
from actors.run_driver import RunDriver  # noqa: E402
from actors.run_log import RunLog, now  # noqa: E402
from actors.runs import RunSpec, RunState, SourceState  # noqa: E402
from actors.workers import WorkerPool  # noqa: E402
from jobscraper.alerts import AlertJob, digest, job_message  # noqa: E402
from jobscraper.alerts.send import apprise_notify  # noqa: E402
from jobscraper.config import SavedSearch, Settings  # noqa: E402
from jobscraper.posting import Posting  # noqa: E402
from jobscraper.sources.site_result import SiteResult  # noqa: E402
from jobscraper.store import open_database  # noqa: E402
from jobscraper.store.writer import Writer  # noqa: E402
from jobscraper.store.writer_client import InProcessTransport, WriterClient  # noqa: E402
from tests.alert_receivers import Mailbox, WebhookReceiver  # noqa: E402
from tests.unit.actors.fakes_coordinator import Method  # noqa: E402

CAP = 10
SEARCH = SavedSearch(name="bench", sites=["linkedin"], term="python")


class Board:
    """A ScraperActor handle: run n's board search returns ``jobs`` postings never seen before."""

    run = 0
    jobs = 25

    def __init__(self, owner: str) -> None:
        async def scrape_board(search: SavedSearch) -> list[SiteResult]:
            n, k = Board.run, Board.jobs
            postings = [
                Posting.model_validate(
                    {
                        "site": "linkedin",
                        "job_url": f"https://www.linkedin.com/jobs/view/{n * 1000 + i}",
                        "title": f"Engineer {n}-{i}",
                        "company": f"Company {n}-{i}",
                        "location": "Berlin",
                    }
                )
                for i in range(k)
            ]
            return [SiteResult(site=search.sites[0], postings=postings)]

        async def ping() -> str:
            return "ok"

        self.scrape_board = Method(scrape_board)
        self.ping = Method(ping)


class TimedSteps(AlertSteps):
    """The production alert steps, noting when each run was handed over (its end recorded)."""

    ended: ClassVar[dict[int, float]] = {}

    def start(self, run_id: int, emit: Any) -> Any:
        TimedSteps.ended[run_id] = time.monotonic()
        return super().start(run_id, emit)


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _bench(
    args: argparse.Namespace, db_path: Path, hook: WebhookReceiver, mail: Mailbox
) -> dict[str, Any]:
    settings = Settings.model_validate(
        {
            "extraction": {"enabled": False},
            "alerts": {"max_per_run": CAP, "jobs_url": "http://127.0.0.1:3000/"},
        }
    )
    db = open_database(db_path)
    writer = WriterClient(InProcessTransport(Writer(db)))
    await writer.create_alert_channel("hook", hook.url)
    await writer.create_alert_channel("mail", mail.url)
    steps = TimedSteps(settings, writer)
    pool = WorkerPool(Board, 1, on_lost=lambda owner: 0, kill=lambda handle: None)
    log = RunLog()
    driver = RunDriver(settings.extraction, writer=writer, pool=pool, log=log, alerts=steps)
    per_run = CAP + 1
    ours_first, ours_last, base_first, base_last = [], [], [], []
    for n in range(args.runs):
        Board.run = n
        spec = RunSpec(searches=[SEARCH])
        tasks = spec.tasks()
        run_id = await writer.start_run("scrape", spec.model_dump(mode="json"))
        sources = {t.key: SourceState(key=t.key, label=t.label, kind=t.kind) for t in tasks}
        log.open(RunState(run_id=run_id, started_at=now(), sources=sources, entries=spec.entry_keys()))
        before = len(hook.items)
        await driver.execute(run_id, spec, tasks)
        await steps.wait()
        await asyncio.to_thread(hook.wait_for, before + per_run, 30)
        await asyncio.to_thread(mail.wait_for, (n + 1) * per_run, 30)
        arrived = [t for t, _ in hook.items[before:]]
        ours_first.append(arrived[0] - TimedSteps.ended[run_id])
        ours_last.append(arrived[-1] - TimedSteps.ended[run_id])

        jobs = [
            AlertJob(id=i, title=f"Engineer {n}-{i}", company="Acme", url=f"https://x/{i}", reason="r")
            for i in range(Board.jobs)
        ]
        messages = [job_message(j) for j in jobs[:CAP]] + [digest(jobs[CAP:], "http://127.0.0.1:3000/")]
        before = len(hook.items)
        start = time.monotonic()
        for title, body in messages:
            await apprise_notify(hook.url, title, body, 15.0)
        await asyncio.to_thread(hook.wait_for, before + per_run, 30)
        arrived = [t for t, _ in hook.items[before:]]
        base_first.append(arrived[0] - start)
        base_last.append(arrived[-1] - start)
    db.dispose()
    return {
        "ours_first": ours_first,
        "ours_last": ours_last,
        "base_first": base_first,
        "base_last": base_last,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=25, help="new jobs per run")
    args = parser.parse_args()
    Board.jobs = args.jobs
    with tempfile.TemporaryDirectory() as tmp, WebhookReceiver() as hook, Mailbox() as mail:
        got = asyncio.run(_bench(args, Path(tmp) / "jobs.db", hook, mail))
    ms = {k: [v * 1000 for v in values] for k, values in got.items()}
    print(f"{args.runs} runs, {args.jobs} new jobs each, {CAP} messages + 1 digest per channel, 2 channels")
    for label, first, last in (
        ("(a) baseline, bare Apprise", "base_first", "base_last"),
        ("(b) ours, the alert step", "ours_first", "ours_last"),
    ):
        a, b = ms[first], ms[last]
        print(
            f"{label:28}: first message p50 {statistics.median(a):7.1f} ms  p95 {_p(a, 0.95):7.1f} ms"
            f" | last (digest) p50 {statistics.median(b):7.1f} ms  p95 {_p(b, 0.95):7.1f} ms"
        )
    p95 = _p(ms["ours_last"], 0.95)
    print(f"target: run end → webhook, last message p95 ≤ 5000 ms: {'met' if p95 <= 5000 else 'MISSED'}")
    print(f"ratio ours/baseline, last message p95: {p95 / _p(ms['base_last'], 0.95):.2f}")
    return 0 if p95 <= 5000 else 1


if __name__ == "__main__":
    sys.exit(main())
