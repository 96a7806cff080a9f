"""Whether a job is remote: one definition, used by the filter, the list, stats and the UI's label.

A job carries two answers: the board's ``is_remote`` flag (what the listing said) and the
``remote_policy`` extraction read from the posting's text (``remote``/``hybrid``/``onsite``, or
``unknown``). They disagree often — boards flag hybrid roles as remote, or say nothing — and when
the filter asked one and the card showed the other, "Remote" listed jobs whose cards did not say
remote. The rule, held here once:

- the extracted policy when it is known (it read the page itself: a board's "remote" on a page
  that says "on-site three days a week" is hybrid);
- else the board's flag: true is ``remote``; false is ``onsite``;
- else ``unknown``.

:func:`work_mode` is the rule in Python, :func:`work_mode_sql` the same rule as a SQL ``CASE``
(a test checks both agree on every combination).
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import case
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.tables import JOB

__all__ = ["KNOWN_POLICIES", "WORK_MODES", "WorkMode", "work_mode", "work_mode_sql"]

WorkMode = Literal["remote", "hybrid", "onsite", "unknown"]
WORK_MODES: tuple[WorkMode, ...] = ("remote", "hybrid", "onsite", "unknown")
KNOWN_POLICIES: tuple[WorkMode, ...] = ("remote", "hybrid", "onsite")
"""The extracted policies that decide on their own (``unknown`` or none defers to the board)."""


def work_mode(remote_policy: str | None, is_remote: bool | None) -> WorkMode:
    """Where the job is done: the extracted policy when known, else the board's flag."""
    for known in KNOWN_POLICIES:
        if remote_policy == known:
            return known
    if is_remote is True:
        return "remote"
    if is_remote is False:
        return "onsite"
    return "unknown"


def work_mode_sql(job: Any = JOB) -> ColumnElement[str]:
    """:func:`work_mode` over ``job``'s columns (``job``: the job table or an alias of it)."""
    return case(
        (job.c.remote_policy.in_(KNOWN_POLICIES), job.c.remote_policy),
        (job.c.is_remote.is_(True), "remote"),
        (job.c.is_remote.is_(False), "onsite"),
        else_="unknown",
    )
