"""How the demo board answers for a job that closed: the pages a liveness check reads.

In version 2 ("a week later") every 7th job is gone from the catalogue (:mod:`.data`). Its page
no longer shows the job: the even keys among them (key ≡ 10 mod 14: every job LinkedIn lists is
even) still answer 200 with a notice that the job no longer accepts applications — as LinkedIn
does for a filled job — and the others answer 404.
So a liveness check sees both kinds of closed page, and two checks in a row close those jobs,
while the catalogue's counts (what a scrape finds in either version) stay exactly as they were.

Indeed's job page ``/viewjob?jk=…`` is served too (the job's key in hex, as the demo's Indeed
search gives it), so checking a demo Indeed job reads the demo board, never indeed.com.
"""

from __future__ import annotations

import html

from jobscraper.demo.data import DemoJob

__all__ = ["CLOSED_NOTICE", "closed_page", "indeed_key", "indeed_view"]

CLOSED_NOTICE = "No longer accepting applications"
_NOT_FOUND = b"<html><body><h1>Not found</h1></body></html>"


def closed_page(raw_key: str, version: int) -> tuple[int, str, bytes]:
    """The answer for a job page whose job is not (or no longer) on the board."""
    if version >= 2 and raw_key.isdigit() and int(raw_key) % 14 == 10:
        body = (
            "<!DOCTYPE html><html><head><title>Job closed</title></head><body><main>"
            f"<h1>Job</h1><p class='closed-job'>{CLOSED_NOTICE}</p></main></body></html>"
        )
        return 200, "text/html", body.encode()
    return 404, "text/html", _NOT_FOUND


def indeed_key(jk: str) -> str:
    """The demo key behind an Indeed ``jk`` (hex); an empty string when it is not one."""
    try:
        return str(int(jk, 16))
    except ValueError:
        return ""


def indeed_view(job: DemoJob) -> bytes:
    """A plain Indeed-like job page (what a check reads: it is there and open)."""
    title = html.escape(job.title)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><main>"
        f"<h1 class='jobsearch-JobInfoHeader-title'>{title}</h1>"
        f"<div>{html.escape(job.company.name)} — {html.escape(job.location)}</div>"
        f"<div id='jobDescriptionText'>{html.escape(job.description)}</div>"
        "<button>Apply now</button></main></body></html>"
    ).encode()
