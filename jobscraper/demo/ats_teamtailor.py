"""The demo board's Teamtailor: the careers site's public RSS feed for the demo companies of style
``teamtailor``.

Laid out like ``{company}.teamtailor.com`` under ``/teamtailor/{slug}``: ``GET
/teamtailor/{slug}/jobs.rss`` (RSS 2.0, the locations in the ``https://teamtailor.com/locations``
namespace, descriptions as escaped HTML with a tracking script) and the job page
``/teamtailor/{slug}/jobs/{id}-{title}``. Like the real feed it carries no pay and no job type.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from email.utils import format_datetime
from xml.sax.saxutils import escape

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest
from jobscraper.demo.data import DemoJob

__all__ = ["DEMO", "URL", "feed"]

URL = "/teamtailor/{s}/jobs.rss"
"""Where a demo company's Teamtailor feed is (what a user configures, with ``ats: teamtailor``)."""
_TRACKER = "<script>window.ttTrack && ttTrack('job')</script>"


def _path(job: DemoJob) -> str:
    return f"{8_100_000 + job.key}-{re.sub(r'[^a-z0-9]+', '-', job.title.lower()).strip('-')}"


def _item(job: DemoJob, site: str) -> str:
    posted = format_datetime(datetime.combine(job.posted, time(9), UTC))
    return (
        f"<item><title>{escape(job.title)}</title>"
        f"<description>{escape(pages._html_description(job) + _TRACKER)}</description>"
        f"<pubDate>{posted}</pubDate><link>{site}/jobs/{_path(job)}</link>"
        f"<guid>demo-{job.key}</guid><remoteStatus>{'fully' if job.remote else 'none'}</remoteStatus>"
        f"<tt:locations><tt:location><tt:name>{escape(job.city)}</tt:name><tt:city>{escape(job.city)}</tt:city>"
        f"<tt:country>{escape(job.country)}</tt:country></tt:location></tt:locations>"
        "<tt:department>Engineering</tt:department></item>"
    )


def feed(jobs: list[DemoJob], base: str) -> str:
    """The ``jobs.rss`` feed of one company's jobs."""
    site = f"{base}/teamtailor/{jobs[0].company.slug}" if jobs else base
    items = "\n".join(_item(j, site) for j in jobs)
    name = escape(jobs[0].company.name) if jobs else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:tt="https://teamtailor.com/locations">'
        f"<channel><title>{name}</title><link>{site}/jobs</link>\n{items}\n</channel></rss>\n"
    )


def _route(request: DemoRequest) -> Answer | None:
    segments, base = request.segments, request.base_url
    if segments[:1] != ["teamtailor"] or request.method != "GET" or len(segments) < 3:
        return None
    found = request.jobs_of(segments[1])
    if not found:
        return None
    if segments[2:] == ["jobs.rss"]:
        return 200, "application/rss+xml; charset=utf-8", feed(found, base).encode()
    if len(segments) == 4 and segments[2] == "jobs":
        job = next((j for j in found if _path(j) == segments[3]), None)
        return (200, "text/html", pages.career_detail(job, structured=False).encode()) if job else None
    return None


DEMO = DemoAts(api_path=lambda slug: URL.format(s=slug), route=_route)
