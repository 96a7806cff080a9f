"""Deterministic, realistic job postings for the benchmarks (no network, seeded ``random``).

:func:`make_postings` returns dicts that :class:`jobscraper.posting.Posting` accepts, shaped like
JobSpy rows: site, job_url (per-site URL patterns), title, company, location, a markdown
description of 80–150 words drawn from a vocabulary of ~2,000 words (English job-ad prose plus
tech and business terms such as python, kubernetes, c++, react, c#, excel), a skills list,
salary min/max/interval/currency, is_remote, date_posted, job_type.

About half the postings are tech roles, half are not (sales, finance, healthcare, …), so a term
like "python" occurs in roughly a fifth of the descriptions, as on a general job board. A share
(``dup_rate``) of the postings are the same job seen on another board: identical content,
another site and URL, so the sync engine merges them into one job with several sources.
Company|title|city triples are otherwise unique, so no two distinct openings merge by accident
and the final tables do not depend on the order in which batches arrive.

:data:`SEARCH_TERMS` and :func:`make_queries` give the search words and filters a user would try.
The word lists (prose vocabulary, tech and business terms) are in ``bench/_data_words.py``.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

from _data_words import _FUNCTION_WORDS, BUSINESS_TERMS, TECH_TERMS, vocabulary

__all__ = [
    "CITIES",
    "REFERENCE_DATE",
    "SEARCH_TERMS",
    "SITES",
    "STATUSES",
    "make_postings",
    "make_queries",
    "vocabulary",
]

# Fixed "today" of the data set, so dates (and date filters) are the same on every run.
REFERENCE_DATE = date(2026, 6, 1)

SITES = ("linkedin", "indeed", "glassdoor", "zip_recruiter", "google")
STATUSES = ("new", "interested", "applied", "interviewing", "offer", "rejected")

SEARCH_TERMS = (
    "python", "java", "javascript", "typescript", "kubernetes", "docker", "react", "c++", "c#",
    "rust", "go", "aws", "azure", "terraform", "postgresql", "kafka", "spark", "django",
    "fastapi", "pytorch", "llm", "graphql", "golang", "node", "sql", "airflow", "snowflake",
    "engineer", "developer", "manager", "senior", "data", "analyst", "scientist", "designer",
    "nurse", "sales", "accountant", "marketing", "product", "platform", "backend", "frontend",
    "machine", "learning", "security", "cloud", "devops", "excel", "salesforce", "remote",
    "startup", "fintech", "healthcare", "mobile", "embedded", "distributed", "customer",
)  # fmt: skip

_NON_WORD = re.compile(r"[^\w]+")
_SENIORITY = ("", "Junior ", "Senior ", "Staff ", "Principal ", "Lead ", "Head of ", "Associate ")
_TECH_ROLES = (
    "Software Engineer", "Backend Engineer", "Frontend Engineer", "Full Stack Developer",
    "Data Engineer", "Data Scientist", "Machine Learning Engineer", "DevOps Engineer",
    "Site Reliability Engineer", "Platform Engineer", "Cloud Architect", "Security Engineer",
    "Mobile Developer", "iOS Developer", "Android Developer", "Embedded Software Engineer",
    "QA Engineer", "Test Automation Engineer", "Data Analyst", "Analytics Engineer",
    "Solutions Architect", "Engineering Manager", "Product Manager", "Technical Program Manager",
    "Database Administrator", "Systems Administrator", "Network Engineer", "Game Developer",
    "Research Scientist", "AI Engineer", "Python Developer", "Java Developer", "Go Developer",
    "C++ Developer", "Rust Engineer", "React Developer", "Kubernetes Engineer", "UX Designer",
)  # fmt: skip
_OTHER_ROLES = (
    "Account Executive", "Sales Manager", "Sales Development Representative",
    "Customer Success Manager", "Marketing Manager", "Content Writer", "SEO Specialist",
    "Financial Analyst", "Accountant", "Controller", "Tax Advisor", "Auditor", "HR Business Partner",
    "Recruiter", "Office Manager", "Executive Assistant", "Operations Manager",
    "Supply Chain Analyst", "Warehouse Associate", "Forklift Operator", "Truck Driver",
    "Registered Nurse", "Medical Assistant", "Pharmacist", "Physical Therapist", "Dental Hygienist",
    "Store Manager", "Retail Associate", "Barista", "Chef", "Electrician", "HVAC Technician",
    "Project Manager", "Business Analyst", "Graphic Designer", "Paralegal", "Teacher",
    "Customer Service Representative", "Procurement Specialist", "Compliance Officer",
)  # fmt: skip
_SPECIALTIES = (
    "", "", "", "", " - Payments", " - Platform", " - Growth", " - Infrastructure", " - EMEA",
    " - Night Shift", " II", " III", " (Contract)", " (m/w/d)", " - Remote", " - Data",
)  # fmt: skip

CITIES = (
    ("New York", "NY", "USA"), ("San Francisco", "CA", "USA"), ("Austin", "TX", "USA"),
    ("Seattle", "WA", "USA"), ("Boston", "MA", "USA"), ("Chicago", "IL", "USA"),
    ("Denver", "CO", "USA"), ("Atlanta", "GA", "USA"), ("Los Angeles", "CA", "USA"),
    ("Miami", "FL", "USA"), ("Portland", "OR", "USA"), ("Raleigh", "NC", "USA"),
    ("Dallas", "TX", "USA"), ("Phoenix", "AZ", "USA"), ("Salt Lake City", "UT", "USA"),
    ("Toronto", "ON", "Canada"), ("Vancouver", "BC", "Canada"), ("Montreal", "QC", "Canada"),
    ("London", "England", "UK"), ("Manchester", "England", "UK"), ("Edinburgh", "Scotland", "UK"),
    ("Dublin", "Leinster", "Ireland"), ("Berlin", "Berlin", "Germany"),
    ("Munich", "Bavaria", "Germany"), ("Hamburg", "Hamburg", "Germany"),
    ("Frankfurt", "Hesse", "Germany"), ("Cologne", "NRW", "Germany"), ("Zurich", "ZH", "Switzerland"),
    ("Vienna", "Vienna", "Austria"), ("Amsterdam", "North Holland", "Netherlands"),
    ("Paris", "Ile-de-France", "France"), ("Lyon", "Auvergne-Rhone-Alpes", "France"),
    ("Madrid", "Madrid", "Spain"), ("Barcelona", "Catalonia", "Spain"), ("Lisbon", "Lisbon", "Portugal"),
    ("Milan", "Lombardy", "Italy"), ("Stockholm", "Stockholm", "Sweden"),
    ("Copenhagen", "Capital Region", "Denmark"), ("Oslo", "Oslo", "Norway"),
    ("Helsinki", "Uusimaa", "Finland"), ("Warsaw", "Masovia", "Poland"),
    ("Prague", "Prague", "Czechia"), ("Tallinn", "Harju", "Estonia"), ("Bangalore", "KA", "India"),
    ("Singapore", "Singapore", "Singapore"), ("Sydney", "NSW", "Australia"),
    ("Melbourne", "VIC", "Australia"), ("Tokyo", "Tokyo", "Japan"), ("Sao Paulo", "SP", "Brazil"),
    ("Mexico City", "CDMX", "Mexico"),
)  # fmt: skip
_COUNTRY_CURRENCY = {"USA": "USD", "Canada": "CAD", "UK": "GBP", "Switzerland": "CHF", "India": "INR"}
_EURO = {
    "Ireland", "Germany", "Austria", "Netherlands", "France", "Spain", "Portugal", "Italy",
    "Finland", "Estonia",
}  # fmt: skip
_LEGAL = ("Inc.", "LLC", "Ltd", "GmbH", "AG", "SE", "Corp.", "", "", "", "", "Labs", "Technologies")
_SYLLABLES = (
    "ac", "al", "an", "ar", "ba", "be", "bi", "bo", "ca", "ce", "co", "da", "de", "di", "do", "el",
    "en", "er", "fa", "fi", "ga", "ge", "go", "ha", "he", "in", "io", "ka", "ke", "ki", "la", "le",
    "li", "lo", "lu", "ma", "me", "mi", "mo", "na", "ne", "ni", "no", "nu", "or", "pa", "pe", "po",
    "ra", "re", "ri", "ro", "ru", "sa", "se", "si", "so", "ta", "te", "ti", "to", "tu", "va", "ve",
    "vi", "vo", "xa", "ya", "za", "zo", "quant", "flux", "byte", "data", "cloud", "nova", "tera",
)  # fmt: skip
_JOB_TYPES = ("fulltime", "fulltime", "fulltime", "parttime", "contract", "internship")
_URL_PATTERNS = {
    "linkedin": "https://www.linkedin.com/jobs/view/{n}?trk=public_jobs_topcard&refId={r}",
    "indeed": "https://www.indeed.com/viewjob?jk={h}&from=serp&vjs=3",
    "glassdoor": "https://www.glassdoor.com/job-listing/j?jl={n}&utm_source=jobspy",
    "zip_recruiter": "https://www.ziprecruiter.com/jobs/{h}?utm_campaign=feed",
    "google": "https://careers.{c}.example/jobs/{n}",
}


class _Zipf:
    """Draws from ``items`` with weight 1/(rank + offset): a few very common, a long tail."""

    def __init__(self, items: list[str] | tuple[str, ...], offset: float) -> None:
        self.items = list(items)
        self.weights = [1.0 / (rank + offset) for rank in range(len(self.items))]
        total = 0.0
        self.cum: list[float] = []
        for w in self.weights:
            total += w
            self.cum.append(total)

    def pick(self, rng: random.Random, k: int = 1) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


def _company_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        base = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if base.lower() in seen:
            continue
        seen.add(base.lower())
        suffix = rng.choice(_LEGAL)
        names.append(f"{base} {suffix}".strip())
    return names


def _sentence(rng: random.Random, prose: _Zipf, terms: _Zipf, term_rate: float, length: int) -> list[str]:
    words = prose.pick(rng, length)
    for i in range(length):
        if rng.random() < term_rate:
            words[i] = terms.pick(rng)[0]
    words[0] = words[0].capitalize()
    return words


_SECTIONS = ("### About the role", "### What you will do", "### Requirements", "### Benefits")


def _description(
    rng: random.Random,
    company: str,
    title: str,
    skills: list[str],
    prose: _Zipf,
    terms: _Zipf,
    term_rate: float,
) -> str:
    """Markdown: a heading, a line about the company, four sections; 80–150 words in all."""
    parts = [f"## {title}", "", f"**{company}** is hiring."]
    left = rng.randint(80, 150) - sum(len(p.split()) for p in parts)
    left -= sum(len(h.split()) for h in _SECTIONS)
    for n, heading in enumerate(_SECTIONS):
        parts += ["", heading]
        share = left // (len(_SECTIONS) - n)
        left -= share
        while share > 0:
            words = _sentence(rng, prose, terms, term_rate, min(share, rng.randint(6, 14)))
            if heading == "### Requirements" and skills and len(words) > 2 and rng.random() < 0.6:
                words[-2:] = ["with", f"**{rng.choice(skills)}**"]
            share -= len(words)
            line = " ".join(words) + "."
            parts.append(line if n == 0 else f"- {line}")
    return "\n".join(parts)


def make_postings(n: int, seed: int = 0, dup_rate: float = 0.1) -> list[dict[str, Any]]:
    """``n`` posting dicts; about ``dup_rate`` of them re-post an earlier job on another board."""
    rng = random.Random(seed)
    words = vocabulary()
    head, tail = words[: len(_FUNCTION_WORDS)], words[len(_FUNCTION_WORDS) :]
    rng.shuffle(tail)  # function words are the most frequent, the rest in random rank order
    prose = _Zipf(head + tail, offset=15)
    tech = _Zipf(TECH_TERMS, offset=5)
    business = _Zipf(BUSINESS_TERMS, offset=5)
    company_pick = _Zipf(_company_names(rng, max(200, n // 25)), offset=100)
    n_base = max(1, round(n * (1 - dup_rate)))
    used: set[tuple[str, str, str]] = set()
    out: list[dict[str, Any]] = []
    serial = 10_000_000
    for _ in range(n_base):
        is_tech = rng.random() < 0.5
        while True:  # draw until company|title|city is new (normalised at least as coarsely as sync)
            company = company_pick.pick(rng)[0]
            role = rng.choice(_TECH_ROLES if is_tech else _OTHER_ROLES)
            title = f"{rng.choice(_SENIORITY)}{role}{rng.choice(_SPECIALTIES)}"
            remote = rng.random() < 0.22
            city, region, country = rng.choice(CITIES)
            if remote and rng.random() < 0.5:
                location = f"Remote, {country}"
            else:
                location = rng.choice((f"{city}, {region}, {country}", f"{city}, {region}", city))
            norm_title = " ".join(_NON_WORD.sub(" ", title.lower().replace("(m/w/d)", " ")).split())
            key = (company.split()[0].lower(), norm_title, "remote" if "Remote" in location else city)
            if key not in used:
                used.add(key)
                break
        skill_pool = tech if is_tech else business
        skills = list(dict.fromkeys(skill_pool.pick(rng, rng.randint(3, 8))))
        description = _description(rng, company, title, skills, prose, skill_pool, 0.05 if is_tech else 0.03)
        currency = _COUNTRY_CURRENCY.get(country, "EUR" if country in _EURO else "USD")
        posting: dict[str, Any] = {
            "title": title,
            "company": company,
            "location": location,
            "description": description,
            "skills": skills,
            "is_remote": remote,
            "job_type": rng.choice(_JOB_TYPES),
            "date_posted": (REFERENCE_DATE - timedelta(days=int(rng.expovariate(1 / 20)) % 120)).isoformat(),
            "min_amount": None,
            "max_amount": None,
            "interval": None,
            "currency": None,
        }
        roll = rng.random()
        if roll < 0.55:
            low = rng.randrange(35_000, 180_000, 1_000)
            posting.update(
                interval="yearly",
                min_amount=float(low),
                max_amount=float(low + rng.randrange(5_000, 60_000, 1_000)),
            )
        elif roll < 0.7:
            low = round(rng.uniform(15, 90), 2)
            posting.update(interval="hourly", min_amount=low, max_amount=round(low + rng.uniform(2, 30), 2))
        elif roll < 0.78:
            low = rng.randrange(2_500, 12_000, 100)
            posting.update(
                interval="monthly",
                min_amount=float(low),
                max_amount=float(low + rng.randrange(200, 3_000, 100)),
            )
        if posting["interval"] is not None:
            posting["currency"] = currency
        serial += rng.randint(1, 50)
        out.append(_with_source(posting, rng.choice(SITES), serial, company, rng))
    for _ in range(n - n_base):
        original = rng.choice(out[:n_base])
        serial += rng.randint(1, 50)
        site = rng.choice([s for s in SITES if s != original["site"]])
        copy = {k: v for k, v in original.items() if k not in ("site", "job_url", "id")}
        out.append(_with_source(copy, site, serial, original["company"], rng))
    rng.shuffle(out)
    return out


def _with_source(
    posting: dict[str, Any], site: str, serial: int, company: str, rng: random.Random
) -> dict[str, Any]:
    h = f"{serial * 2654435761 % 2**48:012x}"
    slug = company.split(maxsplit=1)[0].lower()
    url = _URL_PATTERNS[site].format(n=serial, h=h, r=rng.randrange(10**6), c=slug)
    return {"id": f"{site[:2]}-{serial}", "site": site, "job_url": url, **posting}


def make_queries(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` search requests as :class:`jobscraper.store.JobQuery` keyword arguments.

    One or two search words plus, each with some probability, the filters a user sets: remote,
    minimum salary, location, posted since, source site, status; sort by relevance, posted date or
    salary; page 1 of 25.
    """
    rng = random.Random(seed + 7919)
    terms = _Zipf(SEARCH_TERMS, offset=8)
    queries: list[dict[str, Any]] = []
    for _ in range(n):
        words = list(dict.fromkeys(terms.pick(rng, 1 if rng.random() < 0.6 else 2)))
        q: dict[str, Any] = {"q": " ".join(words), "page": 1, "per_page": 25}
        if rng.random() < 0.3:
            q["remote"] = rng.random() < 0.6
        if rng.random() < 0.3:
            q["min_salary"] = float(rng.randrange(40_000, 160_000, 10_000))
        if rng.random() < 0.25:
            q["location"] = rng.choice(CITIES)[rng.choice((0, 0, 2))]
        if rng.random() < 0.3:
            q["posted_since"] = REFERENCE_DATE - timedelta(days=rng.choice((1, 3, 7, 14, 30, 60)))
        if rng.random() < 0.2:
            q["source"] = rng.choice(SITES)
        if rng.random() < 0.15:
            q["status"] = rng.choice(STATUSES)
        q["sort"] = rng.choices(("relevance", "posted", "salary"), weights=(5, 3, 2))[0]
        queries.append(q)
    return queries
