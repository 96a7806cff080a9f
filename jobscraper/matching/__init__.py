"""Matching jobs to a person: the profile (résumé + preferences), reading a résumé file, the soft
signals a résumé's prose states, and (later) embeddings, vector search and the fit score.

Each part is its own module (``profile``, ``resume``, ``signals``, …); this package imports none
of them, so importing one part does not pull in the others' dependencies (a PDF reader, a model).
"""

from __future__ import annotations

from typing import Any

__all__: list[str] = ["prepare", "rank_jobs"]


def __getattr__(name: str) -> Any:
    # rank_jobs is imported on first use, so importing the package stays light
    if name == "rank_jobs":
        from jobscraper.matching.rank import rank_jobs

        return rank_jobs
    if name == "prepare":  # embed what a database is missing (bench/match.py calls it first)
        from jobscraper.matching.reindex import prepare

        return prepare
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
