"""Where a résumé names the person's own work, as against what it only mentions.

A résumé's words are not all about the person's work: an account executive who sells
observability tools writes "Kubernetes", "infrastructure" and "engineering leaders", and "I am a
seller, not an engineer"; a recruiter names every role she hires for. Matching a job title's words
anywhere in the text would read the seller as an infrastructure engineer. So the title part
(:mod:`jobscraper.matching.lexical`) gives a title word full credit only where the résumé names
the person's roles:

- the headline (the first lines, up to the first blank line: "Marcus Bell — Account Executive");
- the lines of its work history, told by a span of years ("Account Executive — Gridpoint, New York
  (2022 – present)", "seit 2021");
- the roles it says the person wants (:func:`~jobscraper.matching.wants.wanted_roles`), less those
  it refuses.

A word anywhere else counts for less (:data:`ELSEWHERE`), and a word the résumé names only to deny
it ("not an engineer", "not looking for team-lead roles") does not count at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from jobscraper.matching.wants import wanted_roles, without_negated

__all__ = ["ELSEWHERE", "Roles", "headline", "history_lines"]

ELSEWHERE = 0.6
"""The credit for a title word the résumé names outside its roles (1 inside them, 0 when denied).
Chosen on the tune and the first two held-out batches of ``bench/match_data`` (0.5 to 1.0 within
0.01 of each other there; 1.0 would undo the rule)."""

_NOW = (
    r"present|today|now|current|date|heute|jetzt|aujourd'hui|ce jour|actuel\w*|actualidad|hoy|"
    r"presente|atual|hoje"
)
_SPAN = re.compile(
    rf"\b(?:19|20)\d{{2}}\s*(?:[-–—]|to|bis|à|a|até|until)\s*(?:(?:19|20)\d{{2}}|{_NOW})\b"
    r"|\b(?:since|seit|depuis|desde)\s+(?:\w+\s+)?(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_MAX_LINE = 200
"""A history line longer than this is prose that happens to name years, not a role's line."""


def headline(text: str) -> str:
    """The résumé's first lines, up to the first blank line after some text."""
    lines: list[str] = []
    for line in text.strip().splitlines():
        if not line.strip():
            break
        lines.append(line)
    return "\n".join(lines[:3])


def history_lines(text: str) -> list[str]:
    """The lines of the work history: short lines that name a span of years."""
    return [line for line in text.splitlines() if len(line) <= _MAX_LINE and _SPAN.search(line)]


_RUN = re.compile(r"[\w+#]+")
"""A run of word characters (and ``+``, ``#``: "c++", "c#"); a word stands alone in a text where a
whole run equals it."""


def _runs(text: str) -> frozenset[str]:
    return frozenset(_RUN.findall(text))


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w+#]){re.escape(word)}(?![\w+#])", text) is not None


@dataclass
class Roles:
    """A résumé's role text and the rest of it, to credit a job title's words from."""

    resume_text: str

    @cached_property
    def own(self) -> str:
        """The headline, the work history's lines and the wanted roles, case-folded."""
        text = self.resume_text
        parts = [headline(text), *history_lines(text), wanted_roles(text)]
        return "\n".join(parts).casefold()

    @cached_property
    def rest(self) -> str:
        """The whole résumé less its negated clauses, case-folded."""
        return without_negated(self.resume_text).casefold()

    @cached_property
    def _own_runs(self) -> frozenset[str]:
        return _runs(self.own)

    @cached_property
    def _rest_runs(self) -> frozenset[str]:
        return _runs(self.rest)

    def credit(self, word: str) -> float:
        """1 when the résumé names ``word`` (case-folded) in its roles, :data:`ELSEWHERE` when
        only elsewhere, 0 when not at all or only to deny it.

        Called for every word of every job's title, so a word of word characters alone (any
        title word) is looked up in the sets of the texts' runs, made once per résumé: the same
        answer as searching the texts for it standing alone, without a regex compiled and run
        over the whole résumé per word and job (that halved the fit's speed). Anything else
        ("c++ developer", with a space) is searched for."""
        if _RUN.fullmatch(word):
            if word in self._own_runs:
                return 1.0
            return ELSEWHERE if word in self._rest_runs else 0.0
        if _mentions(self.own, word):
            return 1.0
        return ELSEWHERE if _mentions(self.rest, word) else 0.0
