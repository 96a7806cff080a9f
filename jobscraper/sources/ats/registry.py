"""The ATS adapters, found from the one list of kinds in :data:`jobscraper.vocabulary.ATS_LABELS`.

Each kind's adapter is the ``ADAPTER`` object of the module ``jobscraper.sources.ats.<kind>``,
imported the first time it is asked for. A kind that is listed but whose module is missing or
broken does not break everything else: it is left out of :func:`adapters` with one logged warning
(and ``tests/unit/sources/test_registry.py`` fails on it), and :func:`adapter` names the problem.
"""

from __future__ import annotations

import importlib
import logging
from functools import cache

from jobscraper.sources.ats.base import AtsAdapter
from jobscraper.vocabulary import ATS_CHOICES, ATS_KINDS

__all__ = ["adapter", "adapters", "module_name"]

log = logging.getLogger(__name__)


def module_name(kind: str) -> str:
    """The module that holds ``kind``'s adapter."""
    return f"{__package__}.{kind}"


@cache
def _load(kind: str) -> AtsAdapter | str:
    """The adapter of a listed kind, or why it cannot be had (one line)."""
    try:
        module = importlib.import_module(module_name(kind))
    except ImportError as exc:
        return f"ATS {kind!r} is listed but its module {module_name(kind)} cannot be imported: {exc}"
    found = getattr(module, "ADAPTER", None)
    if not isinstance(found, AtsAdapter) or found.kind != kind:
        return f"ATS {kind!r}: {module_name(kind)}.ADAPTER is not an AtsAdapter of kind {kind!r}"
    return found


def adapter(kind: str) -> AtsAdapter:
    """The adapter for ``kind``; ValueError (one line naming the known kinds) for any other."""
    if kind not in ATS_KINDS:
        raise ValueError(f"unknown ats {kind!r}; known: {', '.join(ATS_CHOICES)}")
    found = _load(kind)
    if isinstance(found, str):
        raise ValueError(found)
    return found


@cache
def adapters() -> tuple[AtsAdapter, ...]:
    """Every listed kind's adapter, in the registry's order; broken ones left out (and logged)."""
    found: list[AtsAdapter] = []
    for kind in ATS_KINDS:
        loaded = _load(kind)
        if isinstance(loaded, str):
            log.warning("%s", loaded)
        else:
            found.append(loaded)
    return tuple(found)
