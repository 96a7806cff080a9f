"""The alerts section: telling the person about new jobs that fit, after every run (``jobscraper.alerts``).

After a run ends (started by hand or by the scheduler), the jobs it saw first that a saved search
of the run found, or whose stored fit for the active profile reaches ``min_fit``, are sent to each
enabled channel (``jobscraper alerts add``, the Settings page) — at most once per job per channel.
More than ``max_per_run`` of them: that many messages, then one digest pointing at the Jobs view.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from jobscraper.config.checks import Section
from jobscraper.config.checks import url as url_check

__all__ = ["AlertSettings"]


class AlertSettings(Section):
    """Which new jobs are sent to the alert channels, how many per run, and how hard to try."""

    enabled: bool = Field(True, description="send alerts after each run (channels are added separately)")
    min_fit: int = Field(
        70, ge=0, le=100, description="a new job whose fit for the active profile reaches this is sent"
    )
    saved_searches: bool = Field(
        True, description="a new job a saved search of the run found is sent whatever its fit"
    )
    max_per_run: int = Field(
        10, ge=1, le=1000, description="messages per channel per run; the rest go in one digest message"
    )
    retries: int = Field(
        3, ge=0, le=10, description="tries again after a failed send, with exponential backoff"
    )
    timeout_s: float = Field(15.0, gt=0, le=300, description="how long one send may take")
    jobs_url: str | None = Field(
        None,
        description="the Jobs view the digest links to (default: the web UI's address, ui.host:ui.port)",
    )

    @field_validator("jobs_url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        return None if value is None else url_check(value, ("http", "https"))
