"""The alerts' core without a database or a network: URLs checked and masked, the words of a
message and a digest, retries with backoff, and a run's step — the cap, the digest, at most once per
job per channel, a failing channel that does not stop the others."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from tenacity import wait_none

from jobscraper.alerts import (
    AlertJob,
    AlertPlan,
    Channel,
    Sender,
    SendFailed,
    channel_name,
    check_channel_url,
    destinations,
    digest,
    job_message,
    mask_url,
    run_alerts,
)
from jobscraper.config import Settings
from jobscraper.errors import InputError

SECRETS = {
    "ntfy://tk_live_123@ntfy.sh/jobs": "ntfy://***@ntfy.sh/jobs",
    "mailtos://me:hunter2@example.com?to=me@example.com": "mailtos://***@example.com",
    "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#jobs": "slack://***",
    "tgram://123456:AAHsecret/98765": "tgram://***",
    "json://hooks.example.com/in/0123456789abcdefXYZ?token=abc": "json://hooks.example.com/in/***",
}


@pytest.mark.parametrize(("url", "shown"), SECRETS.items())
def test_a_masked_url_keeps_the_service_and_place_but_no_secret(url: str, shown: str) -> None:
    assert mask_url(url) == shown
    assert not any(s in channel_name(url) for s in ("tk_live", "hunter2", "AAHsecret", "0123456789"))


@pytest.mark.parametrize(
    "url", ["nothing secret", "foo://secret", "slack://secret", "http ://secret", "ntfy://a secret@x/y"]
)
def test_a_url_apprise_cannot_send_to_is_refused_without_repeating_it(url: str) -> None:
    with pytest.raises(InputError) as caught:
        check_channel_url(url)
    assert "secret" not in str(caught.value)


def test_the_hosts_the_url_policy_checks_are_the_ones_the_url_chooses() -> None:
    assert destinations("json://10.0.0.5:8080/hook") == ["10.0.0.5:8080"]
    assert destinations("mailto://me:pw@example.com?smtp=192.168.1.2&to=me@example.com") == [
        "example.com:25",
        "192.168.1.2",
    ]
    assert destinations("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/") == []


def _job(n: int, **extra: Any) -> AlertJob:
    return AlertJob(
        id=n, title=f"Engineer {n}", company="Acme", url=f"https://jobs.example/{n}", reason="fits", **extra
    )


def test_a_message_says_title_company_place_salary_fit_why_and_the_link() -> None:
    title, body = job_message(_job(1, location="Berlin", salary="90,000 EUR / yearly", fit=88))
    assert title == "Engineer 1 at Acme"
    assert body.splitlines() == [
        "Berlin · 90,000 EUR / yearly · fit 88/100",
        "Why: fits",
        "https://jobs.example/1",
    ]
    title, body = digest([_job(n) for n in range(7)], "http://127.0.0.1:3000/")
    assert title == "and 7 more new jobs"
    assert "… and 2 more" in body and body.endswith("See them all: http://127.0.0.1:3000/")


class Service:
    """A fake transport: fails ``fail`` times per URL first (or always for ``down``), records what it took."""

    def __init__(self, fail: int = 0, down: frozenset[str] = frozenset()) -> None:
        self.fail, self.down = fail, down
        self.tries: dict[str, int] = {}
        self.took: list[tuple[str, str]] = []

    async def __call__(self, url: str, title: str, body: str, timeout_s: float) -> None:
        self.tries[url] = self.tries.get(url, 0) + 1
        if url in self.down or self.tries[url] <= self.fail:
            raise SendFailed("HTTP 503 from the service")
        self.took.append((url, title))


def test_a_failed_send_is_tried_again_then_given_up_with_the_reason() -> None:
    service = Service(fail=2)
    sender = Sender(retries=3, notify=service, wait=wait_none())
    delivery = asyncio.run(sender.send("json://a/b", ("t", "b")))
    assert delivery.ok and delivery.attempts == 3
    down = Service(down=frozenset({"json://a/b"}))
    delivery = asyncio.run(Sender(retries=2, notify=down, wait=wait_none()).send("json://a/b", ("t", "b")))
    assert not delivery.ok and delivery.attempts == 3 and delivery.reason == "HTTP 503 from the service"


class Store:
    """The writer's side of the step, in memory."""

    def __init__(self, plan: AlertPlan) -> None:
        self.plan = plan
        self.recorded: dict[int, list[int]] = {}

    async def alert_plan(self, run_id: int, min_fit: int, saved_searches: bool) -> AlertPlan:
        sent = {c: list(ids) for c, ids in self.recorded.items()}
        return self.plan.model_copy(update={"sent": sent})

    async def record_alerts(self, channel_id: int, job_ids: list[int]) -> int:
        self.recorded.setdefault(channel_id, []).extend(job_ids)
        return len(job_ids)


def _settings(**alerts: Any) -> Settings:
    return Settings.model_validate({"alerts": {"max_per_run": 3, **alerts}})


def test_a_run_sends_up_to_the_cap_then_one_digest_and_never_the_same_job_twice() -> None:
    channels = [
        Channel(id=1, name="phone", url="ntfy://x@ntfy.sh/a"),
        Channel(id=2, name="hook", url="json://h/p"),
    ]
    store = Store(AlertPlan(run_id=1, channels=channels, jobs=[_job(n) for n in range(1, 6)]))
    service = Service()
    sender = Sender(retries=0, notify=service, wait=wait_none())
    report = asyncio.run(run_alerts(store, _settings(), 1, sender))
    assert report.summary() == "alerts: 5 sent to 2 channels (2 digests)"
    titles = [t for u, t in service.took if u == "json://h/p"]
    assert titles == ["Engineer 1 at Acme", "Engineer 2 at Acme", "Engineer 3 at Acme", "and 2 more new jobs"]
    assert sorted(store.recorded[1]) == sorted(store.recorded[2]) == [1, 2, 3, 4, 5]
    again = asyncio.run(run_alerts(store, _settings(), 1, sender))  # the same run's step again
    assert again.jobs == 0 and len(service.took) == 8


def test_a_channel_that_fails_gets_nothing_more_and_the_others_get_theirs() -> None:
    channels = [Channel(id=1, name="down", url="json://down/p"), Channel(id=2, name="up", url="json://up/p")]
    store = Store(AlertPlan(run_id=1, channels=channels, jobs=[_job(1), _job(2)]))
    service = Service(down=frozenset({"json://down/p"}))
    report = asyncio.run(
        run_alerts(store, _settings(), 1, Sender(retries=1, notify=service, wait=wait_none()))
    )
    assert report.jobs == 2 and report.channels == 1
    assert report.failed == {"down": "HTTP 503 from the service"} and service.tries["json://down/p"] == 2
    assert 1 not in store.recorded  # not recorded: nothing was taken there


def test_alerts_off_send_nothing() -> None:
    store = Store(AlertPlan(run_id=1, channels=[Channel(id=1, name="h", url="json://h/p")], jobs=[_job(1)]))
    service = Service()
    report = asyncio.run(run_alerts(store, _settings(enabled=False), 1, Sender(notify=service)))
    assert report.messages == 0 and service.took == []
