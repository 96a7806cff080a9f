"""The alert routes of the HTTP API (issue 17, item 3), added to the app by :func:`create_api`.

- ``GET /api/alerts/channels``: every channel, its URL masked (a URL holds the channel's secret:
  no answer ever carries it whole);
- ``POST /api/alerts/channels`` (body :class:`ChannelCreate`): add a channel — 422 when Apprise
  cannot send to the URL, or when a host it names fails the URL policy (a channel must not make the
  server a proxy onto its own network; ``scraping.allow_private_urls`` allows such hosts), 409 when
  the name is taken;
- ``DELETE /api/alerts/channels/{id}`` (204); ``POST /api/alerts/channels/{id}/test``: send a test
  message now, one try, and answer ``sent`` or ``failed`` with the reason.

Reads go through the backend's read-only database, writes through its writer client; the test
message is sent from this process (never from the writer).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Path, Response

from jobscraper.alerts import (
    ChannelCreate,
    ChannelPublic,
    DeliveryPublic,
    Sender,
    channel_name,
    check_channel_url,
    policy_check,
    send_test,
)
from jobscraper.store.alerts import find_channel, public_channels
from jobscraper.urlpolicy import UrlPolicy

__all__ = ["add_alert_routes"]

ChannelId = Annotated[int, Path(ge=1, le=2**62)]
TEST_TIMEOUT_S = 8.0
"""The longest a test message may take: the web UI's client gives up on an answer after 15 s."""


def add_alert_routes(api: FastAPI, backend: Any, policy: UrlPolicy) -> None:
    """Add the alert routes to ``api``; ``backend`` is the :class:`~serve.backend.ApiBackend` (its
    ``_read`` and ``_writes``), ``policy`` the URL policy a channel's hosts must pass."""

    @api.get("/api/alerts/channels")
    async def list_channels() -> list[ChannelPublic]:
        """Every alert channel, by name; URLs masked."""
        found: list[ChannelPublic] = await backend._read(public_channels)
        return found

    @api.post("/api/alerts/channels", status_code=201)
    async def add_channel(body: ChannelCreate) -> ChannelPublic:
        """Add a channel: an Apprise URL (ntfy, Slack, Discord, Telegram, email, Matrix, json:// webhook)."""
        url = check_channel_url(body.url)
        await policy_check(policy, url)
        writer = await backend._writes()
        stored: ChannelPublic = await writer.create_alert_channel(body.name or channel_name(url), url)
        return stored

    @api.delete("/api/alerts/channels/{channel_id}", status_code=204)
    async def remove_channel(channel_id: ChannelId) -> Response:
        await backend._read(find_channel, channel_id)  # 404 for an unknown id
        writer = await backend._writes()
        await writer.delete_alert_channel(str(channel_id))
        return Response(status_code=204)

    @api.post("/api/alerts/channels/{channel_id}/test")
    async def test_channel(channel_id: ChannelId) -> DeliveryPublic:
        """Send a test message to the channel now: ``sent``, or ``failed`` with the reason."""
        channel = await backend._read(find_channel, channel_id)
        await policy_check(policy, channel.url)  # the policy may have changed since it was added
        sender = Sender(retries=0, timeout_s=min(TEST_TIMEOUT_S, backend.settings.alerts.timeout_s))
        return await send_test(channel, sender)
