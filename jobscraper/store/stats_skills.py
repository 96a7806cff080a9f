"""The Analytics page's top skills (:func:`top_skills`), counted in one pass of plain Python.

Spellings that differ only in letter case (or surrounding spaces) are one skill, counted once per
job however often the job lists it, and shown in the spelling most jobs use (ties: the one seen
first, in job id order). Most jobs first, then alphabetically.

Counted in Python over the jobs' arrays: SQLite's ``json_each`` and ``GROUP BY`` took about three
times as long on 100k jobs (a sort of every job-skill pair), and its ``lower()`` folds only ASCII
letters. The pass is the whole cost at a million jobs (4 s of 7), so it does the least per job: the
arrays are read as text and decoded here (not through the column's JSON type), each job's names
are one set, and the lowest job id per spelling — needed only to break a tie between two
spellings of a top skill — is looked for in a second pass only when such a tie exists.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from typing import Any

from sqlalchemy import Connection, String, select, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.tables import JOB

__all__ = ["top_skills"]


def _names(raw: Any) -> set[str]:
    skills = json.loads(raw) if isinstance(raw, str) else raw  # PostgreSQL's driver decodes JSON
    if not isinstance(skills, list):
        return set()
    names = {s.strip() for s in skills if isinstance(s, str)}
    names.discard("")
    return names


def top_skills(conn: Connection, active: ColumnElement[bool], top: int) -> list[tuple[str, int]]:
    """The ``top`` skills of the jobs ``active`` selects: (spelling shown, jobs), most first."""
    # unordered: ix_job_stats holds the skills, and ordering by id would sort them all
    stmt = select(JOB.c.id, type_coerce(JOB.c.skills, String)).where(active, JOB.c.skills.is_not(None))
    jobs_per_skill: Counter[str] = Counter()
    jobs_per_spelling: Counter[str] = Counter()
    for _, raw in conn.execute(stmt):
        names = _names(raw)
        jobs_per_spelling.update(names)
        jobs_per_skill.update(set(map(str.casefold, names)))
    best = heapq.nsmallest(top, jobs_per_skill.items(), key=lambda kv: (-kv[1], kv[0]))
    wanted = {key for key, _ in best}
    spellings: dict[str, list[tuple[str, int]]] = {}
    for name, n in jobs_per_spelling.items():
        if (key := name.casefold()) in wanted:
            spellings.setdefault(key, []).append((name, n))
    tied = set()
    for options in spellings.values():
        most = max(n for _, n in options)
        if sum(1 for _, n in options if n == most) > 1:
            tied |= {name for name, n in options if n == most}
    first = _first_jobs(conn, stmt, tied) if tied else {}
    shown = {
        key: min(options, key=lambda o: (-o[1], first.get(o[0], 0)))[0] for key, options in spellings.items()
    }
    return [(shown[key], n) for key, n in best]


def _first_jobs(conn: Connection, stmt: Any, names: set[str]) -> dict[str, int]:
    """The lowest id of a job listing each of ``names`` (a second pass; only for a tie)."""
    first: dict[str, int] = {}
    for job_id, raw in conn.execute(stmt):
        for name in _names(raw) & names:
            if first.get(name, job_id) >= job_id:
                first[name] = job_id
    return first
