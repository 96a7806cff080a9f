"""The shapes the alerts work passes around: channels (whole inside, masked outside), the jobs to
tell about, one run's plan and what sending it did. Plain pydantic, so they cross Ray and HTTP."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

__all__ = [
    "AlertJob",
    "AlertPlan",
    "AlertReport",
    "Channel",
    "ChannelCreate",
    "ChannelPublic",
    "Delivery",
    "DeliveryPublic",
]

NAME_MAX = 100
URL_MAX = 2048


class ChannelCreate(BaseModel):
    """A channel to add: an Apprise URL (``ntfy://…``, ``mailtos://…``, ``json://host/path``, …)."""

    url: str = Field(min_length=1, max_length=URL_MAX, description="an Apprise URL; its secret is kept")
    name: str | None = Field(
        None, min_length=1, max_length=NAME_MAX, description="default: the URL's service and host"
    )


class Channel(BaseModel):
    """A stored channel with its whole URL: only the store and the sender see this one."""

    id: int
    name: str
    url: str
    enabled: bool = True


class ChannelPublic(BaseModel):
    """A channel as the API, the CLI and the UI show it: the URL masked, never whole."""

    id: int
    name: str
    url: str = Field(description="masked: the service and where it goes, no token or password")
    enabled: bool
    created_at: datetime


class AlertJob(BaseModel):
    """A new job worth telling about, with what the message says of it."""

    id: int
    title: str
    company: str | None = None
    location: str | None = None
    salary: str | None = Field(None, description="as the posting gave it, e.g. '90,000–110,000 EUR / year'")
    fit: int | None = Field(None, description="its fit for the active profile (0–100), when stored")
    url: str
    reason: str = Field(description="why it is sent: the saved search that found it, or its fit")


class AlertPlan(BaseModel):
    """What one run's alert step has to do: the enabled channels, the run's jobs worth sending, and,
    per channel id, the ids among them already sent there (never sent again)."""

    run_id: int
    channels: list[Channel] = Field(default_factory=list)
    jobs: list[AlertJob] = Field(default_factory=list)
    sent: dict[int, list[int]] = Field(default_factory=dict)


class Delivery(BaseModel):
    """How one send ended: ``ok``, or the reason it failed (after the retries)."""

    ok: bool
    reason: str | None = None
    attempts: int = 1


class DeliveryPublic(BaseModel):
    """The answer to "send a test message": ``sent`` or ``failed``, with the reason."""

    channel: str
    status: str = Field(description="sent | failed")
    reason: str | None = None


class AlertReport(BaseModel):
    """What one run's alert step did: the jobs sent (to one channel or more; a digest counts the jobs
    it names), the messages, the channels reached, and the channels that failed with why."""

    jobs: int = 0
    messages: int = 0
    digests: int = 0
    channels: int = 0
    failed: dict[str, str] = Field(default_factory=dict)

    def summary(self) -> str:
        """The run event's line, e.g. ``alerts: 3 sent to 2 channels``."""
        line = f"alerts: {self.jobs} sent to {self.channels} channel{'s' if self.channels != 1 else ''}"
        if self.digests:
            line += f" ({self.digests} digest{'s' if self.digests != 1 else ''})"
        if self.failed:
            line += "; failed: " + "; ".join(f"{name}: {why}" for name, why in self.failed.items())
        return line
