"""The demo board's Personio: the XML job feed for the demo companies of style ``personio``.

Laid out like ``{company}.jobs.personio.de`` under ``/personio/{slug}``, so the real adapter builds
its job URLs beside the feed: ``GET /personio/{slug}/xml`` (``<workzag-jobs>``, every position in
one answer, the description sections as HTML in CDATA with a tracking script in them) and the job
page ``/personio/{slug}/job/{id}``. Like the real feed it carries no job URL, no remote flag (a
remote job is an extra office named "Remote") and, here, no pay.
"""

from __future__ import annotations

from dataclasses import replace
from xml.sax.saxutils import escape

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest
from jobscraper.demo.data import DemoJob

__all__ = ["DEMO", "URL", "feed", "position_id"]

URL = "/personio/{s}/xml"
"""Where a demo company's Personio feed is (what a user configures, with ``ats: personio``)."""
# JobSpy's job type → Personio's (employmentType, schedule)
_TYPES = {
    "fulltime": ("permanent", "full-time"),
    "parttime": ("permanent", "part-time"),
    "contract": ("freelance", "full-or-part-time"),
    "internship": ("intern", "full-time"),
}
_TRACKER = "<script>window.personio && personio.track('view')</script>"


def position_id(job: DemoJob) -> str:
    """A Personio-like numeric position id, stable across demo versions."""
    return str(1_700_000 + job.key)


def _cdata(html: str) -> str:
    return "<![CDATA[" + html.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _position(job: DemoJob) -> str:
    employment, schedule = _TYPES.get(job.job_type, _TYPES["fulltime"])
    sections = job.description.split("\n\n**Requirements**\n\n", 1)
    tasks = pages._html_description(replace(job, description=sections[0]))
    profile = pages._html_description(replace(job, description=sections[-1]))
    extra = "<additionalOffices><office>Remote</office></additionalOffices>" if job.remote else ""
    return (
        f"<position><id>{position_id(job)}</id><subcompany>{escape(job.company.name)}</subcompany>"
        f"<office>{escape(job.city)}</office>{extra}<department>Engineering</department>"
        f"<recruitingCategory>Engineering</recruitingCategory><name>{escape(job.title)}</name>"
        "<jobDescriptions>"
        f"<jobDescription><name>Your tasks</name><value>{_cdata(tasks + _TRACKER)}</value></jobDescription>"
        f"<jobDescription><name>Your profile</name><value>{_cdata(profile)}</value></jobDescription>"
        "</jobDescriptions>"
        f"<employmentType>{employment}</employmentType><seniority>experienced</seniority>"
        f"<schedule>{schedule}</schedule><yearsOfExperience>2-5</yearsOfExperience>"
        f"<createdAt>{job.posted.isoformat()}T09:00:00+01:00</createdAt></position>"
    )


def feed(jobs: list[DemoJob]) -> str:
    """The ``/xml`` feed of one company's positions."""
    body = "\n".join(_position(j) for j in jobs)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs>\n{body}\n</workzag-jobs>\n'


def _route(request: DemoRequest) -> Answer | None:
    segments = request.segments
    if segments[:1] != ["personio"] or request.method != "GET" or len(segments) < 3:
        return None
    found = request.jobs_of(segments[1])
    if not found:
        return None
    if segments[2:] == ["xml"]:
        return 200, "application/xml; charset=utf-8", feed(found).encode()
    if len(segments) == 4 and segments[2] == "job":
        job = next((j for j in found if position_id(j) == segments[3]), None)
        return (200, "text/html", pages.career_detail(job, structured=False).encode()) if job else None
    return None


DEMO = DemoAts(api_path=lambda slug: URL.format(s=slug), route=_route)
