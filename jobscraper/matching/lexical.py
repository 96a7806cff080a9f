"""The title part of the fit: how many of the job title's words the person's résumé uses.

A job's title names the work ("Staff Nurse – Surgical ICU", "Technical Recruiter", "Senior
Production Engineer"); a person's résumé names the work they do in its own words. Meaning
(the embeddings) sees that a nurse-recruiting job and an ICU nursing job are both about nurses;
the title's words tell them apart: a nurse's résumé says "nurse" and "ICU", not "recruiter";
an engineer's says "engineer" and "Python", not "recruiter" or "account executive". So the part is
the share of the title's content words — less level words (those are the seniority part's),
function words and employment terms — that the résumé names as whole words, generic job words
("engineer", "developer") counting half. Where the résumé names a word matters
(:mod:`jobscraper.matching.roles`): in the person's own roles (headline, work history, wanted
roles) it counts whole, elsewhere in the text for less, and not at all where the résumé denies it
("I am a seller, not an engineer") — else the seller of infrastructure tools reads as an
infrastructure engineer. A generic word counts whole wherever the résumé names it: it says no line
of work, and the "engineer" whose headline says "developer" is one.

Purely lexical on purpose: it is explainable word by word (the reason lists the words found and
not found), and needs nothing but the job's title and the résumé. Its limits are those of words:
a paraphrase ("Critical Care RN" for an ICU nurse who never wrote "critical") is meaning's part.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from jobscraper.matching.fit_parts import Part, Person, Reason

__all__ = ["GENERIC_WORDS", "TitleMatch", "title_match", "title_part", "title_words"]

_TOKEN = re.compile(r"[^\W\d_][\w+#]*", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LEVEL_WORDS = _words(
    "intern internship trainee working student werkstudent werkstudentin praktikant praktikantin "
    "junior jr graduate entry level associate mid senior sr staff lead principal head chief director "
    "vp vice president intermediate expert"
)
_FUNCTION_WORDS = _words(
    # English, German, French, Spanish, Portuguese function words and the "(m/w/d)" markers
    "a an and or of the for with in on at to by from as & "
    "und oder der die das des für mit im am bei von zum zur m w d f x h "
    "et ou le la les du de en pour avec au aux "
    "y o el los las del con para por "
    "e do da dos das em com"
)
_TERMS_WORDS = _words(
    # employment terms, not work
    "full time part fulltime parttime days nights week weeks month months contract permanent "
    "temporary remote hybrid onsite site nationwide worldwide vollzeit teilzeit befristet"
)
GENERIC_WORDS = _words(
    "engineer engineers engineering developer developers development entwickler entwicklerin "
    "softwareentwickler softwareentwicklerin software manager specialist consultant team "
    "professional officer"
)
"""Words that many job titles share: they count half."""
_GENERIC_WEIGHT = 0.5


def title_words(title: str) -> list[str]:
    """The title's content words, case-folded, each once, in order (level, function and
    employment-term words left out)."""
    words: dict[str, None] = {}
    for token in _TOKEN.findall(title.casefold()):
        if token in _LEVEL_WORDS or token in _FUNCTION_WORDS or token in _TERMS_WORDS or len(token) < 2:
            continue
        words.setdefault(token, None)
    return list(words)


class TitleMatch:
    """The title's words the résumé names in the person's roles (``found``), only elsewhere
    (``elsewhere``) and not at all (``absent``), and their weighted, credited share (``value``,
    None when the title has no content word)."""

    found: list[str]
    elsewhere: list[str]
    absent: list[str]
    value: float | None

    def __init__(self, credits: dict[str, float]) -> None:
        self.found = [w for w, c in credits.items() if c >= 1]
        self.elsewhere = [w for w, c in credits.items() if 0 < c < 1]
        self.absent = [w for w, c in credits.items() if c <= 0]
        total = sum(_weight(w) for w in credits)
        self.value = sum(_weight(w) * c for w, c in credits.items()) / total if total else None


def _weight(word: str) -> float:
    return _GENERIC_WEIGHT if word in GENERIC_WORDS else 1.0


def title_match(title: str, credit: Callable[[str], float]) -> TitleMatch:
    """How much of ``title``'s words the résumé names; ``credit(word)`` is 1 for a word named in
    the person's roles, less for one named elsewhere, 0 for one not named
    (:meth:`~jobscraper.matching.roles.Roles.credit`; a yes/no test works too). A plural counts
    as its singular and back ("systems" for "system")."""
    credits: dict[str, float] = {}
    for word in title_words(title):
        other = word[:-1] if len(word) > 3 and word.endswith("s") else word + "s"
        given = float(max(credit(word), credit(other)))
        # a generic word ("engineer", "developer") says no line of work: named anywhere is enough
        credits[word] = 1.0 if given > 0 and word in GENERIC_WORDS else given
    return TitleMatch(credits)


def title_part(job: Mapping[str, Any], person: Person) -> Part:
    """The title part: the share of the job title's words the résumé names, with the words.
    Unknown when the title has no word beyond the generic ones ("Engineer" says no line of work)."""
    title = str(job.get("title") or "")
    match = title_match(title, person.roles.credit)
    if match.value is None or all(w in GENERIC_WORDS for w in match.found + match.elsewhere + match.absent):
        return Part(None)
    said = []
    if match.found:
        said.append(f"the title's words in your roles: {', '.join(match.found)}")
    if match.elsewhere:
        said.append(f"elsewhere in your résumé: {', '.join(match.elsewhere)}")
    if said:
        text = "; ".join(said) + (f"; not in it: {', '.join(match.absent)}" if match.absent else "")
    else:
        text = f"none of the title's words in your résumé ({', '.join(match.absent)})"
    return Part(match.value, [Reason(kind="title", ok=match.value >= 0.5, text=text)])
