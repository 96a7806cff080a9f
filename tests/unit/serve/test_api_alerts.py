"""The alert routes over the real ApiBackend and app on a real SQLite file (the writer's real body
in-process): channels added, listed masked (never the whole URL), tested against a local webhook
receiver, removed; an unknown service or a host the URL policy forbids is a 422 with a sentence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.urlpolicy import UrlPolicy
from serve.backend import ApiBackend
from serve.http import create_api
from tests.alert_receivers import WebhookReceiver
from tests.unit.serve.test_api_profile import WriterHandle


def _client(tmp_path: Path, policy: UrlPolicy) -> TestClient:
    db_path = tmp_path / "jobs.db"
    writer = _Writer(str(db_path))
    settings = Settings.model_validate({"database": {"path": str(db_path)}})
    backend = ApiBackend(
        settings,
        start_writer=lambda path, **_: WriterHandle(writer),
        start_coordinator=lambda *args, **kwargs: object(),
    )
    return TestClient(create_api(backend, router=None, url_policy=policy), base_url="http://127.0.0.1:8000")


@pytest.fixture
def loopback_allowed(tmp_path: Path) -> Iterator[TestClient]:
    """An API whose URL policy allows loopback (``scraping.allow_private_urls``, as the demo has)."""
    with _client(tmp_path, UrlPolicy(allow_private=True)) as client:
        yield client


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[TestClient]:
    async def public(host: str) -> list[str]:
        return ["93.184.216.34"]

    with _client(tmp_path, UrlPolicy(resolve=public)) as client:
        yield client


def test_add_list_test_remove_a_webhook_channel(loopback_allowed: TestClient) -> None:
    client = loopback_allowed
    with WebhookReceiver() as hook:
        added = client.post("/api/alerts/channels", json={"url": hook.url})
        assert added.status_code == 201, added.text
        channel = added.json()
        assert channel["name"] == f"json 127.0.0.1:{hook.port}" and channel["url"] == hook.url
        answer = client.post(f"/api/alerts/channels/{channel['id']}/test").json()
        assert answer == {"channel": channel["name"], "status": "sent", "reason": None}
        (got,) = hook.wait_for(1)
        assert got["title"] == "jobscraper: test message" and got["path"] == "/hook"
    failed = client.post(f"/api/alerts/channels/{channel['id']}/test").json()  # the receiver is gone
    assert failed["status"] == "failed" and failed["reason"]
    assert client.delete(f"/api/alerts/channels/{channel['id']}").status_code == 204
    assert client.get("/api/alerts/channels").json() == []
    assert client.delete(f"/api/alerts/channels/{channel['id']}").status_code == 404
    assert client.post(f"/api/alerts/channels/{channel['id']}/test").status_code == 404


def test_secrets_never_come_back(loopback_allowed: TestClient) -> None:
    client = loopback_allowed
    url = "ntfy://tk_secret_42@ntfy.sh/jobs"
    added = client.post("/api/alerts/channels", json={"url": url, "name": "phone"})
    assert added.status_code == 201 and "tk_secret_42" not in added.text
    listed = client.get("/api/alerts/channels")
    assert listed.json()[0]["url"] == "ntfy://***@ntfy.sh/jobs" and "tk_secret_42" not in listed.text
    taken = client.post("/api/alerts/channels", json={"url": "ntfy://other@ntfy.sh/x", "name": "phone"})
    assert taken.status_code == 409 and "tk_secret" not in taken.text


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("foo://bar/secret_token", "Apprise cannot send"),
        ("no url at all secret_token", "not an alert URL"),
        ("slack://secret_token", "Apprise cannot send"),
    ],
)
def test_a_url_apprise_cannot_use_is_a_422_that_does_not_repeat_it(
    loopback_allowed: TestClient, url: str, needle: str
) -> None:
    answer = loopback_allowed.post("/api/alerts/channels", json={"url": url})
    assert answer.status_code == 422 and needle in answer.text and "secret_token" not in answer.text


@pytest.mark.parametrize(
    "url",
    [
        "json://127.0.0.1:8080/hook",
        "json://169.254.169.254/latest/meta-data",
        "xml://10.0.0.8/hook",
        "mailto://me:pw@example.com?smtp=192.168.1.10&to=me@example.com",
        "ntfy://localhost/topic",
    ],
)
def test_a_channel_onto_this_machine_or_its_network_is_refused(strict: TestClient, url: str) -> None:
    answer = strict.post("/api/alerts/channels", json={"url": url})
    assert answer.status_code == 422 and answer.json()["detail"].startswith("URL refused: "), answer.text
    assert strict.get("/api/alerts/channels").json() == []


def test_a_public_service_passes_the_policy(strict: TestClient) -> None:
    for url in ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#jobs", "json://hooks.example.com/in"):
        assert strict.post("/api/alerts/channels", json={"url": url}).status_code == 201
