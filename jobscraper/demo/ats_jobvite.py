"""The demo board's Jobvite: the XML job feed for the demo companies of style ``jobvite``.

``GET /jobvite/{slug}/CompanyJobs/Xml.aspx?c={slug}`` answers like
``app.jobvite.com/CompanyJobs/Xml.aspx?c={companyEId}``: a ``<result>`` with every job in one
answer, the description as HTML in CDATA with a tracking script in it, the date as M/D/YYYY, a
remote job as a second ``<location>`` named "Remote", and no pay (the real feed has none). Each
job's page is ``/jobvite/{slug}/job/{id}``, what the feed's ``detail-url`` points at.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from jobscraper.demo import pages
from jobscraper.demo.ats import Answer, DemoAts, DemoRequest
from jobscraper.demo.data import DemoJob

__all__ = ["DEMO", "URL", "feed", "job_id"]

URL = "/jobvite/{s}/CompanyJobs/Xml.aspx?c={s}"
"""Where a demo company's Jobvite feed is (what a user configures, with ``ats: jobvite``)."""
_TYPES = {"fulltime": "Full-Time", "parttime": "Part-Time", "contract": "Contract", "internship": "Intern"}
_TRACKER = "<script>jvTrack('view')</script>"


def job_id(job: DemoJob) -> str:
    """A Jobvite-like job id (letters and digits), stable across demo versions."""
    return f"oJv{job.key:05d}"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _job(job: DemoJob, base_url: str) -> str:
    page = f"{base_url}/jobvite/{job.company.slug}/job/{job_id(job)}"
    remote = "<location>Remote</location>" if job.remote else ""
    return (
        f"<job><id>{job_id(job)}</id><title>{escape(job.title)}</title>"
        f"<requisitionid>{job.key}</requisitionid><category>Engineering</category>"
        f"<jobtype>{_TYPES.get(job.job_type, 'Full-Time')}</jobtype>"
        f"<location>{escape(job.location)}</location>{remote}"
        f"<date>{job.posted.month}/{job.posted.day}/{job.posted.year}</date>"
        f"<detail-url>{_cdata(page)}</detail-url><apply-url>{_cdata(page + '/apply')}</apply-url>"
        f"<description>{_cdata(pages._html_description(job) + _TRACKER)}</description>"
        "<briefdescription></briefdescription></job>"
    )


def feed(jobs: list[DemoJob], base_url: str) -> str:
    """The feed of one company's jobs."""
    body = "\n".join(_job(j, base_url) for j in jobs)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<result>\n{body}\n</result>\n'


def _route(request: DemoRequest) -> Answer | None:
    segments = request.segments
    if segments[:1] != ["jobvite"] or request.method != "GET" or len(segments) < 3:
        return None
    found = request.jobs_of(segments[1])
    if not found:
        return None
    if segments[2:] == ["CompanyJobs", "Xml.aspx"]:
        return 200, "text/xml; charset=utf-8", feed(found, request.base_url).encode()
    if len(segments) == 4 and segments[2] == "job":
        job = next((j for j in found if job_id(j) == segments[3]), None)
        return (200, "text/html", pages.career_detail(job, structured=False).encode()) if job else None
    return None


DEMO = DemoAts(api_path=lambda slug: URL.format(s=slug), route=_route)
