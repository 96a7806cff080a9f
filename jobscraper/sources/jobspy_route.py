"""Point python-jobspy at another base URL: the one place that rewrites JobSpy's URLs.

Every JobSpy scraper sends through ``jobspy.util.RotatingProxySession.request`` (requests- and
curl_cffi-based sessions alike), so wrapping that one method routes every board to the given base
URL. The original host goes along as the ``Host`` header; the path and query are kept, so the
target sees exactly what the real site would. LinkedIn's politeness pause between result pages
(3–7 s, meant for linkedin.com) is set to zero while routed to a local board.

It is driven by the setting ``scraping.jobspy_base_url`` (see
:class:`~jobscraper.sources.boards.BoardSource`), which ``jobscraper demo`` / ``ui --demo`` and the
tests set to the demo board (:mod:`jobscraper.demo`); a test checks that it leaves JobSpy as it
found it. It lives with the board source, not the demo, so that the actors never reach into the
demo package.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

__all__ = ["route_jobspy_to"]


@contextmanager
def route_jobspy_to(base_url: str) -> Iterator[None]:
    """Within the block, every JobSpy request goes to ``base_url`` (e.g. http://127.0.0.1:8765)."""
    import jobspy.linkedin
    import jobspy.util

    target = urlsplit(base_url)
    session_cls: Any = jobspy.util.RotatingProxySession
    original = session_cls.request
    linkedin: Any = jobspy.linkedin.LinkedIn
    original_delay = linkedin.delay

    def request(self: Any, *args: Any, **kwargs: Any) -> Any:
        positional = list(args)
        url = positional[1] if len(positional) >= 2 else kwargs["url"]
        parts = urlsplit(url)
        rewritten = urlunsplit((target.scheme, target.netloc, parts.path, parts.query, ""))
        kwargs["headers"] = {**(kwargs.get("headers") or {}), "Host": parts.netloc}
        if len(positional) >= 2:
            positional[1] = rewritten
        else:
            kwargs["url"] = rewritten
        return original(self, *positional, **kwargs)

    session_cls.request = request
    linkedin.delay = (0, 0)
    try:
        yield
    finally:
        session_cls.request = original
        linkedin.delay = original_delay
