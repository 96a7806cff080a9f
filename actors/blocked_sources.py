"""Watched companies the blocklist names are not scraped at all (issue 17, item 2).

A run reads the blocklist once, through the writer (the coordinator holds no database); a company
task whose name or URL a rule blocks (:func:`jobscraper.blocklist.blocking_rule`) ends as
``skipped`` with the event "skipped: blocked (…)" instead of being fetched. Job boards are
scraped as before: a blocked company's postings there are stored and never shown (the queries'
:func:`jobscraper.store.blocklist.not_blocked`), so unblocking it brings them back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ray.exceptions import RayError

from actors.run_log import RunLog, now
from actors.runs import SourceTask
from jobscraper.blocklist import BlockRule, blocking_rule
from jobscraper.errors import JobscraperError
from jobscraper.store.writer_client import WriterClient

__all__ = ["block_rules", "skipped_as_blocked"]

log = logging.getLogger(__name__)


async def block_rules(writer: WriterClient, tasks: Sequence[SourceTask]) -> list[BlockRule]:
    """The blocklist, when the run has a company to decide (none: no call); empty when it cannot
    be read — the company is then scraped, and its jobs are still hidden by the queries."""
    if not any(task.company is not None for task in tasks):
        return []
    try:
        rules: list[BlockRule] = await writer.block_rules()
    except (RayError, RuntimeError, JobscraperError) as exc:
        log.warning("the blocklist could not be read; blocked companies are scraped (and hidden): %s", exc)
        return []
    return rules


def skipped_as_blocked(run_log: RunLog, run_id: int, task: SourceTask, rules: Sequence[BlockRule]) -> bool:
    """Whether ``task`` is a company the blocklist blocks; if so it is marked skipped, with its event."""
    company = task.company
    if company is None or not rules:
        return False
    rule = blocking_rule(rules, company.name, [company.url])
    if rule is None:
        return False
    source = run_log.state(run_id).sources[task.key]
    source.status, source.finished_at = "skipped", now()
    run_log.event(run_id, task.key, "source_skipped", f"skipped: blocked ({rule.kind} {rule.value!r})")
    return True
