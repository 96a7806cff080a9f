"""We Work Remotely (https://weworkremotely.com/remote-jobs.rss, and one feed per category such
as ``/categories/remote-programming-jobs.rss``): RSS 2.0 whose items are titled
"Company: Job title", with the description as HTML and WWR's own ``region``, ``category`` and
``type`` elements. The item's ``link`` is the job's WWR page: ``job_url``, with ``site``
``weworkremotely``, the attribution its terms ask for.

The feed is read with entities and DTDs off and no network access (a feed is untrusted XML).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from jobscraper.config import SavedSearch
from jobscraper.sources.ats.coerce import as_str, job_type
from jobscraper.sources.html import to_markdown
from jobscraper.sources.remote.base import Page, posting, rfc822_date, shape_error

__all__ = ["BOARD", "WeWorkRemotely"]

FEED = "https://weworkremotely.com/remote-jobs.rss"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _fields(item: Any) -> dict[str, str]:
    """An item's child elements by local name (namespaced or not), text stripped; the first wins."""
    out: dict[str, str] = {}
    for child in item:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            continue
        name = etree.QName(child).localname
        if name == "content" and child.get("url"):  # media:content: the company's logo
            out.setdefault("logo", child.get("url", ""))
        out.setdefault(name, (child.text or "").strip())
    return out


class WeWorkRemotely:
    site = "weworkremotely"

    def first_url(self, search: SavedSearch) -> str:
        return FEED

    def parse(self, text: str, url: str) -> Page:
        try:
            root = etree.fromstring(text.encode("utf-8"), _PARSER)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise shape_error(url, "not an RSS feed") from exc
        if root is None or etree.QName(root).localname != "rss":
            raise shape_error(url, "not an RSS feed")
        page = Page()
        for item in root.iter("item"):
            if (found := posting(self._values(_fields(item)), page.skipped)) is not None:
                page.postings.append(found)
        return page

    def _values(self, item: dict[str, str]) -> dict[str, Any]:
        heading = item.get("title", "")
        company, _, title = heading.partition(": ")
        if not title:  # no "Company: " prefix: the whole heading is the title
            company, title = "", heading
        return {
            "site": self.site,
            "id": as_str(item.get("guid")),
            "job_url": as_str(item.get("link")) or as_str(item.get("guid")),
            "title": as_str(title),
            "company": as_str(company),
            "company_logo": as_str(item.get("logo")),
            "location": as_str(item.get("region")),
            "is_remote": True,
            "date_posted": rfc822_date(item.get("pubDate")),
            "job_type": job_type(item.get("type")),
            "job_function": as_str(item.get("category")),
            "skills": [s.strip() for s in item.get("skills", "").split(",") if s.strip()] or None,
            "description": to_markdown(as_str(item.get("description"))),
        }


BOARD = WeWorkRemotely()
