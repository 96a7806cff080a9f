"""Preferences a résumé states in its prose, found by rules, in English and German (and the
commonest French and Spanish phrasings): where the person
is based, whether they want remote work, whether they would relocate, whether they need a visa.

What is found here is *suggested*, never a hard preference: a résumé's sentence is evidence, not a
setting the person chose. The profile keeps suggestions apart from the preferences the person set
(:mod:`jobscraper.matching.profile`) and offers each one for confirmation, with the sentence it was
found in as its reason.

The rules look for a stated intention ("open to remote", "not relocating", "I need visa
sponsorship"), not for the words alone: "built a remote monitoring tool" or "relocated the data
centre" state no preference. In each sentence the first rule of a field that matches decides it,
and the negations ("not open to remote", "do not require sponsorship") come first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "SUGGESTED_FIELDS",
    "PayFloor",
    "SuggestedField",
    "Suggestion",
    "find_suggestions",
    "sentences",
    "stated_pay_floor",
]

SuggestedField = Literal["locations", "remote_ok", "open_to_relocation", "needs_visa_sponsorship"]
"""The preferences a résumé's text may suggest (fields of the profile's preferences)."""
SUGGESTED_FIELDS: tuple[str, ...] = SuggestedField.__args__  # type: ignore[attr-defined]

_MAX_REASON = 200
_HEADER_LINES = 8  # where a résumé puts its "Berlin, Germany" line


class Suggestion(BaseModel):
    """One preference the résumé's text states: the field, the value, and the sentence (reason)."""

    field: SuggestedField = Field(description="the preference it would set")
    value: str | bool = Field(description="a location (for locations), else true or false")
    reason: str = Field(description="the sentence of the résumé it was found in")


# --------------------------------------------------------------------------- sentences
# after . ! ? ; — but not after an abbreviation ("bzw.", "e.g.", "z.B.")
_SPLIT = re.compile(
    r"(?<=[.!?;])(?<!\bbzw\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bz\.b\.)(?<!\bz\.B\.)(?<!\bd\.h\.)"
    r"(?<!\bca\.)(?<!\bincl\.)(?<!\bapprox\.)\s+"
)
_BULLET = re.compile(r"^[\s\-*•·▪►>#]+")


_WRAPPED = 50
"""A line at least this long that ends mid-sentence is hard-wrapped prose: the next line goes on."""
_STARTS_ITEM = re.compile(r"^\s*(?:[\-*•·▪►>#|]|\d+[.)]\s)")


def _paragraph_lines(text: str) -> Iterator[str]:
    """The text's lines with hard-wrapped prose joined again: a long line that does not end a
    sentence continues on the next, unless that one is blank, a bullet or a heading."""
    current = ""
    for line in text.splitlines():
        continues = (
            current
            and line.strip()
            and len(current.splitlines()[-1] if "\n" in current else current) >= _WRAPPED
            and not current.rstrip().endswith((".", "!", "?", ";", ":"))
            and not current.lstrip().startswith("#")
            and not _STARTS_ITEM.match(line)
        )
        if continues:
            current = f"{current.rstrip()} {line.strip()}"
            continue
        if current:
            yield current
        current = line
    if current:
        yield current


def sentences(text: str) -> Iterator[str]:
    """The résumé's sentences: its lines (hard-wrapped prose joined again), split after ``.``,
    ``!``, ``?`` and ``;``, less bullets."""
    for line in _paragraph_lines(text):
        for part in _SPLIT.split(line):
            cleaned = _BULLET.sub("", part).strip()
            if cleaned:
                yield cleaned


def _reason(sentence: str) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"


# --------------------------------------------------------------------------- rules
_I = re.IGNORECASE
# what follows "remote" when it names a thing, not a way of working
_NOT_WORK = (
    r"(?!\s*-?\s*(?:sensing|monitoring|control|controlled|access|procedure|calls?|desktop|servers?"
    r"|debugging|management|support|devices?|teams?|sites?|locations?|hosts?|repositor(?:y|ies)"
    r"|experience|erfahrung))"
)
_REMOTE = (
    r"(?:remote(?:ly)?|home[- ]?office|mobiles arbeiten|telearbeit|fernarbeit|télétravail|teletrabajo"
    r"|remoto|à distance|a distancia)" + _NOT_WORK
)
_ONSITE = r"(?:on-?site|in[- ]office|office-based|vor ort|im büro)"
_INTENT = (
    r"(?:open to|prefer(?:ring|s)?|seeking|looking for|interested in|available for|want(?:ing)?"
    r"|would like|'d like|offen für|suche|bevorzuge|interessiert an|wünsche|möchte"
    r"|ouverte? à|cherche|souhaite|busco|abierta? a|me interesa)"
)
# French and Spanish put the wish further from the word ("je cherche un poste de …, en hybride à
# Amsterdam ou en télétravail complet"): a longer reach for those verbs only
_INTENT_FAR = r"(?:je cherche|je souhaite|busco|me gustaría)"
# an intent that is negated ("not interested in US-only remote roles") states no wish for remote:
# the negation rules decide plain refusals, and a refused *scope* says nothing about remote itself
_NOT_NEGATED = r"(?<!not )(?<!n't )(?<!nicht )(?<!no longer )"
_NEGATE = r"(?:not|no longer|nicht|kein(?:e|en)?)"

_CAN_NOT = r"(?:not|never|cannot|can't|won't|will not|unable to)"
_VOULOIR = r"(?:souhaite|veux|peux|compte)"
_QUERER = r"(?:quiero|puedo|deseo)"
_DO_NOT = r"(?:do not|don't|does not|doesn't|will not|won't|never)"
_VISA = r"(?:visa|sponsorship|work permit)"
_VISUM = r"(?:visum|arbeitserlaubnis|sponsoring)"
_I_NEED = r"(?:^|\bi\s+|\bi'll\s+|\bwill\s+)(?:need|require)s?\b"
_LABEL = r"\b(?:visa|work authori[sz]ation|work permit)\s*:\s*"
_BEREIT = r"bereit,?\s+(?:zu\s+|für\s+einen\s+)?(?:umzuziehen|umzug)"
_CITIZEN = (
    r"\b(?:eu|eea|us|u\.s\.|uk|swiss|german|french)\s+citizen(?:ship)?\b|\bpermanent\s+resident\b"
    r"|\bgreen\s+card\s+holder|\b(?:authori[sz]ed|eligible|entitled)\s+to\s+work\s+in"
)
_BUERGER = (
    r"\beu-?(?:bürger(?:in)?|staatsbürger(?:in)?|staatsangehörig\w*)\b"
    r"|\bdeutsche\s+staats(?:bürgerschaft|angehörigkeit)|\b(?:unbefristete|gültige)\s+arbeitserlaubnis"
    r"|\bniederlassungserlaubnis"
)

# (field, value, pattern): in order; for a field, the first pattern that matches a sentence decides
_RULE_TEXT: tuple[tuple[SuggestedField, bool, str], ...] = (
    # --- remote: the negations first
    ("remote_ok", False, rf"\b{_NEGATE}\s+{_INTENT}\s+(?:\w+\s+){{0,2}}{_REMOTE}"),
    ("remote_ok", False, rf"\b(?:no|kein(?:e|en)?)\s+{_REMOTE}"),
    ("remote_ok", False, rf"\b{_ONSITE}\s+only\b|\b(?:only|ausschließlich)\s+{_ONSITE}"),
    ("remote_ok", False, rf"\bprefer(?:s)?\s+(?:working\s+)?{_ONSITE}"),
    ("remote_ok", True, rf"{_NOT_NEGATED}\b{_INTENT}\b[^.]{{0,60}}?\b{_REMOTE}"),
    ("remote_ok", True, rf"\b{_REMOTE}[- ](?:only|first)\b|(?<!-)\bonly\s+{_REMOTE}"),
    ("remote_ok", True, rf"\b(?:happy|willing|able|glad)\s+to\s+work\s+{_REMOTE}"),
    ("remote_ok", True, rf"\b(?:100\s?%|fully|voll|ausschließlich|nur)\s*(?:im\s+)?{_REMOTE}"),
    ("remote_ok", True, rf"\b{_REMOTE}\s+(?:complet|total|completo)\b"),
    ("remote_ok", True, rf"\b{_INTENT_FAR}\b[^.]{{0,100}}?\b{_REMOTE}"),
    # --- relocation
    ("open_to_relocation", False, rf"\b{_CAN_NOT}\s+(?:\w+\s+){{0,2}}relocat|\bno\s+relocation\b"),
    ("open_to_relocation", False, rf"\bnicht\s+umzugsbereit|\bkein(?:e|en)?\s+umzug|\bnicht\s+{_BEREIT}"),
    ("open_to_relocation", False, rf"\bne\s+{_VOULOIR}\s+pas\s+(?:déménager|me\s+relocaliser)"),
    ("open_to_relocation", False, r"\bpas\s+de\s+déménagement"),
    ("open_to_relocation", False, rf"\bno\s+{_QUERER}\s+mudarme|\bno\s+me\s+mudaré|\bsin\s+mudanza"),
    ("open_to_relocation", True, r"\b(?:open|willing|happy|able|ready|glad)\s+to\s+relocat"),
    ("open_to_relocation", True, r"\bopen\s+to\s+relocation\b|\brelocation\s+(?:is\s+)?(?:possible|ok)"),
    ("open_to_relocation", True, rf"\bumzugsbereit|\b{_BEREIT}|\bumzug\s+(?:ist\s+)?möglich"),
    # --- visa
    ("needs_visa_sponsorship", False, rf"\b{_DO_NOT}\s+(?:need|require)\b[^.]{{0,30}}\b{_VISA}"),
    ("needs_visa_sponsorship", False, r"\b(?:no|without)\s+(?:visa\s+)?sponsorship\b"),
    ("needs_visa_sponsorship", False, r"\b(?:visa|sponsorship)\s+not\s+(?:needed|required)"),
    ("needs_visa_sponsorship", False, _CITIZEN),
    ("needs_visa_sponsorship", False, rf"\b(?:benötige|brauche)\s+kein(?:e|en)?\s+{_VISUM}"),
    ("needs_visa_sponsorship", False, rf"\bkein(?:e|en)?\s+{_VISUM}\s+(?:erforderlich|nötig|benötigt)"),
    ("needs_visa_sponsorship", False, _BUERGER),
    # first person or a headline ("Requires visa sponsorship"), not "hired people who require …"
    ("needs_visa_sponsorship", True, rf"{_I_NEED}[^.]{{0,30}}\b{_VISA}"),
    ("needs_visa_sponsorship", True, r"^\W*(?:visa\s+)?sponsorship\s+(?:is\s+)?(?:required|needed)"),
    ("needs_visa_sponsorship", True, rf"{_LABEL}(?:requires?|needs?)"),
    ("needs_visa_sponsorship", True, rf"\b(?:benötige|brauche)\b[^.]{{0,30}}\b{_VISUM}"),
    ("needs_visa_sponsorship", True, r"\b(?:visum|arbeitserlaubnis)\s+(?:wird\s+)?(?:benötigt|erforderlich)"),
)  # fmt: skip
_RULES = tuple((field, value, re.compile(pattern, _I)) for field, value, pattern in _RULE_TEXT)

# --- locations: a place is one to four capitalised words ("Lyon", "Berlin, Germany", "New York")
_PLACE = r"([A-ZÄÖÜÉ][\w'.\-]+(?:(?:,\s*|\s+)[A-ZÄÖÜÉ][\w'.\-]+){0,3})"
_BASED = (
    rf"(?:^|\b(?i:i\s+am|i'm|currently|now|presently)\s+)(?i:based|living|located|residing)\s+in\s+{_PLACE}",
    rf"\b(?i:i\s+live|i\s+reside)\s+in\s+{_PLACE}",
    rf"\b(?i:wohnhaft|ansässig|lebe|wohne)\s+in\s+{_PLACE}",
    rf"\b(?i:j'habite|je\s+vis|je\s+réside|basée?|installée?)\s+à\s+{_PLACE}",
    rf"\b(?i:vivo|resido|radicada?|afincada?)\s+en\s+{_PLACE}",
    rf"^(?i:location|based|standort|wohnort|ort)\s*:\s*{_PLACE}",
)
_LOCATION_RULES = tuple(re.compile(p) for p in _BASED)
# a header segment "City, Country" (or "Austin, TX"): the second part must name a country or state
_COUNTRIES = (
    "Germany|Deutschland|France|Frankreich|Austria|Österreich|Switzerland|Schweiz|Netherlands|Niederlande"
    "|Belgium|Belgien|Spain|Spanien|Portugal|Italy|Italien|Poland|Polen|Ireland|Irland|UK|United Kingdom"
    "|England|Scotland|Sweden|Schweden|Denmark|Dänemark|Norway|Norwegen|Finland|Finnland|Czechia"
    "|Czech Republic|Tschechien|USA|US|United States|Canada|Kanada|Australia|Australien|India|Indien"
    "|Japan|Singapore|Singapur|Brazil|Brasilien|Mexico|Mexiko|Israel|Luxembourg|Luxemburg|Greece"
    "|Griechenland|Romania|Rumänien|Hungary|Ungarn|Croatia|Kroatien|Estonia|Estland|Lithuania|Latvia"
    "|Pays-Bas|Allemagne|Royaume-Uni|Espagne|Suisse|Belgique|Italie|Irlande|Países Bajos|Alemania"
    "|Reino Unido|España|Francia|Suiza|Bélgica|Italia|Irlanda"
    # US states, for "Austin, TX"
    "|AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ"
    "|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_HEADER_PLACE = re.compile(
    rf"^(?:📍\s*)?([A-ZÄÖÜÉ][\w'.\-]+(?:\s+[A-ZÄÖÜÉ][\w'.\-]+){{0,2}},\s*(?:{_COUNTRIES}))$"
)
_HEADER_SPLIT = re.compile(r"\s*(?:[|·•–—\t]|\s{2,})\s*")
_TRAILING_WORDS = re.compile(r"(?:,\s*|\s+)(?:and|und|or|oder|but|aber)$")


def _header_locations(text: str) -> Iterator[tuple[str, str]]:
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_HEADER_LINES]
    for line in lines:
        for segment in _HEADER_SPLIT.split(line.lstrip("#* ").strip()):
            match = _HEADER_PLACE.match(segment)
            if match:
                yield match.group(1), line


def _stated_locations(sentence: str) -> Iterator[str]:
    for rule in _LOCATION_RULES:
        for match in rule.finditer(sentence):
            place = _TRAILING_WORDS.sub("", match.group(1).rstrip(".,;")).strip()
            if place:
                yield place


def find_suggestions(text: str) -> list[Suggestion]:
    """Every preference ``text`` states, each once (the first sentence that states it is the reason)."""
    found: dict[tuple[str, str], Suggestion] = {}

    def add(field: SuggestedField, value: str | bool, reason: str) -> None:
        key = (field, value.casefold() if isinstance(value, str) else str(value))
        found.setdefault(key, Suggestion(field=field, value=value, reason=_reason(reason)))

    for place, line in _header_locations(text):
        add("locations", place, line)
    for sentence in sentences(text):
        for place in _stated_locations(sentence):
            add("locations", place, sentence)
        decided: set[str] = set()
        for field, value, rule in _RULES:
            if field not in decided and rule.search(sentence):
                decided.add(field)
                add(field, value, sentence)
    return list(found.values())


# --------------------------------------------------------------------------- pay
PayFloor = tuple[float, str]
"""A yearly amount and its ISO 4217 currency."""

_PAY_WORDS = re.compile(
    r"\b(?:salary|compensation|pay|earnings|base|ote|expect\w*|gehalt\w*|vergütung|jahresgehalt)\b", _I
)
_CURRENCY = {"eur": "EUR", "€": "EUR", "usd": "USD", "$": "USD", "gbp": "GBP", "£": "GBP", "cad": "CAD",
             "chf": "CHF"}  # fmt: skip
_CUR = r"(EUR|USD|GBP|CAD|CHF|€|\$|£)"
_AMOUNT = r"(\d{1,3}(?:[.,\s]\d{3})+|\d+(?:[.,]\d+)?\s?[kK])"
_MONEY = re.compile(rf"{_CUR}\s?{_AMOUNT}|{_AMOUNT}\s?{_CUR}", _I)
_PER_UNIT = re.compile(r"\b(?:per|a|an|pro|im|/)\s*(?:hour|month|week|stunde|monat|woche)\b|/\s*h\b", _I)


def _amount(text: str) -> float:
    digits = text.strip().casefold()
    if digits.endswith("k"):
        return float(digits[:-1].strip().replace(",", ".")) * 1000
    return float(re.sub(r"[.,\s]", "", digits))


def stated_pay_floor(text: str) -> PayFloor | None:
    """The yearly pay the résumé asks for ("compensation expectation from EUR 85,000 per year",
    "USD 170k+", "Gehaltsvorstellung ab 70.000 EUR"): the first amount of the first sentence that
    talks about pay (of a range, its lower end). Only a yearly figure counts (an amount per hour
    or month is left alone), and it is a résumé's sentence: the score reads it as a soft signal."""
    for sentence in sentences(text):
        if not _PAY_WORDS.search(sentence) or _PER_UNIT.search(sentence):
            continue
        match = _MONEY.search(sentence)
        if match:
            symbol = (match.group(1) or match.group(4)).casefold()
            amount = _amount(match.group(2) or match.group(3))
            if amount >= 1000:
                return amount, _CURRENCY[symbol]
    return None
