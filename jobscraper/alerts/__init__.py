"""Alerts for new jobs that fit: after every run, the jobs it saw first that a saved search found or
whose fit reaches ``alerts.min_fit`` are sent through Apprise (ntfy, Slack, Discord, Telegram,
email, Matrix, plain webhooks) to each channel at most once, with a digest over the per-run cap.

- :mod:`.shapes` the channel, job, plan and report shapes;
- :mod:`.urls` checking a channel's URL, masking it, the hosts the URL policy checks;
- :mod:`.compose` the messages' words; :mod:`.send` one send with retries; :mod:`.step` a run's step.

The channels and what was sent live in the database (:mod:`jobscraper.store.alerts`); the step
runs after a run ends (:mod:`actors.alerts`), outside the writer.
"""

from jobscraper.alerts.compose import digest, job_message, salary_text, test_message
from jobscraper.alerts.send import Notify, Sender, SendFailed, apprise_notify
from jobscraper.alerts.shapes import (
    AlertJob,
    AlertPlan,
    AlertReport,
    Channel,
    ChannelCreate,
    ChannelPublic,
    Delivery,
    DeliveryPublic,
)
from jobscraper.alerts.step import AlertStore, jobs_view_url, run_alerts, send_test
from jobscraper.alerts.urls import channel_name, check_channel_url, destinations, mask_url, policy_check

__all__ = [
    "AlertJob",
    "AlertPlan",
    "AlertReport",
    "AlertStore",
    "Channel",
    "ChannelCreate",
    "ChannelPublic",
    "Delivery",
    "DeliveryPublic",
    "Notify",
    "SendFailed",
    "Sender",
    "apprise_notify",
    "channel_name",
    "check_channel_url",
    "destinations",
    "digest",
    "job_message",
    "jobs_view_url",
    "mask_url",
    "policy_check",
    "run_alerts",
    "salary_text",
    "send_test",
    "test_message",
]
