"""Pay from posting text, without a model: amounts, ranges, currency and pay period.

Reads the formats postings use in English, German, French, Spanish and Dutch: ``$120,000 - $150,000
a year``, ``120k–150k USD``, ``€60.000–€75.000 brutto/Jahr``, ``CHF 110'000``, ``₹12,00,000 p.a.``,
``12 LPA``, ``$50/hr``, ``up to $180k``, ``from 70 000 EUR``, ``USD 90K+``, ``entre 60 et 70 k€``.

Every amount in the text is a candidate; a candidate counts as pay only with a currency or a pay
word close by (salary, Gehalt, salaire, sueldo, rate, CTC …), and is dropped when its context says
it is something else: years, hours or days (``5+ years``), a percentage, a benefit budget or
bonus (``$1,000 learning budget``, ``sign-on bonus of $10,000``), funding (``raised $25M``), a
calendar year. The best-scored candidate wins, the earliest on a tie. Amounts are reported as
stated (never converted); a single figure is both ``min`` and ``max``, ``up to X`` is only a max,
``from X`` / ``X+`` only a min. The period is read next to the amount; when none is stated it is
inferred from the size of the figure.

``$`` is USD unless another dollar is named near the amount or the location is in a dollar country
other than the US; ``kr`` is SEK/NOK/DKK only when named or located; ``¥`` is JPY unless China.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobscraper.extraction.places import currency_of_location
from jobscraper.extraction.schema import PayPeriod, Salary

__all__ = ["find_salary"]

_CODES = (
    "USD", "EUR", "GBP", "CHF", "INR", "CAD", "AUD", "NZD", "SGD", "HKD", "SEK", "NOK", "DKK", "ISK", "PLN",
    "CZK", "HUF", "RON", "BGN", "JPY", "CNY", "RMB", "KRW", "MXN", "COP", "BRL", "ARS", "CLP", "PEN", "ZAR",
    "AED", "SAR", "ILS", "TRY", "UAH", "NGN", "KES", "PHP", "IDR", "MYR", "THB", "VND", "TWD",
)  # fmt: skip
_SYMBOLS = {
    "US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD", "S$": "SGD",
    "HK$": "HKD", "R$": "BRL", "MX$": "MXN", "$": "$", "€": "EUR", "£": "GBP", "¥": "¥", "₹": "INR",
    "₩": "KRW", "₪": "ILS", "₺": "TRY", "zł": "PLN", "Rs.": "INR", "Rs": "INR", "kr.": "kr", "kr": "kr",
}  # fmt: skip
_WORDS = {
    "euro": "EUR", "euros": "EUR", "dollar": "$", "dollars": "$", "pound": "GBP", "pounds": "GBP",
    "francs": "CHF", "franken": "CHF", "rupees": "INR", "zloty": "PLN", "złotych": "PLN", "yen": "JPY",
}  # fmt: skip
# units per US dollar, roughly: only used to judge whether an amount is plausible pay
_PER_USD = {
    "INR": 85, "JPY": 150, "KRW": 1350, "SEK": 10, "NOK": 10, "DKK": 7, "ISK": 130, "PLN": 4,
    "CZK": 23, "HUF": 360, "RON": 4.6, "BGN": 1.8, "CNY": 7, "MXN": 18, "COP": 4000, "BRL": 5,
    "ARS": 900, "CLP": 900, "PEN": 3.7, "ZAR": 18, "AED": 3.7, "SAR": 3.7, "ILS": 3.7, "TRY": 33,
    "UAH": 40, "NGN": 1500, "KES": 130, "PHP": 56, "IDR": 16000, "MYR": 4.5, "THB": 35, "VND": 25000,
    "TWD": 32, "HKD": 7.8,
}  # fmt: skip

_SYM_RE = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_CUR = rf"(?:{_SYM_RE}|(?:{'|'.join(_CODES)})(?![A-Za-z]))"
_CUR_AFTER = rf"(?:{_CUR}|(?i:{'|'.join(_WORDS)})(?![A-Za-z]))"
_NUM = (  # Indian grouping (12,00,000), thousands with one consistent separator, or plain; decimals
    r"(?:\d{1,2}(?:,\d\d)+,\d{3}|\d{1,3}(?:(?P<sep>[,.'’ ])\d{3})(?:(?P=sep)\d{3})*"
    r"|\d+)(?:[.,]\d{1,2})?(?!\d)"
)
_MULT = (  # thousands, lakh, crore, million, 万 (ten thousand)
    r"(?:\s?[kK](?![A-Za-z])|\s?(?:LPA|lpa|Lpa|lakhs?|lacs?|Lacs?|Lakhs?|L)\b|\s?(?:crores?|Cr)\b"
    r"|\s?(?:M|Mio\.?|mn|million|millions|Millionen)(?![A-Za-z])|万)"
)
_AMOUNT = re.compile(
    rf"(?<![\w.,'’$€£¥₹])(?:(?P<pre>{_CUR})\s?)?(?P<num>{_NUM})(?P<mult>{_MULT})?(?:\s?(?P<suf>{_CUR_AFTER}))?"
)
_MULTIPLIERS = {"k": 1e3, "l": 1e5, "lpa": 1e5, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5,
                "cr": 1e7, "crore": 1e7, "crores": 1e7, "m": 1e6, "mio": 1e6, "mio.": 1e6, "mn": 1e6,
                "million": 1e6, "millions": 1e6, "millionen": 1e6, "万": 1e4}  # fmt: skip

_I = re.IGNORECASE
_CONNECTOR = re.compile(
    r"\s*(?:(?:/|per\s+)\s*[a-zäöüéñ]+\.?\s*)?(?:-|–|—|~|to|bis|à|a|au|hasta|até|tot)\s*", _I
)
_AND = re.compile(r"\s*(?:and|und|et|y|e|en)\s*", _I)
_BETWEEN = re.compile(r"(?:between|zwischen|entre|tussen)\s*$", _I)
_UNIT_AFTER = re.compile(  # what follows a number that is not money
    r"\s*\+?\s*(?:%|percent|prozent|-(?:year|month|week|day|hour|person|bed|seat)s?\b|"
    r"(?:years?|yrs?|jahre?n?|ans|années|años?|anos?|jaar|months?|monate?n?|mois|meses|weeks?|wochen?|"
    r"days?|tage?n?|jours?|días?|dias?|hours?|hrs?|stunden?|std|heures?|horas?|uur|uhr|h|am|pm|x(?!\s*\d)|"
    r"employees|people|persons|personen|mitarbeit\w*|salariés|engineers|members|users|customers|clients|"
    r"kunden|stores|countries|cities|locations|wpm|monatsl[öo]hne|monatsgehälter|salaries|gehälter"
    r"|pagas)\b(?!\s*rates?\b))",
    _I,
)
_EXCLUDE = (
    r"bonus|budget|stipend|allowance|zuschuss|reimburs|raised|rais(?:e|ing)\b|funding|financement|"
    r"series\s+[a-e]\b|seed|valuation|revenue|\barr\b|turnover|umsatz|chiffre d'affaires|invest|grant|"
    r"prize|worth|referral|signing|sign-on|prime\b|prämie|pauschale|ticket|voucher|gutschein|credit|"
    r"deposit|fee\b|cost|price|preis|prix|precio|spend|loan|donat|insurance|coverage"
)
_EXCLUDE_BEFORE = re.compile(rf"(?:{_EXCLUDE})", _I)
_EXCLUDE_AFTER = re.compile(rf"\s*(?:[a-zäöüé/-]+\s+){{0,3}}?(?:{_EXCLUDE}|in\s+sales|users|customers)", _I)
_PAY_WORD = re.compile(
    r"\b(?:salary|salaries|pay|paid|payrate|wages?|compensation|comp|remuneration|earn\w*|base|ote|ctc|"
    r"package|rate|tjm|tarifa|salaire|rémunération|rémunéré\w*|gratification|salario|sueldo|retribución|"
    r"remuneración|renta|brutos?|bruto|brut|brutto|gross|salaris|wynagrodzenie|stundensatz|tagessatz|"
    r"salarial|salär|lpa)\b"
    r"|gehalt|vergütung|verguetung|entgelt|lohn|honorar",
    _I,
)
_MAX_ONLY = re.compile(
    r"(?:up\s*to|upto|max(?:imum)?\.?|bis\s+zu|bis|jusqu['’]?\s*à|hasta|até|tot\s+maximaal|not\s+to\s+exceed)"
    r"\s*:?\s*(?:of\s+)?(?:\S{1,4}\s?)?$",
    _I,
)
_MIN_ONLY = re.compile(
    r"(?:from|starting\s+(?:at|from)|at\s+least|minimum(?:\s+of)?|min\.?|ab|à\s+partir\s+de|a\s+partir\s+de|"
    r"desde|mindestens|vanaf|minimaal)\s*:?\s*(?:\S{1,4}\s?)?$"
    r"|mindest\w*|minimum\s+(?:salary|pay|wage)|salaire\s+minimum|salario\s+mínimo|\bmin\.\s*gehalt",
    _I,
)
_PER = r"(?<![a-z])(?:per|an|a|pro|im|par|al|por|por\s+el|each|de\s+l['’]|/)\s*"  # "per hour", "/h"
_PERIODS: tuple[tuple[PayPeriod, re.Pattern[str]], ...] = tuple(
    (period, re.compile(pattern, _I))
    for period, pattern in (
        (PayPeriod.HOUR, rf"{_PER}(?:hour|hr|h|stunde|std|heure|hora|uur)\b|hourly|stündlich|"
                         r"stundenlohn|stundensatz|horaire|p/h\b"),
        (PayPeriod.DAY, rf"{_PER}(?:day|tag|jour|día|dia|dag)\b|daily|day\s*rate|per\s+diem|tagessatz|"
                        r"\btjm\b|journalier"),
        (PayPeriod.WEEK, rf"{_PER}(?:week|wk|woche|semaine|semana)\b|weekly|wöchentlich|hebdomadaire|"
                         r"semanal"),
        (PayPeriod.MONTH, rf"{_PER}(?:month|mo|mth|monat|mois|mes|maand|mies\w*|mc)\b|monthly|monatlich|"
                          r"mtl\.|mensuel\w*|mensual\w*|maandelijks|miesięcznie|p\.\s?m\.|monatsgehalt|"
                          r"monatsl[öo]hn\w*"),
        (PayPeriod.YEAR, rf"{_PER}(?:year|yr|annum|anum|jahr|an|année|annee|año|ano|jaar|rok)\b|annual\w*|"
                         r"yearly|jährlich|jaehrlich|p\.\s?a\.|annuel\w*|anual\w*|\blpa\b|\bctc\b|"
                         r"jaarlijks|rocznie|jahres\w*"),
    )
)  # fmt: skip
_CALENDAR_YEAR = range(1900, 2101)
_DOLLARS = ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP")
_KRONOR = ("SEK", "NOK", "DKK", "ISK")
_CHINA = re.compile(r"china|beijing|shanghai|shenzhen|guangzhou|hangzhou|\bCNY\b|\bRMB\b", _I)


@dataclass
class _Amount:
    start: int
    end: int
    value: float
    currency: str | None
    factor: float  # the multiplier written after the number (k, M, lakh …), 1 when none
    indian: bool = False  # lakh / crore / LPA: Indian pay is quoted per year unless it says otherwise

    @property
    def mult(self) -> bool:
        return self.factor != 1


@dataclass
class _Candidate:
    low: _Amount
    high: _Amount
    score: float = 0.0


_MAX_AMOUNTS = 300  # a posting states its pay among the first few dozen numbers; a number dump is not pay


def find_salary(text: str, location: str | None = None) -> Salary | None:
    """The pay ``text`` states, or None when it states none."""
    text = _with_numbers(re.sub(r"[\u00a0\u202f\u2009\u2007]", " ", text))
    text = re.sub(r"\b40[13]\s*\(?[kb]\)?", "   ", text, flags=_I)  # US retirement plans, not pay
    amounts = [_amount(m) for m, _ in zip(_AMOUNT.finditer(text), range(_MAX_AMOUNTS), strict=False)]
    best: tuple[float, Salary] | None = None
    for candidate in _candidates(text, amounts):
        salary = _judge(text, candidate, location or "")
        if salary is not None and (best is None or candidate.score > best[0]):
            best = (candidate.score, salary)
    return best[1] if best else None


def _with_numbers(text: str) -> str:
    """Only the lines with a digit, each with the line before it (a "**Salary**" heading); the
    patterns are costly and most of a posting has no number at all."""
    lines = text.split("\n")
    keep: set[int] = set()
    for n, line in enumerate(lines):
        if _DIGIT.search(line):
            keep.update((n - 1, n) if n else (n,))
    return "\n".join(lines[n] for n in sorted(keep))


_DIGIT = re.compile(r"\d")


def _amount(match: re.Match[str]) -> _Amount:
    raw = match.group("num")
    value = _number(raw)
    mult = match.group("mult")
    factor = 1.0
    if mult:
        key = mult.strip().lower()
        factor = _MULTIPLIERS.get(key, _MULTIPLIERS.get(key[:1], 1.0))
    prefix, suffix = match.group("pre"), match.group("suf")
    code = suffix if suffix and (prefix is None or _SYMBOLS.get(prefix) in ("$", "kr", "¥")) else prefix
    currency = None
    if code:
        currency = _SYMBOLS.get(code) or _WORDS.get(code.lower()) or ("CNY" if code == "RMB" else code)
    if currency is None and mult and mult.strip().lower()[:1] in ("l", "c"):
        currency = "INR"  # lakh and crore are Indian units
    indian = factor in (1e5, 1e7)
    return _Amount(match.start(), match.end(), value * factor, currency, factor, indian)


def _number(raw: str) -> float:
    """``raw`` with thousands separators (, . ' ’ space, Indian grouping) and a decimal part."""
    raw = raw.replace(" ", "").replace("'", "").replace("’", "")
    decimals = re.search(r"[.,](\d{1,2})$", raw)
    if decimals and not re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw):
        whole = re.sub(r"[.,]", "", raw[: decimals.start()])
        return float(f"{whole}.{decimals.group(1)}")
    return float(re.sub(r"[.,]", "", raw))


def _candidates(text: str, amounts: list[_Amount]) -> list[_Candidate]:
    out: list[_Candidate] = []
    n = 0
    while n < len(amounts):
        low = amounts[n]
        if n + 1 < len(amounts):
            high = amounts[n + 1]
            between = text[low.end : high.start]
            before = text[max(0, low.start - 16) : low.start]
            if _CONNECTOR.fullmatch(between) or (_AND.fullmatch(between) and _BETWEEN.search(before)):
                low, high = _share(low, high)
                if low.value <= high.value:
                    out.append(_Candidate(low, high))
                    n += 2
                    continue
        out.append(_Candidate(low, low))
        n += 1
    return out


def _share(low: _Amount, high: _Amount) -> tuple[_Amount, _Amount]:
    """One currency and one multiplier for both ends of a range (``45-55K GBP``, ``$60-75k``)."""
    currency = _better_currency(low.currency, high.currency)
    factor = max(low.factor, high.factor)
    low_value = low.value * factor if low.factor == 1 and low.value * factor <= high.value else low.value
    high_value = high.value * factor if high.factor == 1 and high.value < low.value else high.value
    return (
        _Amount(low.start, low.end, low_value, currency, factor, low.indian or high.indian),
        _Amount(high.start, high.end, high_value, currency, factor, low.indian or high.indian),
    )


def _better_currency(a: str | None, b: str | None) -> str | None:
    if a is None or (a in ("$", "kr", "¥") and b not in (None, "$", "kr", "¥")):
        return b
    return a


@dataclass
class _Context:
    line_before: str  # the amount's line up to it (at most 80 characters)
    before: str  # the same with the line above it ("**Salary**" then "120k–150k USD")
    after: str  # the rest of the line after it (at most 60 characters)


def _context(text: str, low: _Amount, high: _Amount) -> _Context:
    line_start = text.rfind("\n", max(0, low.start - 100), low.start) + 1
    prev_line_start = text.rfind("\n", max(0, low.start - 200), max(0, line_start - 1)) + 1
    line_end = text.find("\n", high.end, high.end + 60)
    return _Context(
        line_before=text[max(line_start, low.start - 80) : low.start],
        before=text[max(prev_line_start, low.start - 100) : low.start],
        after=text[high.end : line_end if line_end >= 0 else high.end + 60],
    )


def _not_pay(text: str, low: _Amount, high: _Amount, context: _Context) -> bool:
    """The context says this number is something else: years, a share, a budget, a count."""
    return bool(
        _UNIT_AFTER.match(context.after)
        or (low is not high and _UNIT_AFTER.match(text[low.end : low.end + 12]))
        or (_excluded(context.line_before) and not low.indian)
        or _EXCLUDE_AFTER.match(context.after)
        or re.search(r"\d\s*[x×]\s*$", context.line_before)  # "9'500 x 13": a count of payments
    )


def _bare_number_is_pay(low: _Amount, high: _Amount, pay_word: bool, period: PayPeriod | None) -> bool:
    """A number with no currency is pay only next to a pay word, and only if it looks like pay."""
    if not pay_word or (low is high and not low.mult and period is None and low.value < 1000):
        return False
    return low.mult or (low.value not in _CALENDAR_YEAR and high.value not in _CALENDAR_YEAR)


def _judge(text: str, candidate: _Candidate, location: str) -> Salary | None:
    """The candidate as a Salary with its score set, or None when it is not pay."""
    low, high = candidate.low, candidate.high
    context = _context(text, low, high)
    if _not_pay(text, low, high, context):
        return None
    stated = _resolve(low.currency, context.before + context.after, location, implied=False)
    pay_word = bool(_PAY_WORD.search(context.before) or _PAY_WORD.search(context.after[:30]))
    stated_period = _period(context.after, context.line_before)
    if stated is None and not _bare_number_is_pay(low, high, pay_word, stated_period):
        return None
    currency = stated or _resolve(None, "", location, implied=True)
    period = stated_period or (PayPeriod.YEAR if low.indian else _infer_period(high.value, currency))
    if not _plausible(low.value, high.value, period, currency):
        return None
    minimum: float | None = low.value
    maximum: float | None = high.value
    if low is high:
        if _MAX_ONLY.search(context.line_before):
            minimum = None
        elif _MIN_ONLY.search(context.line_before) or context.after.startswith("+"):
            maximum = None
    candidate.score = (3 if pay_word else 0) + (2 if low.currency else 0) + (1 if low is not high else 0)
    candidate.score += (1 if stated_period else 0) - low.start / 1e7
    return Salary(min=_tidy(minimum), max=_tidy(maximum), currency=currency, period=period)


def _excluded(line_before: str) -> bool:
    """The nearest word before the amount says bonus/budget/funding rather than pay."""
    excluded = [m.end() for m in _EXCLUDE_BEFORE.finditer(line_before[-40:])]
    if not excluded:
        return False
    paid = [m.end() for m in _PAY_WORD.finditer(line_before[-40:])]
    return not paid or max(excluded) > max(paid)


def _resolve(code: str | None, context: str, location: str, *, implied: bool) -> str | None:
    """An ISO code for ``code``: ambiguous symbols by the codes named nearby, then by the location;
    no symbol at all by a code named nearby, then (when ``implied``) by the one currency the
    location implies."""
    if code == "¥":
        return "CNY" if _CHINA.search(context + " " + location) else "JPY"
    if code not in (None, "$", "kr"):
        return code
    among = _DOLLARS if code == "$" else _KRONOR if code == "kr" else _CODES
    named = re.search(rf"\b(?:{'|'.join(among)})\b", context)
    if named:
        return "CNY" if named.group() == "RMB" else named.group()
    if code is None and not implied:
        return None
    from_location = currency_of_location(location, among=None if code is None else among)
    return from_location or ("USD" if code == "$" else None)


def _period(after: str, before: str) -> PayPeriod | None:
    found = [(m.start(), period) for period, rx in _PERIODS if (m := rx.search(after[:45]))]
    if found:
        return min(found, key=lambda hit: hit[0])[1]
    found = [(m.end(), period) for period, rx in _PERIODS for m in rx.finditer(before[-60:])]
    return max(found, key=lambda hit: hit[0])[1] if found else None


def _infer_period(value: float, currency: str | None) -> PayPeriod:
    in_usd = value / _PER_USD.get(currency or "", 1)
    if in_usd < 200:
        return PayPeriod.HOUR
    return PayPeriod.MONTH if in_usd < 15_000 else PayPeriod.YEAR


_BOUNDS_USD = {
    PayPeriod.HOUR: (4, 2_000),
    PayPeriod.DAY: (30, 10_000),
    PayPeriod.WEEK: (100, 50_000),
    PayPeriod.MONTH: (150, 200_000),
    PayPeriod.YEAR: (2_000, 3_000_000),
}


def _plausible(low: float, high: float, period: PayPeriod, currency: str | None) -> bool:
    rate = _PER_USD.get(currency or "", 1)
    floor, ceiling = _BOUNDS_USD[period]
    return low > 0 and floor <= high / rate <= ceiling and low / rate >= floor / 4


def _tidy(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
