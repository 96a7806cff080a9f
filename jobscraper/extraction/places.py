"""Which currency a posting's location implies, for the rules engine's salary reading.

Used only to disambiguate what the text leaves open: ``$`` in Toronto is CAD, ``kr`` in Oslo is
NOK, and a bare "Salary: 45,000 – 55,000" in Madrid is EUR. A location naming several countries
("US or Canada") implies nothing.
"""

from __future__ import annotations

import re

__all__ = ["currency_of_location"]

_US_STATES = (
    r"AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|"
    r"NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)
_CANADIAN_PROVINCES = r"ON|BC|AB|QC|NS|MB|SK|NB|NL|PE"
_AUSTRALIAN_STATES = r"NSW|VIC|QLD|ACT|TAS"

# ISO code: place names (any case)
_PLACES: dict[str, str] = {
    "USD": r"united states|\busa\b|u\.s\.|new york|san francisco|seattle|boston|chicago|los angeles|austin|"
    r"denver|atlanta|miami|washington",
    "CAD": r"canada|toronto|vancouver|montr[ée]al|calgary|ottawa|edmonton|waterloo|qu[ée]bec",
    "AUD": r"australia|sydney|melbourne|brisbane|perth|adelaide|canberra",
    "NZD": r"new zealand|auckland|wellington|christchurch",
    "SGD": r"singapore",
    "HKD": r"hong kong",
    "MXN": r"m[ée]xico|guadalajara|monterrey",
    "ARS": r"argentina|buenos aires|c[óo]rdoba, ar",
    "CLP": r"\bchile\b|santiago",
    "COP": r"colombia|bogot[áa]|medell[íi]n",
    "BRL": r"brazil|brasil|s[ãa]o paulo|rio de janeiro",
    "GBP": r"united kingdom|\buk\b|england|scotland|wales|northern ireland|london|manchester|edinburgh|"
    r"glasgow|bristol|leeds|birmingham|cambridge, uk|oxford|brighton|belfast",
    "CHF": r"switzerland|schweiz|suisse|svizzera|z[üu]rich|gen[eè]v[ae]|basel|\bbern\b|lausanne|zug\b|luzern",
    "SEK": r"sweden|sverige|stockholm|g[öo]teborg|gothenburg|malm[öo]|uppsala",
    "NOK": r"norway|norge|oslo|bergen|trondheim|stavanger",
    "DKK": r"denmark|danmark|copenhagen|k[øo]benhavn|aarhus|odense",
    "PLN": r"poland|polska|warsaw|warszawa|krak[óo]w|wroc[łl]aw|gda[ńn]sk|pozna[ńn]|[łl][óo]d[źz]",
    "CZK": r"czech|prague|praha|brno",
    "HUF": r"hungary|budapest",
    "RON": r"romania|bucharest|bucure[șs]ti|cluj",
    "INR": r"india|bengaluru|bangalore|hyderabad|mumbai|pune|chennai|delhi|noida|gurgaon|gurugram|kolkata",
    "JPY": r"japan|tokyo|osaka|kyoto|fukuoka",
    "CNY": r"china|beijing|shanghai|shenzhen|guangzhou|hangzhou",
    "KRW": r"korea|seoul",
    "ZAR": r"south africa|johannesburg|cape town",
    "AED": r"united arab emirates|\buae\b|dubai|abu dhabi",
    "ILS": r"israel|tel aviv",
    "EUR": r"germany|deutschland|berlin|m[üu]nchen|munich|hamburg|frankfurt|k[öo]ln|cologne|stuttgart|"
    r"d[üu]sseldorf|leipzig|dresden|hannover|bremen|n[üu]rnberg|konstanz|france|paris|lyon|marseille|"
    r"toulouse|bordeaux|nantes|lille|rennes|spain|espa[ñn]a|madrid|barcelona|valencia|sevilla|bilbao|"
    r"málaga|italy|italia|milan|milano|rome|roma|turin|netherlands|nederland|amsterdam|rotterdam|utrecht|"
    r"eindhoven|the hague|belgium|belgique|brussels|bruxelles|antwerp|austria|[öo]sterreich|wien|vienna|"
    r"graz|linz|ireland|dublin|cork|portugal|lisbon|lisboa|porto|finland|helsinki|greece|athens|"
    r"lithuania|vilnius|latvia|riga|estonia|tallinn|slovakia|bratislava|slovenia|ljubljana|luxembourg|"
    r"croatia|zagreb",
}
_PLACE_RES = {code: re.compile(pattern, re.IGNORECASE) for code, pattern in _PLACES.items()}
_CODES_AS_WRITTEN = (
    ("USD", re.compile(rf",\s*(?:{_US_STATES})\b(?:\s+\d{{5}})?|\bUS\b")),
    ("CAD", re.compile(rf"[,\s](?:{_CANADIAN_PROVINCES})\b")),
    ("AUD", re.compile(rf"[,\s](?:{_AUSTRALIAN_STATES})\b")),
)


def currency_of_location(location: str, among: tuple[str, ...] | None = None) -> str | None:
    """The one currency ``location`` implies (optionally only one of ``among``), else None."""
    if not location.strip():
        return None
    found = {code for code, rx in _PLACE_RES.items() if rx.search(location)}
    found |= {code for code, rx in _CODES_AS_WRITTEN if rx.search(location)}
    if among is not None:
        found &= set(among)
    return found.pop() if len(found) == 1 else None
