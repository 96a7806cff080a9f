"""The words of an alert: one message per job, and the digest that stands for the rest.

Plain text that reads well in a push notification, a chat line and an email alike: the title and
company as the message's title; location, salary and fit on one line; why it was sent; the link.
"""

from __future__ import annotations

from jobscraper.alerts.shapes import AlertJob

__all__ = ["Message", "digest", "job_message", "salary_text", "test_message"]

Message = tuple[str, str]
"""(title, body)."""


def salary_text(
    low: float | None, high: float | None, currency: str | None, interval: str | None
) -> str | None:
    """``90,000–110,000 EUR / yearly`` from a posting's salary fields; None when it gives none."""
    amounts = [f"{a:,.0f}" for a in (low, high) if a is not None]
    if not amounts:
        return None
    text = "–".join(dict.fromkeys(amounts))  # one figure when min = max
    if currency:
        text += f" {currency}"
    if interval:
        text += f" / {interval}"
    return text


def job_message(job: AlertJob) -> Message:
    """The message for one job."""
    title = f"{job.title} at {job.company}" if job.company else job.title
    facts = [job.location or "location not given"]
    if job.salary:
        facts.append(job.salary)
    if job.fit is not None:
        facts.append(f"fit {job.fit}/100")
    body = "\n".join((" · ".join(facts), f"Why: {job.reason}", job.url))
    return title, body


def digest(jobs: list[AlertJob], jobs_url: str) -> Message:
    """The one message for the jobs over the per-run cap: how many, a few titles, the Jobs view."""
    count = len(jobs)
    named = [f"- {j.title}" + (f" at {j.company}" if j.company else "") for j in jobs[:5]]
    if count > len(named):
        named.append(f"- … and {count - len(named)} more")
    body = "\n".join((*named, f"See them all: {jobs_url}"))
    return f"and {count} more new job{'s' if count != 1 else ''}", body


def test_message() -> Message:
    """What "send a test message" sends."""
    return (
        "jobscraper: test message",
        "This channel is set up: new jobs that fit will be sent here after each run.",
    )
