"""Matching jobs to a person: the profile (résumé + preferences), reading a résumé file, the soft
signals a résumé's prose states, and (later) embeddings, vector search and the fit score.

Each part is its own module (``profile``, ``resume``, ``signals``, …); this package imports none
of them, so importing one part does not pull in the others' dependencies (a PDF reader, a model).
"""

from __future__ import annotations

__all__: list[str] = []
