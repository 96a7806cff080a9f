"""Visa sponsorship from posting text, without a model (English, German, French, Spanish).

A refusal ("no visa sponsorship", "unable to sponsor", "must be authorized to work … without
sponsorship", "keine Visa-Unterstützung") beats an offer ("visa sponsorship available", "we sponsor
H-1B visas", "relocation and visa support"); an offer right after a negation does not count.
Neither said is ``unknown``: "must have the right to work in the UK" alone is not a statement
about sponsorship.
"""

from __future__ import annotations

import re

from jobscraper.extraction.schema import VisaSponsorship

__all__ = ["find_visa_sponsorship"]

_I = re.IGNORECASE

_REFUSING = (
    r"unable|not\s+able|cannot|can\s*not|can[’']t|do(?:es)?\s+not|don[’']t|doesn[’']t|will\s+not|won[’']t|"
    r"are\s+not\s+able\s+to|not\s+in\s+a\s+position\s+to"
)
_VISA_NO = re.compile(
    "|".join(
        (
            r"\bno\s+(?:visa\s+|work\s+permit\s+)?sponsorship",
            rf"\b(?:{_REFUSING})\s+(?:to\s+)?(?:currently\s+)?(?:offer|provide|support|consider)?\s*"
            r"(?:visa\s+|work\s+permit\s+|immigration\s+)?sponsor",
            r"\bwithout\s+(?:the\s+need\s+for\s+)?(?:current\s+or\s+future\s+|visa\s+|employer\s+|company\s+)*"
            r"sponsorship",
            r"\bsponsorship\s*(?::|is)?\s*(?:not|unavailable|none\b|no\b)",
            r"\bnot\s+(?:eligible|available)\s+for\s+(?:visa\s+)?sponsorship",
            r"\bkein(?:e|en)?\s+(?:visa|visum|visums|arbeitserlaubnis)[- ]?(?:unterstützung|sponsoring)?",
            r"\bpas\s+de\s+(?:parrainage|sponsorisation|sponsoring)",
            r"\bno\s+(?:ofrecemos|ofrece|podemos\s+ofrecer)\s+(?:patrocinio|sponsor|visado|visa)",
        )
    ),
    _I,
)
_VISA_YES = re.compile(
    "|".join(
        (
            r"\bvisa\s+sponsorship\s+(?:is\s+)?(?:available|provided|offered|possible)",
            r"\b(?:employment\s+pass\s+|work\s+permit\s+)?sponsorship\s+(?:is\s+)?available",
            r"\b(?:we|we['’]ll|we\s+will|we\s+can|can|happy\s+to|able\s+to|willing\s+to)\s+(?:also\s+)?sponsor\b",
            r"\b(?:provide|offer|offers|offering|including)\s+(?:full\s+)?visa\s+sponsorship",
            r"\b(?:relocation|relo)\s+(?:and|&|\+)\s+visa\s+(?:support|assistance|sponsorship|help)",
            r"\bvisa\s+(?:support|assistance|help|sponsorship\s+and\s+relocation)",
            r"\bvisa[- ]?(?:unterstützung|sponsoring)|\bunterstützung\s+beim\s+visum",
            r"\b(?:parrainage|accompagnement)\s+(?:de|pour\s+le|au)\s+visa",
            r"\bpatrocinio\s+de\s+visa\w*|\bayuda\s+con\s+el\s+visado",
            # "we welcome applications from candidates who require visa sponsorship"
            r"\b(?:welcome|consider|open\s+to)\s+(?:applications\s+from\s+)?(?:candidates|applicants|people)\s+"
            r"(?:who\s+)?(?:require|need|requiring|needing)\s+(?:a\s+)?(?:visa\s+)?sponsorship",
            r"\b(?:support|help|assist)\s+(?:you\s+)?(?:with\s+)?(?:your\s+|the\s+)?(?:visa|work\s+permit|"
            r"blue\s+card)(?:\s+(?:application|process))?",
        )
    ),
    _I,
)
_NEGATED = re.compile(
    r"\b(?:no|not|without|unable|cannot|can['’]t|don['’]t|keine?|pas|sin)\b[^.\n]{0,20}$", _I
)


def find_visa_sponsorship(text: str) -> VisaSponsorship:
    """``no`` when the posting refuses sponsorship, ``yes`` when it offers it, else ``unknown``."""
    if _VISA_NO.search(text):
        return VisaSponsorship.NO
    for match in _VISA_YES.finditer(text):
        if not _NEGATED.search(text[max(0, match.start() - 30) : match.start()]):
            return VisaSponsorship.YES
    return VisaSponsorship.UNKNOWN
