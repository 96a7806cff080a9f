"""The Analytics page's top skills (:func:`top_skills`).

Spellings that differ only in letter case (or surrounding spaces) are one skill, counted once per
job however often the job lists it, and shown in the spelling most jobs use (ties: the one seen
first, in job id order). Most jobs first, then alphabetically.

The cost is the jobs' arrays (~5 names each), so the common path does almost nothing per job in
Python: the database joins every array into one string (``group_concat``/``string_agg``: one value
instead of a row per job), :mod:`json` decodes it a few hundred jobs at a time (their lists and
sets die young, which keeps the garbage collector's passes short: 4 MB at a time took twice as
long), and the names are counted per distinct *raw* spelling with ``Counter(chain(map(set, …)))``,
all C loops. Only then are the few distinct names stripped and case-folded. What that sum gets
wrong — a job listing two raw names of one skill ("Python", "python ") — is taken off by looking,
in each chunk that holds a name of such a skill, for the jobs that list two of them. 1.3 s for a
million jobs instead of 3.7 s; SQLite's ``json_each`` with ``GROUP BY`` was slower (a sort of every
job-skill pair) and its ``lower()`` folds only ASCII letters. :func:`plain_top_skills`, a row and a
decode per job, counts when the joined string would be too long for the database (~18M jobs) or
a stored value is not one JSON document (it then raises as it always did).
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from sqlalchemy import Connection, String, Text, cast, func, select, type_coerce
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement

from jobscraper.store.tables import JOB

__all__ = ["plain_top_skills", "top_skills"]

_SEP = "\x1e"  # never in JSON text: a raw control character is invalid both in and between its tokens
_CHUNK = 1 << 14  # characters decoded at a time: a few hundred jobs, whose lists and sets die young


def _names(raw: Any) -> set[str]:
    skills = json.loads(raw) if isinstance(raw, str) else raw  # PostgreSQL's driver decodes JSON
    if not isinstance(skills, list):
        return set()
    names = {s.strip() for s in skills if isinstance(s, str)}
    names.discard("")
    return names


def _rows(active: ColumnElement[bool]) -> Any:
    # unordered: ix_job_stats holds the skills, and ordering by id would sort them all
    return select(JOB.c.id, type_coerce(JOB.c.skills, String)).where(active, JOB.c.skills.is_not(None))


def plain_top_skills(conn: Connection, active: ColumnElement[bool], top: int) -> list[tuple[str, int]]:
    """:func:`top_skills` counted job by job (a row and a decode each)."""
    jobs_per_skill: Counter[str] = Counter()
    jobs_per_spelling: Counter[str] = Counter()
    for _, raw in conn.execute(_rows(active)):
        names = _names(raw)
        jobs_per_spelling.update(names)
        jobs_per_skill.update(set(map(str.casefold, names)))
    return _ranked(conn, active, top, jobs_per_skill, jobs_per_spelling)


def top_skills(conn: Connection, active: ColumnElement[bool], top: int) -> list[tuple[str, int]]:
    """The ``top`` skills of the jobs ``active`` selects: (spelling shown, jobs), most first."""
    joined = _joined(conn, active)
    if joined is None:
        return plain_top_skills(conn, active, top)
    text, jobs = joined
    try:
        counted = _count(_arrays(text), jobs)
    except ValueError:  # a value that is not one JSON document: the plain pass says which
        counted = None
    if counted is None:
        return plain_top_skills(conn, active, top)
    return _ranked(conn, active, top, *counted)


def _joined(conn: Connection, active: ColumnElement[bool]) -> tuple[str, int] | None:
    """Every selected job's array as text, joined by :data:`_SEP`, and how many there are; None
    when the string would be longer than the database allows."""
    arrays = (
        cast(JOB.c.skills, Text) if conn.dialect.name == "postgresql" else type_coerce(JOB.c.skills, String)
    )
    stmt = select(func.aggregate_strings(arrays, _SEP), func.count(JOB.c.skills)).where(
        active, JOB.c.skills.is_not(None)
    )
    try:
        with conn.begin_nested():  # a failed statement must not end PostgreSQL's transaction
            text, jobs = conn.execute(stmt).one()
    except DBAPIError:  # "string or blob too big"
        return None
    return (text or "", int(jobs))


def _arrays(text: str) -> Iterator[list[Any]]:
    """The decoded values of ``text``, a chunk of a few MB at a time (cut between two values)."""
    start = 0
    while start < len(text):
        end = text.find(_SEP, start + _CHUNK)
        end = len(text) if end < 0 else end
        yield json.loads("[" + text[start:end].replace(_SEP, ",") + "]")
        start = end + 1


def _count(chunks: Iterable[list[Any]], jobs: int) -> tuple[Counter[str], Counter[str]] | None:
    """Jobs per skill and per spelling (see the module docstring); None when the decoded values
    are not ``jobs`` many (a stored value that was not one JSON document)."""
    per_raw: Counter[Any] = Counter()
    skill_of: dict[str, str] = {}  # each raw name seen: its skill ("" for a blank one)
    raws_of: dict[str, list[str]] = {}
    shared: set[str] = set()  # the raw names of a skill that has more than one
    over_skill: Counter[str] = Counter()  # jobs counted twice (or more) for one skill …
    over_spelling: Counter[str] = Counter()  # … and for one spelling, to take off the sums
    seen = 0
    for values in chunks:
        seen += len(values)
        lists = [v for v in values if type(v) is list]
        try:
            sets: list[set[Any]] = list(map(set, lists))
        except TypeError:  # an array holding an array or object (unhashable): strings only
            sets = [{s for s in v if isinstance(s, str)} for v in lists]
        counts = Counter(chain.from_iterable(sets))
        per_raw.update(counts)
        for raw in counts.keys() - skill_of.keys():
            if isinstance(raw, str):
                skill_of[raw] = skill = raw.strip().casefold()
                raws_of.setdefault(skill, []).append(raw)
                if skill and len(raws_of[skill]) > 1:
                    shared.update(raws_of[skill])
        # a job listing two raw names of one skill lists both in this chunk, so both are seen
        if shared and not shared.isdisjoint(counts):
            _overcounts(sets, shared, over_skill, over_spelling)
    if seen != jobs:
        return None
    jobs_per_skill: Counter[str] = Counter()
    jobs_per_spelling: Counter[str] = Counter()
    for raw, n in per_raw.items():
        if isinstance(raw, str) and (spelling := raw.strip()):
            jobs_per_spelling[spelling] += n
            jobs_per_skill[spelling.casefold()] += n
    jobs_per_skill.subtract(over_skill)
    jobs_per_spelling.subtract(over_spelling)
    return jobs_per_skill, jobs_per_spelling


def _overcounts(
    sets: list[set[Any]], shared: set[str], over_skill: Counter[str], over_spelling: Counter[str]
) -> None:
    """Add what the per-raw sums count twice in these jobs: a job listing two raw names of one
    skill counts once for it (and once for a spelling two of them strip to)."""
    for names in sets:
        both = names & shared
        if len(both) < 2:
            continue
        spellings = Counter(raw.strip() for raw in both)
        skills = Counter(spelling.casefold() for spelling in spellings.elements())
        over_spelling.update({s: k - 1 for s, k in spellings.items() if k > 1})
        over_skill.update({s: k - 1 for s, k in skills.items() if k > 1})


def _ranked(
    conn: Connection,
    active: ColumnElement[bool],
    top: int,
    jobs_per_skill: Counter[str],
    jobs_per_spelling: Counter[str],
) -> list[tuple[str, int]]:
    """The ``top`` skills, each in the spelling most jobs use."""
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
    first = _first_jobs(conn, _rows(active), tied) if tied else {}
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
