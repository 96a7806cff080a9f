"""The table of ``bench/scale.py``: each measure per size, its growth against the smallest size,
and the flags (faster than linear, a target missed). Pure logic, no database.

Growth is the ratio of *costs*: a time's own ratio, and for a rate (jobs per second) the inverse,
so that a ratio above 1 always means "costs more at this size". What "faster than linear" means
depends on what a measure is:

- ``op``: the time of one operation over the whole database (a search, a list, ``status``,
  ``stats``): faster than linear when its ratio exceeds the size ratio (10x the jobs, more than
  10x the time);
- ``per_job``: a cost per job (bytes per job, seconds per imported job, i.e. a rate): a total that
  grows linearly keeps it flat, so faster than linear when its ratio exceeds ``PER_JOB_SLACK``
  (B-tree depth alone adds a little per job as a table grows: a ratio of 1.3 is not a trend).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["PER_JOB_SLACK", "Measure", "flags", "growth", "render"]

PER_JOB_SLACK = 1.5


@dataclass
class Measure:
    """One row: ``values`` by size (None: not measured); ``target``: the most it may be at
    ``target_size`` jobs (or more)."""

    name: str
    unit: str
    kind: Literal["op", "per_job"]
    rate: bool = False  # a higher value is better (jobs/s): its cost is the inverse
    target: float | None = None
    target_size: int = 1_000_000
    values: dict[int, float | None] = field(default_factory=dict)


def growth(m: Measure, size: int, base: int) -> float | None:
    """How much more ``m`` costs at ``size`` than at ``base`` (None when either is missing)."""
    now, then = m.values.get(size), m.values.get(base)
    if now is None or then is None or now <= 0 or then <= 0:
        return None
    return then / now if m.rate else now / then


def flags(m: Measure, sizes: list[int]) -> list[str]:
    """What is wrong with ``m``: growth faster than linear, a target missed (or not measured)."""
    found: list[str] = []
    base = sizes[0]
    for size in sizes[1:]:
        ratio = growth(m, size, base)
        if ratio is None:
            continue
        bound = size / base if m.kind == "op" else PER_JOB_SLACK
        if ratio > bound:
            what = "the size" if m.kind == "op" else f"{PER_JOB_SLACK}x per job"
            found.append(f"{m.name}: grows faster than linearly ({ratio:.1f}x at {_size(size)}, over {what})")
    if m.target is not None:
        at = [s for s in sizes if s >= m.target_size and m.values.get(s) is not None]
        for size in at:
            value = m.values[size]
            assert value is not None
            if (value < m.target) if m.rate else (value > m.target):
                found.append(
                    f"{m.name}: target missed at {_size(size)} ({_fmt(value)} {m.unit}, target "
                    f"{'>=' if m.rate else '<='} {_fmt(m.target)})"
                )
        if not at:
            found.append(f"{m.name}: target is for {_size(m.target_size)} jobs: not measured at that size")
    return found


def _size(n: int) -> str:
    for div, suffix in ((1_000_000, "M"), (1_000, "k")):
        if n >= div and n % div == 0:
            return f"{n // div}{suffix}"
    return str(n)


def _fmt(v: float | None) -> str:
    if v is None:
        return "-"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def render(measures: list[Measure], sizes: list[int], title: str) -> str:
    """The table (values per size, then the growth ratios against the smallest size) and its flags."""
    base = sizes[0]
    head = ["measure", "unit", *(_size(s) for s in sizes), *(f"x{_size(s)}/{_size(base)}" for s in sizes[1:])]
    rows = [head]
    for m in measures:
        ratios = [growth(m, s, base) for s in sizes[1:]]
        rows.append(
            [
                m.name,
                m.unit,
                *(_fmt(m.values.get(s)) for s in sizes),
                *("-" if r is None else f"{r:.2f}" for r in ratios),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [title]
    for n, row in enumerate(rows):
        cells = [c.ljust(widths[i]) if i < 2 else c.rjust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    problems = [f for m in measures for f in flags(m, sizes)]
    ratio_note = ", ".join(f"{_size(s)}/{_size(base)} = {s // base}x the jobs" for s in sizes[1:])
    lines.append(
        f"growth = cost at the size / cost at {_size(base)} (rates inverted); size ratios: {ratio_note}"
    )
    lines += [f"FLAG {p}" for p in problems] or [
        "no flags: nothing grows faster than linearly, every target met"
    ]
    return "\n".join(lines)
