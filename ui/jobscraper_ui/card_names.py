"""What a job card calls the places a job was seen and its employer (issue 17, item 6).

A board or an ATS is named by its key (``linkedin``, ``greenhouse``). A company's own career page is
stored under its host (``careers.acme.com``, or ``127.0.0.1`` for a local mirror such as the demo
board): a host says nothing to the person reading the card, so such a source is shown as the
job's company. An employer recorded as an address (a local career page crawled under a name that
was only its host, ``127.0.0.1``) is named from the job's URL instead, by the path segment after
``careers``/``jobs`` (``/careers/hooli/jobs/7`` → "Hooli"); a dotted name ("Booking.com") is a
name and is kept.

Pure functions (no Reflex), unit-tested on their own.
"""

from __future__ import annotations

import itertools
import re
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

__all__ = ["board_names", "company_name", "is_host", "source_name"]

_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$|^localhost(:\d+)?$", re.IGNORECASE)
_CAREER_SEGMENTS = ("careers", "career", "jobs")
_PREFIXES = ("www", "careers", "career", "jobs", "job", "apply", "boards", "work")


def is_host(text: str) -> bool:
    """Whether ``text`` is a host name or an address (``acme.com``, ``127.0.0.1:8000``), not a name."""
    return bool(_HOST.match(text.strip()))


def _host_name(host: str) -> str | None:
    """The name part of a host ("careers.acme.com" → "Acme"); None for an address or localhost."""
    bare = host.strip().lower().split(":")[0]
    try:
        ip_address(bare)
        return None
    except ValueError:
        pass
    labels = [part for part in bare.split(".")[:-1] if part not in _PREFIXES]
    return labels[-1].replace("-", " ").title() if labels else None


def _is_address(text: str) -> bool:
    bare = text.strip().lower().rsplit(":", 1)[0] if text.count(":") == 1 else text.strip().lower()
    try:
        ip_address(bare.strip("[]"))
    except ValueError:
        return bare == "localhost"
    return True


def _name_in_path(url: str) -> str | None:
    """The segment after ``careers``/``jobs`` in ``url``'s path, as a name (None if there is none)."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    for before, segment in itertools.pairwise(segments):
        if before.lower() in _CAREER_SEGMENTS and not segment.isdigit():
            return segment.replace("-", " ").replace("_", " ").title()
    return None


def company_name(job: dict[str, Any]) -> str:
    """The employer as the card shows it (see the module)."""
    company = str(job.get("company") or "").strip()
    if company and _is_address(company):
        return _name_in_path(str(job.get("job_url") or "")) or company
    return company


def source_name(site: str, job: dict[str, Any]) -> str:
    """One place ``job`` was seen as a person reads it: a board by its key, a career page (stored
    under its host) by the job's company."""
    if not is_host(site):
        return site
    company = company_name(job)
    return company if company and not is_host(company) else _host_name(site) or "career page"


def board_names(job: dict[str, Any]) -> list[str]:
    """Every place the job was seen, each once, sorted: boards by key, career pages by company."""
    sites = {s["site"] for s in job.get("sources") or []} or {job.get("site") or "?"}
    return sorted({source_name(site, job) for site in sites})
