"""What a résumé's prose says the person wants and can do, beyond places and pay
(:mod:`jobscraper.matching.signals`): the levels they are looking for, and the languages they work
in — with the language a job is written in, so the two can be compared.

*Target levels.* A résumé's headline gives one level ("Senior Accountant"); its prose often names
the levels the person is after: "a junior or mid-level Java role, not a senior or lead role yet",
"senior or staff-level individual contributor roles", "eine Stelle als (Senior)
Backend-Entwickler". Only sentences that state an intention count ("looking for", "I want", "ich
suche", "busco", "je cherche"), and in them a clause with a negation ("not", "nicht", "no",
"pas") names levels the person does *not* want. What is found moves the seniority part (a job at
a wanted level is a full fit); like every résumé signal it never sinks a job.

*Languages.* The résumé's own language, and any language it names at a working level (native,
fluent, C1/C2, B2, business, "verhandlungssicher", "courant", "nativo", …). A job written in a
language the person shows no working command of fits badly whatever its words say: the German
posting for an engineer with A2 German.

Both are rules over words, in English, German, French, Spanish and Portuguese, and explainable:
the reason quotes what was found.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from jobscraper.matching.signals import sentences

__all__ = [
    "LANGUAGE_NAMES",
    "clauses",
    "job_language",
    "resume_languages",
    "target_levels",
    "text_language",
    "wanted_roles",
    "without_negated",
]

# --- target levels ------------------------------------------------------------------------------
_INTENT = re.compile(
    r"\b(?:looking for|look for|seeking|i am after|i want|i'd like|i would like|would like|"
    r"want (?:a|an|to)|interested in|open to|ready for|targeting|aiming for|next step|"
    r"suche|gesucht|möchte|je cherche|je souhaite|busco|quiero|me gustaría|procuro)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|nor|never|rather than|instead of|nicht|kein\w*|pas|ni|ningún|ninguna|não)\b",
    re.IGNORECASE,
)
_BREAK = re.compile(r"[;:—–]|\bbut\b|\baber\b|\bmais\b|\bpero\b|\bsondern\b", re.IGNORECASE)
# a clause after a comma that starts over with a wish of its own ("not senior yet, a mid-level role
# would suit me"): the refusal before it does not reach it
_RESTART = re.compile(
    r"\b(?:suit\w*|prefer\w*|happy|ideally|fine|welcome|gern\w*|lieber|passt|passen|would|ok)\b",
    re.IGNORECASE,
)
# a level word; "staff" only where it names a level (a "staff nurse" or "staff accountant" is not one)
_LEVEL_WORDS = (
    (r"\b(?:intern|internship|praktikum|werkstudent\w*|prácticas|stage|estágio)\b", 0),
    (r"\b(?:junior|júnior|entry[- ]level|graduate|berufseinsteiger\w*|débutant\w*)\b", 1),
    # "mid" alone is a level ("at mid or senior level"), not in a company's size ("mid-market")
    (
        r"\b(?:mid[- ]?level|mid(?![- ](?:market|size|sized)\b)|intermediate|medior|confirmé\w*"
        r"|intermedio)\b",
        2,
    ),
    (r"(?<!more )\b(?:senior|sénior|sr\.?)\b", 3),  # "learning from more senior engineers" is no level
    (r"\bstaff\b(?![- ](?:or \w+ )?(?:nurse|rn|accountant|auditor|pharmacist|physician|attorney|writer))", 4),
    (r"\b(?:lead|tech lead|team lead|teamleit\w*)\b", 4),
    (r"\bprincipal\b", 5),
    (r"\b(?:head of|head-of|director|vp|chief|leiter\w*)\b", 6),
)
_LEVEL_RES = tuple((re.compile(p, re.IGNORECASE), level) for p, level in _LEVEL_WORDS)


def _levels_in(text: str) -> set[int]:
    return {level for pattern, level in _LEVEL_RES if pattern.search(text)}


def clauses(sentence: str) -> Iterator[tuple[str, bool]]:
    """The sentence's clauses, each with whether it is negated. A negation reaches over the commas
    of a list ("Not looking for SDR, team-lead or VP of Sales roles": all three refused) up to a
    break (``;``, ``:``, a dash, "but", "aber", …) or a clause that states a wish of its own
    ("…, a mid-level role would suit me")."""
    for segment in _BREAK.split(sentence):
        negated = False
        for clause in segment.split(","):
            if _NEGATION.search(clause):
                negated = True
            elif negated and (_INTENT.search(clause) or _RESTART.search(clause)):
                negated = False
            yield clause, negated


def target_levels(text: str) -> frozenset[int]:
    """The levels (indices into ``SENIORITIES``) the résumé says it is looking for; empty when
    it names none. Levels it also rules out ("not a senior role yet") are left out."""
    wanted: set[int] = set()
    refused: set[int] = set()
    for sentence in sentences(text):
        if not _INTENT.search(sentence):
            continue
        for clause, negated in clauses(sentence):
            (refused if negated else wanted).update(_levels_in(clause))
    return frozenset(wanted - refused)


def wanted_roles(text: str) -> str:
    """What the résumé's stated wishes name, without what they refuse: the clauses of its
    intention sentences that are not negated ("I want a mid-market Account Executive role")."""
    return "\n".join(
        clause
        for sentence in sentences(text)
        if _INTENT.search(sentence)
        for clause, negated in clauses(sentence)
        if not negated
    )


def without_negated(text: str) -> str:
    """The résumé's sentences less their negated clauses ("I am a seller, not an engineer" keeps
    "I am a seller"): a word the résumé names only to deny it does not name the person's work."""
    return "\n".join(
        clause for sentence in sentences(text) for clause, negated in clauses(sentence) if not negated
    )


# --- languages ----------------------------------------------------------------------------------
_FUNCTION = {
    "en": "the and with you we our for are will this that your of to in is",
    "de": "der die das und mit wir du ich für ist sind eine einen bei auf zu im von den dich",
    "fr": "le la les et avec nous vous je pour est sont une des du dans sur au",
    "es": "el la los las y con nosotros para es son una del en por yo mi",
    "pt": "o a os as e com nós para é são uma do da em no na eu",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION.items()}
_LANGS_OF: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, words in _WORDS.items() if word in words)
    for word in {w for words in _WORDS.values() for w in words}
}
"""Each function word's languages, in :data:`_FUNCTION`'s order: one look-up a token instead of
one per language (every job's language is told again for every profile it is scored for)."""
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese"}
_NAMES = {
    "en": r"english|englisch|anglais|inglés|ingles|inglês",
    "de": r"german|deutsch|allemand|alemán|aleman|alemão",
    "fr": r"french|französisch|français|francais|francés|frances|francês",
    "es": r"spanish|spanisch|espagnol|español|espanol|castellano|espanhol",
    "pt": r"portuguese|portugiesisch|portugais|portugués|portugues|português",
}
_WORKING = (
    r"native|mother tongue|fluent|fluency|bilingual|proficient|business|professional|full|"
    r"c1|c2|b2|muttersprache|fließend|verhandlungssicher|sehr gut|gut|"
    r"courant|natif|native|maternelle|bilingue|nativo|nativa|fluido|fluida|avanzado|materna|fluente"
)
_NAMED = {
    lang: re.compile(rf"\b(?:{names})\b[^\n,;]{{0,30}}?\b(?:{_WORKING})\b", re.IGNORECASE)
    for lang, names in _NAMES.items()
}
_NAMED_AFTER = {
    lang: re.compile(rf"\b(?:{_WORKING})\b[^\n,;.]{{0,12}}?\b(?:{names})\b", re.IGNORECASE)
    for lang, names in _NAMES.items()
}


def text_language(text: str) -> str | None:
    """The language a text is written in, by its function words (None: too little to tell)."""
    counts: Counter[str] = Counter()
    for token in _TOKEN.findall(text.casefold()):
        for lang in _LANGS_OF.get(token, ()):
            counts[lang] += 1
    if sum(counts.values()) < 8:
        return None
    (first, n), *rest = counts.most_common(2) or [("", 0)]
    if rest and rest[0][1] * 1.5 > n:
        return None
    return first


def resume_languages(text: str) -> frozenset[str]:
    """The languages the résumé shows a working command of: its own, and each it names at a
    working level."""
    found = {lang for lang in _NAMES if _NAMED[lang].search(text) or _NAMED_AFTER[lang].search(text)}
    own = text_language(text)
    if own is not None:
        found.add(own)
    return frozenset(found)


def job_language(job: Mapping[str, Any]) -> str | None:
    """The language the job's posting is written in (its title and description)."""
    return text_language(f"{job.get('title') or ''}\n{str(job.get('description') or '')[:3000]}")
