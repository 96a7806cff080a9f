"""The alert step that follows every run: the run's new jobs that fit, sent to each channel once.

:func:`run_alerts` asks the store for the run's plan (:meth:`AlertStore.alert_plan`: the enabled
channels, the jobs the run saw first that a saved search of the run found or whose fit reaches
``alerts.min_fit``, and what each channel already got), then, for each channel at once, sends the
first ``alerts.max_per_run`` jobs one message each and the rest as one digest that links to the
Jobs view. Each job a channel took (alone or in the digest) is recorded at once
(:meth:`AlertStore.record_alerts`), so it is never sent there again — not by a later run, not after
a crash half-way. A channel that fails after its retries gets nothing more this run; its failure is
in the report (and the run's events), never an exception: a run's alerts never fail the run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Protocol

from jobscraper.alerts.compose import digest, job_message, test_message
from jobscraper.alerts.send import Sender
from jobscraper.alerts.shapes import AlertJob, AlertPlan, AlertReport, Channel, DeliveryPublic
from jobscraper.config import Settings

__all__ = ["AlertStore", "jobs_view_url", "run_alerts", "send_test"]


class AlertStore(Protocol):
    """The writer's side of the step (a :class:`~jobscraper.store.writer_client.WriterClient` is one)."""

    def alert_plan(self, run_id: int, min_fit: int, saved_searches: bool) -> Awaitable[AlertPlan]: ...

    def record_alerts(self, channel_id: int, job_ids: list[int]) -> Awaitable[int]: ...


def jobs_view_url(settings: Settings) -> str:
    """Where the digest points: ``alerts.jobs_url``, else the web UI's Jobs page."""
    if settings.alerts.jobs_url:
        return settings.alerts.jobs_url
    host = settings.ui.host
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.ui.port}/"


async def _channel(
    store: AlertStore,
    sender: Sender,
    channel: Channel,
    jobs: list[AlertJob],
    cap: int,
    jobs_url: str,
    report: AlertReport,
) -> set[int]:
    head, rest = jobs[:cap], jobs[cap:]
    took: set[int] = set()
    for job in head:
        delivery = await sender.send(channel.url, job_message(job))
        if not delivery.ok:
            report.failed[channel.name] = delivery.reason or "failed"
            break
        await store.record_alerts(channel.id, [job.id])
        took.add(job.id)
        report.messages += 1
    else:
        if rest:
            delivery = await sender.send(channel.url, digest(rest, jobs_url))
            if delivery.ok:
                await store.record_alerts(channel.id, [j.id for j in rest])
                took.update(j.id for j in rest)
                report.messages += 1
                report.digests += 1
            else:
                report.failed[channel.name] = delivery.reason or "failed"
    if took:
        report.channels += 1
    return took


async def run_alerts(
    store: AlertStore, settings: Settings, run_id: int, sender: Sender | None = None
) -> AlertReport:
    """Send run ``run_id``'s alerts (see the module docstring); what was sent."""
    alerts = settings.alerts
    report = AlertReport()
    if not alerts.enabled:
        return report
    sender = sender or Sender(retries=alerts.retries, timeout_s=alerts.timeout_s)
    plan = await store.alert_plan(run_id, alerts.min_fit, alerts.saved_searches)
    url = jobs_view_url(settings)
    work = []
    for channel in plan.channels:
        already = set(plan.sent.get(channel.id, []))
        todo = [j for j in plan.jobs if j.id not in already]
        if todo:
            work.append(_channel(store, sender, channel, todo, alerts.max_per_run, url, report))
    taken = await asyncio.gather(*work)
    report.jobs = len(set().union(*taken))
    return report


async def send_test(channel: Channel, sender: Sender) -> DeliveryPublic:
    """Send the test message to ``channel`` now; ``sent``, or ``failed`` with the reason."""
    delivery = await sender.send(channel.url, test_message())
    return DeliveryPublic(
        channel=channel.name, status="sent" if delivery.ok else "failed", reason=delivery.reason
    )
