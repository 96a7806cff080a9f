"""Alert channels and what was sent (tables ``alert_channel``, ``alert_sent``, migration 0010), and
the query that picks a run's jobs worth an alert (:mod:`jobscraper.alerts`).

A run's *new* jobs are those it saw first: ``first_seen`` within the run (its start to its end, on
the writer's clock, which stamps both). Of those, the ones shown by default — not hidden, archived,
closed or from a blocked company (:func:`jobscraper.store.blocklist.not_blocked`) — are sent when a
saved search of the run found them (one of their sources is on a site the run's searches scraped) or
when their stored fit for the active profile (``job_fit``) reaches ``min_fit`` and no hard preference
sank it. Best fit first, then oldest id; at most :data:`MAX_PLAN_JOBS` (the rest would be one digest
line anyway). Writes (adding, removing channels, recording sends) run in the writer; a channel name
taken is :class:`Conflict`, an unknown one :class:`NotFound`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, insert, or_, select

from jobscraper.alerts.compose import salary_text
from jobscraper.alerts.shapes import AlertJob, AlertPlan, Channel, ChannelPublic
from jobscraper.alerts.urls import mask_url
from jobscraper.errors import Conflict, NotFound
from jobscraper.store.blocklist import not_blocked
from jobscraper.store.db import Database, insert_ignoring
from jobscraper.store.profiles import PROFILE
from jobscraper.store.tables import ALERT_CHANNEL, ALERT_SENT, FIT, JOB, RUN, SOURCE

__all__ = [
    "MAX_PLAN_JOBS",
    "alert_plan",
    "channels",
    "create_channel",
    "delete_channel",
    "find_channel",
    "public_channels",
    "record_alerts",
]

MAX_PLAN_JOBS = 1000


def _channel(row: Any) -> Channel:
    return Channel(id=row.id, name=row.name, url=row.url, enabled=bool(row.enabled))


def channels(db: Database, *, enabled_only: bool = False) -> list[Channel]:
    """The channels with their whole URLs (for the sender only), by name."""
    query = select(ALERT_CHANNEL).order_by(ALERT_CHANNEL.c.name)
    if enabled_only:
        query = query.where(ALERT_CHANNEL.c.enabled)
    with db.reader() as conn:
        return [_channel(r) for r in conn.execute(query)]


def public_channels(db: Database) -> list[ChannelPublic]:
    """The channels as shown: URLs masked."""
    with db.reader() as conn:
        rows = conn.execute(select(ALERT_CHANNEL).order_by(ALERT_CHANNEL.c.name)).all()
    return [
        ChannelPublic(
            id=r.id, name=r.name, url=mask_url(r.url), enabled=bool(r.enabled), created_at=r.created_at
        )
        for r in rows
    ]


def find_channel(db: Database, key: str | int) -> Channel:
    """The channel with this id (an int, or digits) or name; :class:`NotFound` if none."""
    with db.reader() as conn:
        row = None
        if isinstance(key, int) or key.isdigit():
            row = conn.execute(select(ALERT_CHANNEL).where(ALERT_CHANNEL.c.id == int(key))).first()
        if row is None and isinstance(key, str):
            row = conn.execute(select(ALERT_CHANNEL).where(ALERT_CHANNEL.c.name == key)).first()
    if row is None:
        raise NotFound(f"no alert channel {key!r} (`jobscraper alerts list` shows them)")
    return _channel(row)


def create_channel(db: Database, name: str, url: str, now: datetime) -> ChannelPublic:
    """Add a channel (``url`` already checked by :func:`jobscraper.alerts.check_channel_url`)."""
    with db.writer() as conn:
        taken = conn.execute(select(ALERT_CHANNEL.c.id).where(ALERT_CHANNEL.c.name == name)).first()
        if taken is not None:
            raise Conflict(f"an alert channel named {name!r} exists already: choose another name")
        new_id = conn.execute(
            insert(ALERT_CHANNEL).values(name=name, url=url, enabled=True, created_at=now)
        ).inserted_primary_key
    assert new_id is not None
    return ChannelPublic(id=int(new_id[0]), name=name, url=mask_url(url), enabled=True, created_at=now)


def delete_channel(db: Database, key: str | int) -> str:
    """Remove a channel (and its record of what was sent); its name."""
    channel = find_channel(db, key)
    with db.writer() as conn:
        conn.execute(delete(ALERT_SENT).where(ALERT_SENT.c.channel_id == channel.id))
        conn.execute(delete(ALERT_CHANNEL).where(ALERT_CHANNEL.c.id == channel.id))
    return channel.name


def record_alerts(db: Database, channel_id: int, job_ids: list[int], now: datetime) -> int:
    """Record that the channel got these jobs (a pair already recorded stays as it was); how many new."""
    if not job_ids:
        return 0
    with db.writer() as conn:
        still = conn.execute(select(ALERT_CHANNEL.c.id).where(ALERT_CHANNEL.c.id == channel_id)).first()
        if still is None:  # removed while its messages were on their way
            return 0
        rows = [{"job_id": j, "channel_id": channel_id, "sent_at": now} for j in dict.fromkeys(job_ids)]
        result = conn.execute(insert_ignoring(conn, ALERT_SENT, ["job_id", "channel_id"]), rows)
        return max(int(result.rowcount or 0), 0)


def _search_sites(params: Any) -> dict[str, list[str]]:
    """site → the names of the run's enabled saved searches that scraped it."""
    out: dict[str, list[str]] = defaultdict(list)
    searches = params.get("searches", []) if isinstance(params, dict) else []
    for search in searches if isinstance(searches, list) else []:
        if isinstance(search, dict) and search.get("enabled", True):
            for site in search.get("sites") or []:
                out[str(site)].append(str(search.get("name", "")))
    return out


def alert_plan(db: Database, run_id: int, min_fit: int, saved_searches: bool, now: datetime) -> AlertPlan:
    """What run ``run_id``'s alert step sends (see the module docstring)."""
    with db.reader() as conn:
        run = conn.execute(select(RUN).where(RUN.c.id == run_id)).first()
        found = _enabled(conn)
        if run is None or not found:
            return AlertPlan(run_id=run_id, channels=found)
        by_site = _search_sites(run.params) if saved_searches else {}
        jobs = _new_jobs(conn, run.started_at, run.finished_at or now, min_fit, list(by_site))
        sites = _sites_of(conn, [j["id"] for j in jobs]) if by_site else {}
        picked = []
        for job in jobs:
            searches = sorted({n for s in sites.get(job["id"], ()) for n in by_site.get(s, ())})
            reason = None
            if searches:
                reason = "found by saved search " + ", ".join(repr(n) for n in searches)
            elif job["score"] is not None and not job["sunk"] and job["score"] >= min_fit:
                reason = f"fits your profile ({job['score']}/100, at least {min_fit} asked)"
            if reason is not None:
                picked.append(_alert_job(job, reason))
        sent: dict[int, list[int]] = defaultdict(list)
        ids = [j.id for j in picked]
        for start in range(0, len(ids), 500):
            rows = conn.execute(
                select(ALERT_SENT.c.channel_id, ALERT_SENT.c.job_id).where(
                    ALERT_SENT.c.job_id.in_(ids[start : start + 500])
                )
            )
            for channel_id, job_id in rows:
                sent[int(channel_id)].append(int(job_id))
    return AlertPlan(run_id=run_id, channels=found, jobs=picked, sent=dict(sent))


def _enabled(conn: Any) -> list[Channel]:
    rows = conn.execute(select(ALERT_CHANNEL).where(ALERT_CHANNEL.c.enabled).order_by(ALERT_CHANNEL.c.name))
    return [_channel(r) for r in rows]


def _new_jobs(
    conn: Any, since: datetime, until: datetime, min_fit: int, sites: list[str]
) -> list[dict[str, Any]]:
    active = select(PROFILE.c.id).where(PROFILE.c.active).scalar_subquery()
    fit_ok = and_(FIT.c.score.is_not(None), FIT.c.score >= min_fit, ~FIT.c.sunk)
    conditions = [fit_ok]
    if sites:
        conditions.append(exists().where(SOURCE.c.job_id == JOB.c.id, SOURCE.c.site.in_(sites)))
    query = (
        select(
            JOB.c.id,
            JOB.c.title,
            JOB.c.company,
            JOB.c.location,
            JOB.c.job_url,
            JOB.c.min_amount,
            JOB.c.max_amount,
            JOB.c.currency,
            JOB.c.interval,
            FIT.c.score,
            FIT.c.sunk,
        )
        .select_from(JOB.outerjoin(FIT, and_(FIT.c.job_id == JOB.c.id, FIT.c.profile_id == active)))
        .where(
            JOB.c.first_seen >= since,
            JOB.c.first_seen <= until,
            ~JOB.c.hidden,
            JOB.c.archived_at.is_(None),
            JOB.c.closed_at.is_(None),
            not_blocked(JOB),
            or_(*conditions),
        )
        .order_by(FIT.c.score.desc().nulls_last(), JOB.c.id)
        .limit(MAX_PLAN_JOBS)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def _sites_of(conn: Any, job_ids: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(job_ids), 500):
        rows = conn.execute(
            select(SOURCE.c.job_id, SOURCE.c.site).where(SOURCE.c.job_id.in_(job_ids[start : start + 500]))
        )
        for job_id, site in rows:
            out[int(job_id)].add(str(site))
    return out


def _alert_job(row: dict[str, Any], reason: str) -> AlertJob:
    return AlertJob(
        id=row["id"],
        title=row["title"],
        company=row["company"],
        location=row["location"],
        salary=salary_text(row["min_amount"], row["max_amount"], row["currency"], row["interval"]),
        fit=row["score"],
        url=row["job_url"],
        reason=reason,
    )
