"""The Settings page's alerts section (issue 17, item 3) over the real client, whose requests the
real Api app answers (its backend and the writer's body on a real SQLite file, no Ray).

What a person would notice: a channel added shows in the list with its URL masked (the form is
emptied: the token is not kept in the page); "Send test message" reaches a local webhook receiver
and says so on the channel's row, or says why not; a URL Apprise cannot use says why and keeps the
text; removal asks first, Cancel keeps the channel, confirming removes it."""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import use_client
from jobscraper_ui.pages.alerts_state import AlertsState
from jobscraper_ui.pages.settings import SettingsState

from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.store import Database
from jobscraper.urlpolicy import UrlPolicy
from serve.backend import ApiBackend
from serve.http import create_api
from tests.alert_receivers import WebhookReceiver
from tests.unit.serve.test_api_profile import WriterHandle
from tests.unit.ui.fake_api import mock_client
from tests.unit.ui.test_profile_page import RealApi


@pytest.fixture
def api(db: Database) -> Iterator[RealApi]:
    """The Api with loopback allowed for channels (as ``scraping.allow_private_urls`` / the demo)."""
    db_path = Path(str(db.location))
    backend = ApiBackend(
        Settings.model_validate({"database": {"path": str(db_path)}}),
        start_writer=lambda path, **_: WriterHandle(_Writer(str(db_path))),
        start_coordinator=lambda *args, **kwargs: object(),
    )
    app = create_api(backend, router=None, url_policy=UrlPolicy(allow_private=True))
    with TestClient(app, base_url="http://127.0.0.1:8000") as http:
        real = RealApi(http)
        use_client(mock_client(real))
        yield real
        use_client(None)


def _page() -> types.SimpleNamespace:
    """The section's state as a plain object with its own methods (Reflex needs a running app)."""
    values: dict[str, Any] = {}
    for name, field in AlertsState.get_fields().items():
        if name.startswith(("router", "rx_", "_", "is_hydrated")):
            continue
        values[name] = field.default_factory() if callable(field.default_factory) else field.default
    page = types.SimpleNamespace(**values)
    page._refresh = types.MethodType(AlertsState._refresh, page)
    for name in ("call", "check_health"):
        setattr(page, name, types.MethodType(getattr(BaseState, name).fn, page))
    return page


def _run(page: types.SimpleNamespace, event: str, *args: Any) -> Any:
    answer = getattr(AlertsState, event).fn(page, *args)
    if hasattr(answer, "__anext__"):

        async def drain() -> None:
            async for _ in answer:
                pass

        return asyncio.run(drain())
    return asyncio.run(answer) if asyncio.iscoroutine(answer) else answer


async def _no_health() -> None:
    return None


def test_settings_loads_the_alerts_section() -> None:
    chained = asyncio.run(SettingsState.load.fn(types.SimpleNamespace(check_health=_no_health)))
    assert AlertsState.load in chained


def test_add_test_and_remove_a_channel(api: RealApi) -> None:
    page = _page()
    _run(page, "load")
    assert page.loaded and page.channels == []
    with WebhookReceiver() as hook:
        page.url, page.name = f"  {hook.url}  ", "hook"
        _run(page, "add")
        assert page.error == "" and page.url == "" and page.name == ""
        (row,) = page.channels
        assert (row.name, row.url) == ("hook", hook.url) and "Added “hook”" in page.message
        _run(page, "send_test", row.id)
        assert (
            page.testing_id == 0 and page.channels[0].result == "Test message sent." and page.channels[0].ok
        )
        (got,) = hook.wait_for(1)
        assert got["title"] == "jobscraper: test message"
    _run(page, "send_test", row.id)  # the receiver is gone: the row says why
    assert page.channels[0].result.startswith("Not sent: ") and not page.channels[0].ok

    page.url = "ntfy://tk_secret_42@ntfy.sh/jobs"
    _run(page, "add")
    assert [r.url for r in page.channels] == [hook.url, "ntfy://***@ntfy.sh/jobs"]
    assert page.channels[0].result.startswith("Not sent: ")  # a refresh keeps the outcome shown
    page.url = "foo://bar"
    _run(page, "add")
    assert "Apprise cannot send" in page.error and page.url == "foo://bar"
    page.url = "  "
    _run(page, "add")
    assert "Paste an Apprise URL" in page.error

    _run(page, "ask_remove", row.id)
    assert page.confirm_id == row.id and page.confirm_name == "hook"
    _run(page, "keep")
    assert page.confirm_id == 0 and len(page.channels) == 2  # Cancel keeps it
    _run(page, "ask_remove", row.id)
    _run(page, "remove")
    assert [r.name for r in page.channels] == ["ntfy ntfy.sh"] and "Removed “hook”" in page.message
