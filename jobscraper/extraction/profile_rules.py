"""Seniority, years of experience, employment type and education, without a model.

All of them read what the posting states in English, German, French, Spanish or Dutch:

- seniority from the title first (intern … executive), else from the years required
  (0–1 junior, 2–4 mid, 5+ senior), else ``unknown``;
- the years required: the largest *required* minimum ("5+ years", "at least 5 years",
  "mindestens 3 Jahre", "3-5 years" → 3); figures under a nice-to-have heading or on a "preferred"
  line count only when nothing else is stated; company history ("10 years in the market") and ages
  ("18 years or older") are not experience;
- employment type from the title, an explicit "Employment type:" line, then the body's cues;
- education: the lowest degree named as a requirement, as a short English label.
"""

from __future__ import annotations

import re

from jobscraper.extraction.schema import EmploymentType, Seniority

__all__ = [
    "find_education",
    "find_employment_type",
    "find_min_years",
    "find_seniority",
    "seniority_from_years",
]

_I = re.IGNORECASE


def _literals(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


_TITLE_TABLE: tuple[tuple[Seniority, tuple[str, ...]], ...] = (  # checked in this order
    (Seniority.EXECUTIVE, (
        r"\bhead\s+of\b", r"\bdirector\b", r"\bdirect(?:eur|rice|ora?)\b", r"\bvp\b", r"\bvice[- ]president",
        r"\bchief\b", r"\bc[teoifp]o\b", r"\bgeschäftsführ", r"\bbereichsleit", r"\babteilungsleit",
        r"\bjefe\s+de\b",
    )),
    (Seniority.PRINCIPAL, (r"\bprincipal\b", r"\bdistinguished\b", r"\bfellow\b")),
    (Seniority.LEAD, (
        r"\bleads?\b", r"\bstaff\b", r"\bteam\s*lea?d", r"\bteamleit", r"\bengineering\s+manager",
        r"\bmanager,?\s+(?:engineering|software|development)", r"\bdevelopment\s+manager",
        r"\bteam\s+manager", r"\bleiter(?:in)?\b", r"\bresponsable\s+(?:technique|d['’]équipe)",
    )),
    (Seniority.SENIOR, (
        r"\bsenior\b", r"\bsr\b", r"\bsnr\b", r"\bsénior\b", r"\bexperienced\b", r"\bconfirmée?\b",
    )),
    (Seniority.INTERN, (
        r"\bintern(?:ship)?\b", r"\bwerkstudent", r"\bworking\s+student", r"\btrainee\b", r"\bpraktikant",
        r"\bpraktikum\b", r"\bstagiaire\b", r"\bstage\b", r"\balternan(?:ce|t)\b", r"\bbecari[oa]",
        r"\bprácticas\b", r"\bapprentice", r"\bazubi\b", r"\bauszubildende", r"\bausbildung\b",
    )),
    (Seniority.JUNIOR, (
        r"\bjunior\b", r"\bjr\b", r"\bgraduate\b", r"\bgrad\b", r"\bentry[- ]level\b", r"\bberufseinsteiger",
        r"\beinsteiger", r"\bdébutant", r"\b(?:engineer|developer|analyst)\s+I\b(?!I)",
    )),
    (Seniority.MID, (
        r"\bmid[- ]?level\b", r"\bmid[- ]senior\b", r"\bmid\b", r"\bintermediate\b", r"\bmedior\b",
        r"\bregular\b", r"\b(?:engineer|developer|analyst)\s+II\b(?!I)",
    )),
)  # fmt: skip
_TITLE_LEVELS = tuple((level, re.compile("|".join(alternatives), _I)) for level, alternatives in _TITLE_TABLE)
_SEMI_SENIOR = re.compile(r"\bsemi[- ]?s[eé]nior\b|\bssr\b", _I)  # Latin America's mid level


def find_seniority(title: str, min_years: int | None) -> Seniority:
    """The level the title names; else the one the required years suggest; else ``unknown``."""
    title = _SEMI_SENIOR.sub("mid-level", title)
    for level, rx in _TITLE_LEVELS:
        if rx.search(title):
            return level
    return seniority_from_years(min_years)


def seniority_from_years(years: int | None) -> Seniority:
    if years is None:
        return Seniority.UNKNOWN
    if years <= 1:
        return Seniority.JUNIOR
    return Seniority.MID if years <= 4 else Seniority.SENIOR


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eins": 1, "ein": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "zehn": 10, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "sept": 7, "huit": 8, "dix": 10, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "diez": 10, "een": 1, "twee": 2, "drie": 3, "vijf": 5, "zes": 6,
}  # fmt: skip
_N = rf"(?P<n>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})"
_RANGE = r"(?:\s*(?:-|–|—|to|bis|à|a|tot)\s*\d{1,2})?\s*\+?\s*"
_YEARS = tuple(
    re.compile(pattern, _I)
    for pattern in (
        # English: "5+ years of (professional …) experience", "3-5 years experience", "5+ years in/with …"
        rf"\b{_N}{_RANGE}(?:years?|yrs?)['’]?\s*(?:of\s+)?(?:[\w/&.+#,-]+\s+){{0,6}}?(?:experience|exp\b)",
        rf"\b{_N}\s*\+\s*(?:years?|yrs?)\b(?!\s+(?:old|of\s+age|ago|in\s+business|in\s+the\s+market))",
        r"\bexperience\s*(?:of|:)?\s*(?:at\s+least\s+"
        r"|minimum\s+(?:of\s+)?)?(?P<n>\d{1,2})(?:\s*[-–]\s*\d{1,2})?"
        r"\s*\+?\s*(?:years?|yrs?)",
        # "customer service: 1 year (Preferred)" (job-board questionnaires)
        rf":\s*{_N}\s*\+?\s*(?:years?|yrs?)\s*\((?:preferred|required)\)",
        # German
        rf"\b{_N}{_RANGE}jahre?n?\s*(?:[\w-]+\s+){{0,3}}?(?:berufs|praxis|führungs|projekt)?erfahrung",
        r"erfahrung\w*\s*(?:von\s+)?(?:mindestens\s+"
        r"|mind\.\s*)?\(?\s*(?P<n>\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s*\+?\s*jahre",
        # French
        rf"\b{_N}{_RANGE}ans?\s+(?:minimum\s+)?(?:d['’]\s*|de\s+)exp[ée]rience",
        rf"\b{_N}\s*\+?\s*ans\s+minimum\b",
        rf"\bexp[ée]rience\s+(?:de|d['’]au\s+moins)\s+{_N}\s*ans",
        # Spanish / Portuguese
        rf"\b{_N}{_RANGE}(?:años?\s+(?:de\s+)?experiencia|anos?\s+de\s+experiência)",
        rf"\bexperiencia\s+(?:mínima\s+)?(?:de\s+)?(?:al\s+menos\s+)?{_N}\s*\+?\s*años?",
        # Dutch
        rf"\b{_N}{_RANGE}jaar\s+(?:[\w-]+\s+){{0,2}}?(?:werk)?ervaring",
    )
)
_NO_EXPERIENCE = re.compile(
    r"\bno\s+(?:prior\s+|previous\s+)?(?:commercial\s+|professional\s+|work\s+)?experience\s+(?:is\s+)?"
    r"(?:required|necessary|needed)|\bfreshers?\s+(?:are\s+)?welcome|keine\s+(?:berufs)?erfahrung\s+"
    r"(?:erforderlich|notwendig|nötig)|\bsans\s+expérience\b|\bsin\s+experiencia\b",
    _I,
)
_PREFERRED = re.compile(
    r"prefer|nice[- ]to[- ]have|\bbonus\b|\bplus\b|ideally|desirable|von\s+vorteil|wünschenswert|idéalement|"
    r"souhaité|un\s+plus|deseable|valorable|pluspunt",
    _I,
)
_HEADING = re.compile(r"^\s*#+\s|^\s*(?:\*\*)?[^\n]{0,60}?(?::\s*|\*\*\s*:?\s*)$")


_YEAR_TRIGGERS = re.compile(
    "year|yr|jahr|ans|año|ano|jaar|experien|expérien|experiê|erfahrung|ervaring|fresher"
)


def find_min_years(text: str) -> int | None:
    """The minimum years of experience the posting requires, or None when it names none."""
    required: list[int] = []
    preferred: list[int] = []
    in_preferred_section = False
    for line in text.splitlines():
        if _HEADING.match(line) and len(line.strip()) <= 60:
            in_preferred_section = bool(_PREFERRED.search(line))
        if not _YEAR_TRIGGERS.search(line.lower()):
            continue
        values = [_years_value(m.group("n")) for rx in _YEARS for m in rx.finditer(line)]
        found = [n for n in values if n is not None and n <= 40]
        if not found and _NO_EXPERIENCE.search(line):
            found = [0]
        (preferred if in_preferred_section or _PREFERRED.search(line) else required).extend(found)
    chosen = required or preferred
    return max(chosen) if chosen else None


def _years_value(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw.lower())


_E = EmploymentType
_EMPLOYMENT_TABLE: tuple[tuple[EmploymentType, float, tuple[str, ...]], ...] = (
    (_E.INTERNSHIP, 2, (
        r"\binternship\b", r"\b(?:pflicht)?praktikum\b", r"\bstage\s+(?:de\s+)?\d", r"\bstagiaire\b",
        r"\b(?:en|contrat\s+d['’]|poste\s+en)\s*alternance\b", r"\bcontrat\s+d['’]apprentissage",
        r"\bapprenticeship\b", r"\bconvenio\s+de\s+prácticas", r"\bprácticas\s+de\b", r"\bbeca\b",
    )),
    (_E.CONTRACT, 2, (
        r"\bfreelance\w*", r"\bfreiberuflich", r"\bcontractor\b(?!s)", r"\bcontract[- ]to[- ]hire",
        r"\bcontract\s+(?:role|position|basis|job|assignment|engagement|opportunity|work)\b",
        r"\b\d+[- ]?(?:month|week)s?\s+(?:\w+\s+)?contract\b", r"\bon\s+a\s+contract\b",
        r"\bB2B\s+(?:contract|agreement|cooperation)", r"\b(?:on|via|as)\s+B2B\b", r"\baut[óo]nomo\b",
        r"\b(?:outside|inside)\s+IR35", r"\bhonorarbasis\b", r"\bmission\s+de\s+\d",
    )),
    (_E.TEMPORARY, 2, (
        r"\btemporary\b", r"\btemp\b", r"\bfixed[- ]term\b", r"\bbefristet\w*", r"\bCDD\b",
        r"\bcontrato\s+temporal\b", r"\belternzeitvertretung\b", r"\bseasonal\b", r"\baushilfe\b",
        r"\bmaternity\s+cover\b",
    )),
    (_E.PART_TIME, 2, (
        r"\bpart[- ]?time\b", r"\bteilzeit\b", r"\btemps\s+partiel\b", r"\bmedia\s+jornada\b",
        r"\bjornada\s+parcial\b", r"\bminijob\b", r"\bdeeltijd\b", r"\btiempo\s+parcial\b",
    )),
    (_E.FULL_TIME, 2, (
        r"\bfull[- ]?time\b", r"\bvollzeit\b", r"\bvoll-(?=\s*(?:oder|und|bzw\.?|/)\s*teilzeit)",
        r"\b(?:arbeits)?pensum\s*:?\s*100\s?%", r"(?<![-–\d]\s)(?<![-–\d])\b100\s?%\s*pensum",
        r"\btaux\s+d['’]activité\s*:?\s*100\s?%", r"\btemps\s+plein\b", r"\bjornada\s+completa\b",
        r"\btiempo\s+completo\b", r"\btempo\s+(?:integral|pieno)\b", r"\bvoltijd\b",
        r"\bCDI\b", r"\bcontrat\w*\s+(?:a\s+término\s+)?indefinido\b", r"\bdurée\s+indéterminée",
    )),
    (_E.FULL_TIME, 1, (r"\bpermanent\b", r"\bunbefristet\b", r"\bfestanstellung\b")),
)  # fmt: skip
_EMPLOYMENT_CUES = tuple(
    (kind, weight, re.compile("|".join(alternatives), _I)) for kind, weight, alternatives in _EMPLOYMENT_TABLE
)
_EMPLOYMENT_TITLE = (
    (EmploymentType.INTERNSHIP, re.compile(r"\bintern(?:ship)?\b|\bpraktik|\bstage\b|\balternance|\bbecari|"
                                           r"\bprácticas|\bapprentice", _I)),
    (EmploymentType.CONTRACT, re.compile(r"\bcontract(?:or)?\b|\bfreelance\w*|\(B2B\)|\bIR35\b", _I)),
    (EmploymentType.TEMPORARY, re.compile(r"\btemporary\b|\btemp\b|\bbefristet|\bfixed[- ]term", _I)),
    (EmploymentType.PART_TIME, re.compile(r"\bpart[- ]?time\b|\bteilzeit\b|\bwerkstudent|\bworking\s+student|"
                                          r"\bminijob\b|\btemps\s+partiel", _I)),
    (EmploymentType.FULL_TIME, re.compile(r"\bfull[- ]?time\b|\bvollzeit\b", _I)),
)  # fmt: skip
_TYPE_VALUES = (  # what an explicit "Employment type:" line says
    (EmploymentType.INTERNSHIP, re.compile(r"\bintern|\bpraktikum|\bstage\b|\balternance|\bprácticas", _I)),
    (
        EmploymentType.CONTRACT,
        re.compile(
            r"\bcontract(?:or)?\b(?<!employment contract)|\bfreelance|\bB2B\b|"
            r"\bcontrato\s+por\s+obra|\bindependent",
            _I,
        ),
    ),
    (EmploymentType.TEMPORARY, re.compile(r"\btemporary\b|\btemp\b|\bfixed[- ]term|\bbefristet|\bCDD\b", _I)),
    (EmploymentType.PART_TIME, re.compile(r"\bpart[- ]?time\b|\bteilzeit|\btemps\s+partiel", _I)),
    (
        EmploymentType.FULL_TIME,
        re.compile(
            r"\bfull[- ]?time\b|\bvollzeit|\bpermanent\b|\bCDI\b|\bindefinido|"
            r"\bemployment\s+contract|\bUoP\b|\btemps\s+plein",
            _I,
        ),
    ),
)
_TYPE_LINE = re.compile(r"(?:employment|job|contract|position|work)\s*type\s*[:\-]\s*([^\n]{1,40})", _I)
_WEEKLY_HOURS = re.compile(
    r"\b(?P<h>\d{1,2}(?:[.,]\d)?)(?:\s*[-–]\s*(?P<h2>\d{1,2}))?\s*(?:hours|hrs|stunden|std\.?|heures|horas"
    r"|uur)"
    r"\s*(?:per|a|/|pro|par|por|in\s+der|la|each)?\s*(?:week|woche|wk|semaine|semana)",
    _I,
)


def _lines_with(text: str, triggers: re.Pattern[str]) -> str:
    """Only the lines that contain one of ``triggers`` (lower-case literals): cheap to test, and it
    spares the costly patterns most of a posting."""
    return "\n".join(line for line in text.splitlines() if triggers.search(line.lower()))


_EMPLOYMENT_TRIGGERS = _literals(
    "time", "zeit", "contract", "freelanc", "freiberuf", "intern", "praktik", "stage", "temp", "befrist",
        "cdi", "cdd",
    "permanent", "jornada", "tiempo", "b2b", "ir35", "hour", "hrs", "stunden", "std", "heures", "horas",
        "uur",
    "pensum", "activité", "alternance", "apprenti", "práctica", "beca", "autónomo", "indefinido",
        "indéterminée",
    "fixed", "seasonal", "aushilfe", "minijob", "deeltijd", "voltijd", "festanstellung", "honorar", "mission",
    "type", "maternity", "elternzeit", "temps", "tempo", "stagiaire", "voll-", "contrat", "contrato",
)  # fmt: skip


def find_employment_type(text: str, title: str = "") -> EmploymentType:
    """Full-time, part-time, contract, internship or temporary, as the posting states it."""
    for kind, rx in _EMPLOYMENT_TITLE:
        if rx.search(title):
            return kind
    text = _lines_with(text, _EMPLOYMENT_TRIGGERS)
    for line in _TYPE_LINE.finditer(text):
        kinds = {kind for kind, rx in _TYPE_VALUES if rx.search(line.group(1))}
        if len(kinds) == 1:
            return kinds.pop()
        if kinds:
            return EmploymentType.UNKNOWN  # "Job Types: Full-time, Part-time": either
    scores: dict[EmploymentType, float] = {}
    for kind, weight, rx in _EMPLOYMENT_CUES:
        hits = len(rx.findall(text))
        if hits:
            scores[kind] = scores.get(kind, 0) + weight * hits
    for match in _WEEKLY_HOURS.finditer(text):
        hours = float((match.group("h2") or match.group("h")).replace(",", "."))
        kind = EmploymentType.PART_TIME if hours <= 30 else EmploymentType.FULL_TIME
        scores[kind] = scores.get(kind, 0) + 1
    if not scores:
        return EmploymentType.UNKNOWN
    full, part = scores.get(EmploymentType.FULL_TIME, 0), scores.get(EmploymentType.PART_TIME, 0)
    if len(scores) == 2 and full >= 2 and part >= 2:
        return EmploymentType.UNKNOWN  # "Vollzeit oder Teilzeit": both offered
    return max(scores, key=lambda kind: (scores[kind], -_EMPLOYMENT_PRIORITY.index(kind)))


# on a tie the rarer, more specific arrangement is the one the posting is about
_EMPLOYMENT_PRIORITY = (
    EmploymentType.INTERNSHIP,
    EmploymentType.CONTRACT,
    EmploymentType.TEMPORARY,
    EmploymentType.PART_TIME,
    EmploymentType.FULL_TIME,
)


_EDUCATION = (  # case-sensitive: abbreviations are only abbreviations in capitals
    ("High school diploma", r"(?i:\bhigh\s+school\s+diploma|\babitur\b|\bbaccalauréat\b|\bbachillerato\b)"
                            r"|\bGED\b"),
    ("Vocational training", r"(?i:\b(?:abgeschlossene|kaufmännische|technische)\s+(?:\w+\s+)?ausbildung|"
                            r"\bausbildung\s+(?:als|zum|zur)\b|\bciclo\s+formativo)|\bMBO\b|\bmbo\b"),
    ("Bachelor's degree", r"(?i:\bbachelor\w*|\bbac\s*\+\s*[34]\b|\bgrado\s+(?:en|universitario)|"
                          r"\blicence\s+(?:en|professionnelle|pro)\b|\bhbo\b)|\bB\.?Sc\b|\bBS\s*(?:/|or\b"
                          r"|in\b|degree)|"
                          r"\bB\.S\.|\bB\.E\.|\bB\.?Tech\b|\bBCA\b|\bFH\b"),
    ("Master's degree", r"(?<![Ss]crum )(?:\b[Mm]aster['’]s\b|\bMaster(?:\s+(?:degree|of|in)\b|abschluss"
                        r"|studium)|"
                        r"\bmaster\s+(?:degree|in)\b)|\bM\.?Sc\b|\bMS\s*(?:/|or\b|in\b|degree)|\bM\.S\."
                        r"|\bMCA\b|"
                        r"(?i:\bbac\s*\+\s*5\b|\bmáster\b|\bdiplôme\s+d['’]ingénieur|\bmaestría\b"
                        r"|\bmaster\s+\(m)"),
    ("PhD", r"\bPh\.?\s?D\b|\bPHD\b|\bphd\b|(?i:\bdoctorate\b|\bdoctorat\b|\bdoctorado\b|\bpromoviert|"
            r"\babgeschlossene\s+promotion)"),
    ("Degree", r"(?i:\b(?:university|college|academic|relevant|technical|engineering|undergraduate"
               r"|four-year)\s+degree|"
               r"\bdegree\s+in\b|\bdegree\s+(?:required|preferred|or\s+equivalent)|\ba\s+degree\b|"
               r"\b(?:abgeschlossenes|technisches|naturwissenschaftliches)\s+studium|\bhochschulabschluss|"
               r"\bstudium\s+der\b|\bdiplôme\b|\btítulo\s+(?:universitario|de)\b|\btitulaci[óo]n\b)"),
)  # fmt: skip
_EDUCATION_RES = tuple((label, re.compile(pattern)) for label, pattern in _EDUCATION)
_EQUIVALENT = re.compile(r"\bor\s+equivalent\s+(?:practical\s+|work\s+|professional\s+)?experience", _I)


_EDUCATION_TRIGGERS = _literals(
    "bachelor", "master", "máster", "degree", "phd", "ph.d", "ph. d", "doctor", "studium", "ausbildung",
        "diplom",
    "título", "titulaci", "bac", "grado", "licence", "hbo", "mbo", "high school", "ged", "abitur", "b.s",
        "m.s",
    "bsc", "msc", "b.sc", "m.sc", "bs ", "ms ", "bs/", "ms/", "b.e.", "b.tech", "btech", "bca", "mca", "fh",
    "promo", "maestr", "ciclo", "bachiller",
)  # fmt: skip


def find_education(text: str) -> str | None:
    """The lowest degree the posting names (``Bachelor's degree``, ``PhD`` …), or None."""
    text = _lines_with(text, _EDUCATION_TRIGGERS)
    found = [label for label, rx in _EDUCATION_RES if text and rx.search(text)]
    if not found:
        return None
    specific = [label for label in found if label != "Degree"]
    label = specific[0] if specific else "Degree"
    return f"{label} or equivalent experience" if _EQUIVALENT.search(text) else label
