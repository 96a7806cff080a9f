"""Remote, hybrid or on-site, from posting text without a model (English, German, French, Spanish, Dutch).

Each cue adds weight to one policy; the title and location fields weigh most, a sentence about
*this role* more than one about the company, a bare "remote" least. Negations ("not a remote
position", "kein Homeoffice", "pas de télétravail", "no es un puesto remoto") count for on-site and
are blanked out first, so the "remote" inside them counts for nothing. A clear hybrid cue ("hybrid",
"2 days in the office", "2 Tage Homeoffice") wins over everything else: hybrid postings talk about
both the office and home. Nothing said is ``unknown``.

Regions (``remote within the EU``, ``Remote (US only)``, ``100% remote innerhalb Deutschlands``) are
read from the sentences that carry a remote cue, and only for remote postings.
"""

from __future__ import annotations

import re

from jobscraper.extraction.schema import RemotePolicy

__all__ = ["find_remote_policy", "find_remote_regions"]

_I = re.IGNORECASE
_HOME = r"(?:remote(?:ly)?|from\s+home|wfh|home[- ]?office|mobil\w*|télétravail|teletrabajo|remoto|thuis)"
_OFFICE = (
    r"(?:office|büro|buero|bureau|oficina|kantoor|on[- ]?site|in[- ]office|sur\s+site|site|hub|hq|"
    r"headquarters|locaux|presencial|standort|vor\s+ort|campus|lab)"
)
_N = (
    r"(?:[1-5]|one|two|three|four|five|zwei|drei|vier|fünf|deux|trois|quatre|cinq|dos|tres|cuatro|cinco"
    r"|twee|drie|vijf)"
)
_DAYS = rf"(?P<n>{_N})(?:\s*[-–]\s*[1-5])?\s*(?:days?|tage?n?|bürotage?n?|jours?|días?|dias?|dagen)\b"
_FIVE = re.compile(r"5|five|fünf|cinq|cinco|vijf", _I)

_NEGATIONS = re.compile(
    "|".join(
        (
            r"\bnot\s+(?:a\s+|an\s+)?(?:fully\s+|100\s?%\s+)?remote\b(?!-first)",
            r"\bno\s+remote\b",
            r"\bnon[- ]remote\b",
            r"\bremote\s+(?:work(?:ing)?\s+)?(?:is\s+)?not\s+(?:possible|available|an\s+option|offered|"
            r"permitted|allowed|supported)",
            r"\bnot\s+(?:eligible|open|available|suitable)\s+(?:for|to)\s+remote",
            r"\b(?:not\s+able|unable)\s+to\s+(?:consider|offer|support|accommodate)\s+remote",
            r"\b(?:cannot|can[’']t|can\s+not)\s+(?:offer|support|accommodate|consider)\s+remote",
            r"\bcannot\s+be\s+(?:done|performed|carried\s+out)\s+remotely",
            r"\bno\s+(?:work[- ]from[- ]home|wfh|home[- ]?office)\b",
            r"\bisn[’']t\s+(?:a\s+)?remote",
            r"\bkein(?:e|en)?\s+(?:home[- ]?office|remote|mobiles?\s+arbeiten)",
            r"home[- ]?office\s+(?:ist\s+)?(?:leider\s+)?(?:nicht|kein)",
            r"\bremote(?:-arbeit)?\s+(?:ist\s+)?(?:leider\s+)?nicht\s+möglich",
            r"\bnicht\s+remote\b",
            r"\bpas\s+de\s+télétravail",
            r"télétravail\s+(?:n['’]est\s+)?(?:pas|non)\s+(?:possible|autorisé|envisageable)",
            r"\bsans\s+télétravail",
            r"\bsin\s+(?:teletrabajo|opción\s+(?:a|de)\s+remoto)",
            r"\bno\s+es\s+(?:un\s+(?:puesto|trabajo|empleo)\s+)?remoto",
            r"\bno\s+(?:se\s+)?(?:ofrece|permite)\s+(?:el\s+)?teletrabajo",
            r"\bgeen\s+(?:thuiswerken|remote)",
        )
    ),
    _I,
)

_H, _R, _O = RemotePolicy.HYBRID, RemotePolicy.REMOTE, RemotePolicy.ONSITE
_CUE_TABLE: tuple[tuple[RemotePolicy, float, tuple[str, ...]], ...] = (
    (_H, 6, (
        r"\bhybri(?:d|de|des|der|dem|den|do|da|dos|das)\b(?!\s*-?\s*(?:cloud|apps?|mobile|vehicles?|cars?|"
        r"infrastructure|environments?|search|solutions?|systems?|integration|architecture))",
        r"\bh[íi]brid[oa]s?\b",
    )),
    (_H, 5, (
        r"\b(?:partially|partly|partial)\s+remote",
        r"\bremote\s+(?:part|some)\s+of\s+the\s+(?:time|week)",
        r"\bmix\s+of\s+(?:remote|home)\s+and\s+(?:office|on-?site)",
        r"\bwork(?:ing)?\s+from\s+home\s+(?:up\s+to|on\s+(?:mondays?|fridays?)|\d|one|two|three)",
        r"\bup\s+to\s+\d\s+days?\s+(?:remote|from\s+home|wfh)",
        r"\btwice\s+a\s+week",
        r"\bteilweise\s+(?:remote|home[- ]?office|mobil)",
        r"home[- ]?office[- ]?(?:anteil|tage?)",
        r"\bsemipresencial\b|\bmodelo\s+mixto\b|\bteletrabajo\s+parcial",
        r"télétravail\s+(?:partiel|hybride|[1-4]|deux|trois|quatre)\b",
        # "Remote-Arbeit ist bis zu 60 % möglich", "up to 40% remote"
        r"\b(?:up\s+to|bis\s+zu|jusqu['’]à|hasta)\s+[1-9]\d?\s?%\s*(?:remote|home|mobil|télétravail|teletrabajo)",
        r"(?:remote|home[- ]?office|mobil\w*|télétravail|teletrabajo)[-\w]*\s+(?:\w+\s+){0,3}?"
        r"(?:bis\s+zu|up\s+to|à|hasta)\s+[1-9]\d?\s?%",
    )),
    (_H, 3, (
        r"\bmobile[sn]?\s+arbeiten",
        r"home[- ]?office[- ]?(?:möglichkeit|möglich)",
        r"\bflexible\s+(?:working|work)\s+(?:model|arrangement|location)",
    )),
    (_H, 2, (r"home[- ]?office\b", r"\btélétravail\b", r"\bthuiswerken\b")),
    (_R, 6, (
        r"\bfully[- ]remote\b|\bfull[- ]remote\b|\bremote[- ]only\b|\bfully\s+distributed\b",
        r"\b100\s?%\s*(?:remote|remoto|home[- ]?office|télétravail|teletrabajo|mobil)",
        r"(?:remote|remoto|teletrabajo|télétravail|home[- ]?office)\s+(?:al\s+|à\s+)?100\s?%",
        r"\b(?:role|position|job|opportunity)\s+is\s+(?:\w+\s+){0,2}?remote\b",
        r"\bremote\s+(?:position|role|job|opportunity)\b",
        r"\blocation\s*:\s*remote",
        r"\bremote\s+(?:is|are)\s+(?:fine|ok|okay|possible|welcome)",
    )),
    (_R, 5, (
        r"\b(?:vollständig|komplett|ausschließlich|voll)\s+(?:remote|im\s+home[- ]?office|aus\s+dem\s+"
        r"home[- ]?office|mobil)",
        r"télétravail\s+(?:complet|total|intégral)",
        r"\bentièrement\s+(?:à\s+distance|en\s+télétravail)",
        r"\btrabajo\s+a\s+distancia",
        r"\bremote\s+(?:within|from|in|across|anywhere)\b",
        r"\bwork\s+from\s+anywhere\b",
        r"\bremote[- ]first\b",
        r"\bwork(?:ing)?\s+(?:fully\s+)?remotely\b",
        r"\b(?:performed|done|carried\s+out|based)\s+remotely\b",
        r"\bremote\s+with\s+(?:occasional|some|quarterly|monthly|regular)",
        # a line or bullet that starts with "Remote" states the arrangement
        r"^\s*[-*•]?\s*(?:fully\s+)?remote\b(?!\s+(?:teams?|colleagues|collaboration|work\s+(?:policy|"
        r"allowance|stipend)))",
    )),
    (_R, 4, (
        r"\bwork(?:ing)?\s+from\s+home\b|\bwfh\b",
        r"\bteletrabajo\b|\ben\s+remoto\b",
        r"\bfrom\s+anywhere\b|\bremotely\s+from\b",
    )),
    (_R, 2, (r"\bremot[eoa]s?\b", r"\bà\s+distance\b", r"\bremote[- ]friendly\b")),
    (_O, 6, (
        r"\b(?:role|position|job)\s+is\s+(?:\w+\s+){0,3}?(?:on[- ]?site|in[- ]office|office[- ]based|"
        r"in[- ]person|based\s+(?:in|at)\s+our)",
    )),
    (_O, 4, (
        r"\boffice[- ](?:based|first)\b",
        r"\bwork\s+from\s+(?:the\s+)?office\b",
        r"\bin\s+präsenz\b|präsenzpflicht",
        r"\b(?:en\s+)?présentiel\b|\bpresencial\b",
        r"\bin[- ]person\b",
    )),
    (_O, 3, (
        r"\bon[- ]?site\b|\bin[- ]office\b|\bvor\s+ort\b|\bsur\s+site\b",
        r"\bbased\s+(?:in|at)\s+our\b[^.\n]{0,40}\b(?:office|lab|site|hq|headquarters)",
    )),
)  # fmt: skip
_CUES = tuple(
    (policy, weight, re.compile("|".join(alternatives), _I | re.MULTILINE))
    for policy, weight, alternatives in _CUE_TABLE
)
_LABELLED = re.compile(
    r"\b(?:modalidad|modality|work\s*(?:mode|model|location|arrangement|style|setup)|workplace(?:\s*type)?|"
    r"arbeitsmodell|arbeitsort|mode\s+de\s+travail|lugar\s+de\s+trabajo|location|remote\s+policy)\s*:\s*"
    r"(?:100\s?%\s*)?(?P<value>remot\w*|hybri\w*|híbrid\w*|on[- ]?site|presencial|in[- ]person|in[- ]office|"
    r"office|télétravail|teletrabajo|work\s+from\s+(?:home|office))",
    _I,
)
_DAYS_CUE = re.compile(
    rf"\b{_DAYS}(?:\s+(?:a|per|pro|par|por|each|every|in\s+the|in\s+der|à\s+la|a\s+la|la)\s+"
    rf"(?:week|woche|semaine|semana))?[^.\n]{{0,35}}?\b(?P<where>{_HOME}|{_OFFICE})"
    rf"|\b(?P<where2>{_HOME}|{_OFFICE})\b[^.\n\d]{{0,60}}?\b(?P<n2>{_N})\s*"
    r"(?:days?|tage?n?|jours?|días?|dagen)\b",
    _I,
)
_FIELD_CUES = (
    (RemotePolicy.HYBRID, re.compile(r"\bhybri", _I)),
    (
        RemotePolicy.REMOTE,
        re.compile(r"\bremot[eo]\b|\btélétravail\b|\bwork\s+from\s+home\b|\banywhere\b", _I),
    ),
    (RemotePolicy.ONSITE, re.compile(r"\bon[- ]?site\b|\bin[- ]office\b|\bpresencial\b", _I)),
)
_MIN_SCORE = 3
# a line without any of these cannot carry a cue; skipping such lines keeps the patterns fast
_TRIGGERS = (
    "remot", "hybri", "híbrid", "office", "home", "site", "person", "day", "tag", "jour", "día", "dia", "dag",
    "présen", "presen", "télétrav", "teletrab", "mobil", "büro", "buero", "präsenz", "vor ort", "wfh",
        "anywhere",
    "distribut", "oficina", "kantoor", "thuis", "bureau", "locaux", "location", "modalidad", "standort",
        " hub",
    "hq", "headquarter", "campus", " lab", "distance", "twice", "flexib", "workplace", "work mode",
        "work model",
)  # fmt: skip


_TRIGGER_RE = re.compile("|".join(map(re.escape, _TRIGGERS)))


def _relevant_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if _TRIGGER_RE.search(line.lower()))


def find_remote_policy(description: str, title: str = "", location: str = "") -> RemotePolicy:
    """The work arrangement the posting states; ``unknown`` when it says nothing clear."""
    scores = dict.fromkeys((RemotePolicy.ONSITE, RemotePolicy.HYBRID, RemotePolicy.REMOTE), 0.0)
    clearly_hybrid = False
    for policy, rx in _FIELD_CUES:
        if rx.search(title) or rx.search(location):
            scores[policy] += 8
            clearly_hybrid = policy == RemotePolicy.HYBRID
            break
    text, negations = _NEGATIONS.subn(" ", _relevant_lines(description))
    scores[RemotePolicy.ONSITE] += 6 * negations
    for match in _DAYS_CUE.finditer(text):
        where = (match.group("where") or match.group("where2") or "").lower()
        count = match.group("n") or match.group("n2") or ""
        at_home = re.fullmatch(_HOME, where, _I) is not None
        if _FIVE.fullmatch(count):
            scores[RemotePolicy.REMOTE if at_home else RemotePolicy.ONSITE] += 5
        else:
            clearly_hybrid = True
    for match in _LABELLED.finditer(text):
        value = match.group("value").lower()
        if value.startswith(("hybri", "híbrid")):
            clearly_hybrid = True
        elif value.startswith(("remot", "télétravail", "teletrabajo", "work from home")):
            scores[RemotePolicy.REMOTE] += 6
        else:
            scores[RemotePolicy.ONSITE] += 6
    for policy, weight, rx in _CUES:
        hits = len(rx.findall(text))
        scores[policy] += weight * min(hits, 3)
        clearly_hybrid |= bool(hits) and policy == RemotePolicy.HYBRID and weight >= 5
    if clearly_hybrid:
        return RemotePolicy.HYBRID
    policy, score = max(scores.items(), key=lambda item: (item[1], item[0] == RemotePolicy.ONSITE))
    return policy if score >= _MIN_SCORE else RemotePolicy.UNKNOWN


_REGIONS = (
    ("US", r"\b(?:US|USA|U\.S\.A?\.?|United\s+States|America)\b"),
    ("Canada", r"\bCanada\b"),
    ("North America", r"\bNorth\s+America\b"),
    ("EU", r"\b(?:EU|European\s+Union)\b"),
    ("Europe", r"\b(?:Europe|Europa)\b"),
    ("EMEA", r"\bEMEA\b"),
    ("APAC", r"\bAPAC\b"),
    ("LATAM", r"\b(?:LATAM|Latin\s+America|Latinoamérica|América\s+Latina)\b"),
    ("UK", r"\b(?:UK|United\s+Kingdom|Great\s+Britain)\b"),
    ("DACH", r"\bDACH\b"),
    ("Germany", r"\b(?:Germany|Deutschland\w*|deutschlandweit)\b"),
    ("Austria", r"\b(?:Austria|Österreich)\b"),
    ("Switzerland", r"\b(?:Switzerland|Schweiz|Suisse)\b"),
    ("France", r"\bFrance\b"),
    ("Spain", r"\b(?:Spain|España)\b"),
    ("Portugal", r"\bPortugal\b"),
    ("Netherlands", r"\b(?:Netherlands|Nederland)\b"),
    ("Poland", r"\b(?:Poland|Polska)\b"),
    ("India", r"\bIndia\b"),
    ("Japan", r"\bJapan\b"),
    ("Australia", r"\bAustralia\b"),
    ("Brazil", r"\b(?:Brazil|Brasil)\b"),
    ("Mexico", r"\b(?:Mexico|México)\b"),
    ("Worldwide", r"\b(?:worldwide|anywhere\s+in\s+the\s+world|global(?:ly)?\s+remote|weltweit)\b"),
)
_REGION_RES = tuple((name, re.compile(pattern)) for name, pattern in _REGIONS)
_REMOTE_SENTENCE = re.compile(
    r"remote|remoto|télétravail|teletrabajo|home[- ]?office|anywhere|distributed|reside|located|based", _I
)


def find_remote_regions(description: str, location: str = "") -> list[str]:
    """Where a remote hire may live, as far as the sentences about remote work (or the location) say."""
    sentences = [s for s in re.split(r"(?<=[.;!?])\s+|\n+", description) if _REMOTE_SENTENCE.search(s)]
    if _REMOTE_SENTENCE.search(location):
        sentences.append(location)
    regions: list[str] = []
    for sentence in sentences:
        for name, rx in _REGION_RES:
            if name not in regions and rx.search(sentence):
                regions.append(name)
    return regions
