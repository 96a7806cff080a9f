"""Alerts on the Settings page in a real Chromium (issue 17, item 3): a json:// channel pointing at a
local webhook receiver is added through the form, shows with its URL masked, and "Send test message"
reaches the receiver and says so on the channel's row; removing it asks first and takes it off the
list. Screenshot: ``settings-alerts.png``. The channel is removed afterwards whatever happened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from flows import api, ensure_demo_jobs
from uistack import UiStack

from tests.alert_receivers import WebhookReceiver

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAME = "e2e webhook"


def _remove(stack: UiStack) -> None:
    for channel in api(stack, "/api/alerts/channels"):
        if channel["name"] == NAME:
            httpx.delete(f"{stack.api}/api/alerts/channels/{channel['id']}", timeout=30)


def test_add_a_webhook_channel_send_a_test_message_and_remove_it(
    page: Any, stack: UiStack, artifacts: Path
) -> None:
    ensure_demo_jobs(page, stack, artifacts)
    try:
        with WebhookReceiver() as hook:
            page.goto("/settings")
            page.locator("#alert-channels, #alerts-empty").first.wait_for()  # loaded: the page is live
            page.wait_for_load_state("networkidle")
            page.fill("#alert-url", hook.url)
            page.fill("#alert-name", NAME)
            page.click("#alert-add")
            row = page.locator(".alert-row", has_text=NAME)
            row.wait_for()
            assert row.locator(".alert-url").inner_text() == hook.url
            assert page.locator("#alert-url").input_value() == ""  # the URL is not kept in the page

            row.locator(".alert-test").click()
            row.locator(".alert-result").wait_for()
            assert row.locator(".alert-result").inner_text() == "Test message sent."
            (got,) = hook.wait_for(1)
            assert got["title"] == "jobscraper: test message" and got["path"] == "/hook"
            page.locator("#alerts").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / "settings-alerts.png"), full_page=True)

        row.locator(".alert-remove").click()
        page.locator("#confirm-remove-channel").wait_for()
        page.click("#confirm-remove-channel-confirm")
        row.wait_for(state="detached")
        assert NAME not in [c["name"] for c in api(stack, "/api/alerts/channels")]
    finally:
        _remove(stack)
