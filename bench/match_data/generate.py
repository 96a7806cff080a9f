"""Write the matching evaluation set: ``jobs.jsonl`` and ``qrels.tsv`` (the résumés are hand-written).

Run ``uv run --frozen python bench/match_data/generate.py`` (seeded: the same files every time).
Each job comes from a category (``pools_*.py``) at a level and a place; its text states the level (title and
years asked), the place (``location`` and a sentence on where and how, remote scope included),
the language, and pay where given. Each résumé's judgement (``JUDGES`` below) reads those same
facts, so every grade can be checked by reading the résumé and the posting:

- the category's base grade for the résumé: 2 its own field, 1 an adjacent one, else 0;
- seniority: a level in the résumé's target levels keeps the grade, one step away costs 1, more
  costs everything;
- place: on-site/hybrid outside the résumé's city, or remote outside its scope → 0 (the résumé
  says it will not relocate);
- language: a German-language posting → 0 for a résumé without working German;
- pay: a stated maximum (annualised, same currency) below the résumé's stated floor costs 1.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from places import PLACES, Place
from pools_de import COLLISION_TASKS_DE, GERMAN
from pools_extra import EXTRA
from pools_fourth import FOURTH
from pools_fresh import FRESH
from pools_people import COLLISIONS, PEOPLE
from pools_tech import TECH
from spec import Cat

from jobscraper.posting import Posting
from jobscraper.store.identity import dedup_key

__all__ = ["JUDGES", "Judge", "Row", "draw", "grade", "main"]

HERE = Path(__file__).parent
SEED = 15
EXTRA_SEED = 1507  # the appended postings' own draw: the first 414 do not move
FRESH_SEED = 1515  # the third held-out batch's postings: appended after the 426, none moved
FOURTH_SEED = 1520  # the fourth held-out batch's postings: appended after the 456, none moved
CATS: list[Cat] = [*TECH, *PEOPLE, *COLLISIONS, *GERMAN]
LEVEL_MULT = (0.4, 0.7, 1.0, 1.3, 1.55, 1.85)
REGION_MULT = {"USD": 1.0, "CAD": 0.85, "GBP": 0.55, "EUR": 0.6, "INR": 15.0}
PER_YEAR = {"yearly": 1, "monthly": 12, "weekly": 52, "hourly": 2080}
LINKEDIN_LEVEL = (
    "internship",
    "entry level",
    "associate",
    "mid-senior level",
    "mid-senior level",
    "director",
)


@dataclass(frozen=True)
class Judge:
    """What one résumé says it wants: fields, levels, places, language, pay floor."""

    rel: dict[str, int]
    levels: frozenset[int]
    cities: frozenset[str]
    remote: frozenset[str]
    german: bool = False
    floor: tuple[str, float] | None = None
    titles: dict[str, int] | None = None  # a base grade per title, where a category mixes fields


def _j(rel: dict[str, int], levels: set[int], cities: set[str], remote: set[str], **kw: object) -> Judge:
    return Judge(rel, frozenset(levels), frozenset(cities), frozenset(remote), **kw)  # type: ignore[arg-type]


JUDGES: dict[str, Judge] = {
    "r01_junior_frontend": _j(
        # web_frontend came with the fourth batch: the same field
        {"frontend": 2, "fullstack_js": 1, "web_frontend": 2},
        {1},
        {"manchester"},
        {"uk", "anywhere"},
    ),
    "r02_senior_python_backend": _j(
        {"python_backend": 2, "backend_other": 1, "data_engineer": 1, "ml_engineer": 1},
        {3, 4},
        {"amsterdam"},
        {"eu", "anywhere"},
        floor=("EUR", 85_000),
    ),
    "r03_data_scientist": _j({"data_science": 2, "ml_engineer": 1}, {2, 3}, {"toronto"}, {"ca", "anywhere"}),
    "r04_devops_sre": _j(
        {"devops_sre": 2, "sysadmin": 1}, {3, 4}, {"austin"}, {"us", "anywhere"}, floor=("USD", 170_000)
    ),
    "r05_icu_nurse": _j({"icu_nurse": 2, "other_nurse": 1}, {2, 3}, {"chicago", "evanston"}, set()),
    "r06_tech_recruiter": _j(
        # ops_recruiter and education_recruiter came with the fourth batch: recruiting in other fields
        {"tech_recruiter": 2, "other_recruiter": 1, "ops_recruiter": 1, "education_recruiter": 1},
        {2, 3},
        {"london"},
        {"uk", "anywhere"},
    ),
    "r07_sales_engineer": _j(
        {"sales_engineer": 2, "devrel": 1, "account_exec": 1}, {2, 3}, {"new_york"}, {"us", "anywhere"}
    ),
    "r08_backend_berlin_de": _j(
        {
            "java_backend": 2,
            "java_backend_de": 2,
            "backend_other": 1,
            "python_backend": 1,
            "python_backend_de": 1,
        },
        {2, 3},
        {"berlin"},
        {"de", "eu", "anywhere"},
        german=True,
        floor=("EUR", 70_000),
    ),
    "r09_product_designer": _j(
        {"product_design": 2, "ux_research": 1}, {2, 3}, {"lisbon"}, {"eu", "anywhere"}
    ),
    "r10_embedded_c": _j(
        {"embedded": 2, "embedded_de": 2, "hardware": 1, "rust_systems": 1},
        {3, 4},
        {"munich"},
        {"de", "eu", "anywhere"},
        german=True,
    ),
    # the held-out résumés (``h*``): written and judged after the ten above, before any ranker was
    # run on them, and never tuned on (bench/match.py reports them apart)
    "h01_junior_designer_es": _j(
        {"product_design": 2, "graphic_design": 1, "ux_research": 1}, {1, 2}, {"lisbon"}, {"eu", "anywhere"}
    ),
    "h02_data_engineer_fr": _j(
        {"data_engineer": 2, "ml_engineer": 1, "python_backend": 1},
        {2, 3},
        {"amsterdam"},
        {"eu", "anywhere"},
    ),
    "h03_analyst_to_ml": _j({"data_science": 2, "ml_engineer": 2}, {1, 2}, {"toronto"}, {"ca", "anywhere"}),
    "h04_it_support_austin": _j(
        {"sysadmin": 2, "support_engineer": 2, "devops_sre": 1}, {1, 2}, {"austin"}, {"us", "anywhere"}
    ),
    # a second held-out batch, written after the score's changes and measured once
    "h05_er_nurse": _j(
        {"other_nurse": 1, "icu_nurse": 1},
        {2, 3},
        {"chicago", "evanston"},
        set(),
        titles={"Registered Nurse – Emergency Department": 2, "Charge Nurse – Emergency Department": 2},
    ),
    "h06_junior_java_berlin": _j(
        {"java_backend": 2, "backend_other": 1, "python_backend": 1},
        {1, 2},
        {"berlin"},
        {"de", "eu", "anywhere"},
    ),
    "h07_hr_generalist_london": _j(
        {"hr_generalist": 2, "people_ops": 2}, {2, 3}, {"london"}, {"uk", "anywhere"}
    ),
    # the third held-out batch (``f*``): written and judged before any ranker was run on it, with
    # the postings of pools_fresh.py; the score was then changed on the earlier résumés only and
    # this batch measured afterwards (bench/match.py reports it apart)
    "f01_python_entwickler_berlin_de": _j(
        {"python_backend": 2, "python_backend_de": 2, "backend_other": 1, "data_engineer": 1},
        {2, 3},
        {"berlin"},
        {"de", "eu", "anywhere"},
        german=True,
    ),
    "f02_account_exec_nyc": _j(
        # supply_sales and edtech_sales came with the fourth batch: the same closing role, other buyers
        {"account_exec": 2, "sales_engineer": 1, "supply_sales": 1, "edtech_sales": 1},
        {2, 3},
        {"new_york"},
        {"us", "anywhere"},
    ),
    "f03_go_backend_amsterdam": _j(
        {"backend_other": 1, "python_backend": 1, "rust_systems": 1},
        {3, 4},
        {"amsterdam"},
        {"eu", "anywhere"},
        titles={
            "Backend Engineer (Go)": 2,
            "Senior Backend Engineer (Go)": 2,
            "Staff Software Engineer, Backend (Go)": 2,
        },
    ),
    "f04_senior_designer_amsterdam": _j(
        {"product_design": 2, "ux_research": 1}, {3, 4}, {"amsterdam"}, {"eu", "anywhere"}
    ),
    "f05_junior_ios_lisbon": _j(
        {"ios": 2, "mobile": 1},
        {1, 2},
        {"lisbon"},
        {"eu", "anywhere"},
        titles={"iOS Engineer (Swift)": 2},
    ),
    "f06_senior_accountant_chicago": _j(
        {"accounting": 2},
        {2, 3},
        {"chicago", "evanston"},
        {"us", "anywhere"},
        floor=("USD", 75_000),
    ),
    # the fourth held-out batch (``g*``): written and judged, with the postings of pools_fourth.py,
    # and committed before the fixes to the title part and to negated wishes; measured after them
    "g01_bedarfsplanerin_hamburg_de": _j(
        {"supply_chain": 2, "supply_chain_de": 2},
        {2, 3},
        {"hamburg"},
        {"de", "eu", "anywhere"},
        german=True,
    ),
    "g02_saas_ae_supply_chicago": _j(
        {"supply_sales": 2, "account_exec": 1, "edtech_sales": 1},
        {2, 3},
        {"chicago", "evanston"},
        {"us", "anywhere"},
    ),
    "g03_ops_recruiter_chicago": _j(
        {"ops_recruiter": 2, "other_recruiter": 1, "tech_recruiter": 1, "education_recruiter": 1},
        {2, 3},
        {"chicago", "evanston"},
        {"us", "anywhere"},
    ),
    "g04_senior_frontend_london": _j(
        {"frontend": 2, "web_frontend": 2, "fullstack_js": 1}, {3, 4}, {"london"}, {"uk", "anywhere"}
    ),
    "g05_primary_teacher_london": _j({"teaching": 2}, {2, 3}, {"london"}, set()),
    "g06_junior_supply_analyst_amsterdam": _j({"supply_chain": 2}, {1, 2}, {"amsterdam"}, {"eu", "anywhere"}),
}


def grade(
    judge: Judge,
    cat: str,
    lang: str,
    level: int,
    place: Place,
    pay_max_year: float | None,
    currency: str,
    title: str = "",
) -> int:
    """The grade (0, 1, 2) of one posting for one résumé; see the module docstring."""
    base = judge.rel.get(cat, 0) if judge.titles is None else judge.titles.get(title, judge.rel.get(cat, 0))
    if base == 0:
        return 0
    distance = min(abs(level - fit) for fit in judge.levels)
    g = base - min(distance, 2)
    if place.city is not None and place.city not in judge.cities:
        return 0
    if place.remote is not None and place.remote not in judge.remote:
        return 0
    if lang == "de" and not judge.german:
        return 0
    if (
        judge.floor
        and pay_max_year is not None
        and currency == judge.floor[0]
        and pay_max_year < judge.floor[1]
    ):
        g -= 1
    return max(g, 0)


def _weighted(spec: str) -> list[str]:
    out: list[str] = []
    for item in spec.split():
        key, _, weight = item.partition(":")
        if key not in PLACES:
            raise SystemExit(f"unknown place {key!r}")
        out += [key] * int(weight or 1)
    return out


_YEARS_EN = (
    "You are currently studying towards a relevant degree; this is a six-month internship.",
    "Up to two years of professional experience in {f} (graduates welcome).",
    "At least three years of professional experience in {f}.",
    "Five or more years of professional experience in {f}.",
    "Eight or more years of experience in {f}, including technical or team leadership.",
    "Ten or more years of experience in {f}, including leading a team or a whole function.",
)
_YEARS_DE = (
    "Du bist eingeschriebene/r Student/in; Werkstudententätigkeit mit 20 Stunden pro Woche.",
    "Erste Berufserfahrung (bis zu zwei Jahre) im Bereich {f}; Berufseinsteiger willkommen.",
    "Mindestens drei Jahre Berufserfahrung im Bereich {f}.",
    "Mindestens fünf Jahre Berufserfahrung im Bereich {f}.",
    "Mindestens acht Jahre Berufserfahrung im Bereich {f}, davon einige mit Führungsverantwortung.",
    "Mindestens zehn Jahre Berufserfahrung im Bereich {f} und Erfahrung in der Leitung von Teams.",
)
_PERKS_EN = (
    "We offer 28 days of paid holiday, a yearly learning budget and a company pension plan.",
    "Benefits include private health insurance, flexible hours and a cycle-to-work scheme.",
    "You get a modern laptop, a home-office allowance and two team off-sites a year.",
    "Comprehensive medical, dental and vision coverage, paid parental leave and a 401(k) match"
    " where applicable.",
    "We are an equal-opportunity employer and welcome applications from everyone.",
)
_PERKS_DE = (
    "Wir bieten 30 Tage Urlaub, ein Weiterbildungsbudget und eine betriebliche Altersvorsorge.",
    "Dich erwarten flexible Arbeitszeiten, ein Deutschlandticket-Zuschuss und ein Jobrad.",
    "Wir freuen uns über Bewerbungen von allen Menschen, unabhängig von Herkunft, Geschlecht oder Alter.",
)
_PER_EN = {"yearly": "year", "monthly": "month", "weekly": "week", "hourly": "hour"}
_PER_DE = {"yearly": "Jahr", "monthly": "Monat", "weekly": "Woche", "hourly": "Stunde"}


def _posting(cat: Cat, rng: random.Random) -> tuple[dict[str, object], int, Place, float | None]:
    weights = {int(k): int(w) for k, _, w in (i.partition(":") for i in cat.level_weights.split())}
    level = rng.choice([lv for lv in sorted(cat.titles) for _ in range(weights.get(lv, 1))])
    title = rng.choice(cat.titles[level])
    place = PLACES[rng.choice(_weighted(cat.places))]
    de = cat.lang == "de"
    company = rng.choice(cat.companies)
    tasks = COLLISION_TASKS_DE.get(title, cat.tasks)
    chosen = [tasks[0], *rng.sample(tasks[1:], k=min(len(tasks) - 1, rng.randint(2, 4)))]
    reqs = cat.reqs if cat.name != "python_backend" or rng.random() < 0.5 else cat.reqs[1:]
    req_list = [reqs[0], *rng.sample(reqs[1:], k=min(len(reqs) - 1, rng.randint(2, 3)))]
    if cat.years_line:
        years = (_YEARS_DE if de else _YEARS_EN)[level].format(f=cat.field_de if de else cat.field_en)
        req_list.insert(0, years)
    if cat.extras and rng.random() < 0.6:
        nice = ", ".join(rng.sample(cat.extras, k=min(2, len(cat.extras))))
        req_list.append(f"Von Vorteil: {nice}." if de else f"Nice to have: {nice}.")
    hybrid = place.city is not None and not cat.onsite_only and rng.random() < 0.6
    mode = (
        ("hybrid, drei Tage pro Woche im Büro" if hybrid else "vor Ort, fünf Tage pro Woche")
        if de
        else ("hybrid, three days a week in the office" if hybrid else "on-site, five days a week")
    )
    where = (place.de_line if de else place.en_line).format(mode=mode, mode_de=mode)
    currency = place.currency
    pay_min = pay_max = None
    pay_max_year: float | None = None
    if cat.pay and rng.random() < 0.65:
        center = cat.pay * LEVEL_MULT[level] * REGION_MULT[currency] * rng.uniform(0.9, 1.1)
        per = PER_YEAR[cat.interval]
        step = 1 if per > 52 else 1000
        pay_min = round(center * 0.88 / per / step) * step
        pay_max = round(center * 1.12 / per / step) * step
        pay_max_year = pay_max * per
        unit = (_PER_DE if de else _PER_EN)[cat.interval]
        where += (
            f" Gehalt: {pay_min:,} – {pay_max:,} {currency} pro {unit}."
            if de
            else f" Pay: {currency} {pay_min:,}–{pay_max:,} per {unit}."
        )
    head = (
        ("### Deine Aufgaben", "### Dein Profil", "### Rahmenbedingungen")
        if de
        else (
            "### What you will do",
            "### What we are looking for",
            "### Where and how",
        )
    )
    description = "\n".join(
        [
            f"**{company}** — {rng.choice(cat.intro)}",
            "",
            head[0],
            *[f"- {t}" for t in chosen],
            "",
            head[1],
            *[f"- {r}" for r in req_list],
            "",
            head[2],
            where,
            " ".join(rng.sample(_PERKS_DE if de else _PERKS_EN, k=2)),
        ]
    )
    location = place.location + (" (Hybrid)" if hybrid else "")
    job: dict[str, object] = {
        "title": title,
        "company": company,
        "location": location,
        "description": description,
        "is_remote": place.remote is not None,
        "job_type": "internship" if level == 0 else cat.job_type,
        "job_level": LINKEDIN_LEVEL[level] if rng.random() < 0.6 else None,
        "site": rng.choice(("linkedin", "indeed", "glassdoor", "google")),
    }
    if pay_min is not None:
        job |= {"min_amount": pay_min, "max_amount": pay_max, "currency": currency, "interval": cat.interval}
    if cat.skills and rng.random() < 0.7:
        job["skills"] = rng.sample(cat.skills, k=min(len(cat.skills), rng.randint(3, 6)))
    return job, level, place, pay_max_year


Row = tuple[dict[str, object], Cat, int, Place, float | None]
"""One drawn posting: its fields, its category, level, place and yearly pay maximum."""


def draw() -> list[Row]:
    """Every posting of the set, in its final order (seeded: the same list every time)."""
    rng = random.Random(SEED)
    rows: list[Row] = []
    seen: set[str] = set()
    _draw_cats(CATS, rng, rows, seen)
    rng.shuffle(rows)
    extra: list[Row] = []
    extra_rng = random.Random(EXTRA_SEED)
    _draw_cats(EXTRA, extra_rng, extra, seen)
    extra_rng.shuffle(extra)
    fresh: list[Row] = []
    fresh_rng = random.Random(FRESH_SEED)
    _draw_cats(FRESH, fresh_rng, fresh, seen)
    fresh_rng.shuffle(fresh)
    fourth: list[Row] = []
    fourth_rng = random.Random(FOURTH_SEED)
    _draw_cats(FOURTH, fourth_rng, fourth, seen)
    fourth_rng.shuffle(fourth)
    return rows + extra + fresh + fourth


def _draw_cats(cats: list[Cat], rng: random.Random, rows: list[Row], seen: set[str]) -> None:
    for cat in cats:
        for _ in range(cat.count):
            # the store merges postings with one company|title|city (its cross-source duplicate
            # key) into one job: draw again until this one is a job of its own
            for _attempt in range(200):
                job, level, place, pay = _posting(cat, rng)
                key = dedup_key(Posting.model_validate({"job_url": "https://jobs.example/x", **job}))
                if key not in seen:
                    break
            else:
                raise SystemExit(f"{cat.name}: cannot draw {cat.count} distinct postings")
            seen.add(key)
            rows.append((job, cat, level, place, pay))


def main() -> int:
    """Write jobs.jsonl and qrels.tsv next to this file; print the counts per résumé."""
    rows = draw()
    qrels: list[str] = []
    per_resume: dict[str, list[int]] = {r: [0, 0] for r in JUDGES}
    with (HERE / "jobs.jsonl.tmp").open("w", encoding="utf-8") as out:
        for n, (fields, cat, level, place, pay) in enumerate(rows, start=1):
            job = {"job_url": f"https://jobs.example/eval/{n:03d}", **fields}
            out.write(json.dumps(job, ensure_ascii=False) + "\n")
            for rid, judge in JUDGES.items():
                currency = str(job.get("currency", place.currency))
                g = grade(judge, cat.name, cat.lang, level, place, pay, currency, str(job["title"]))
                if g:
                    qrels.append(f"{rid}\t{job['job_url']}\t{g}")
                    per_resume[rid][g - 1] += 1
    (HERE / "jobs.jsonl.tmp").replace(HERE / "jobs.jsonl")
    tmp = HERE / "qrels.tsv.tmp"
    tmp.write_text("resume_id\tjob_url\tgrade\n" + "\n".join(qrels) + "\n", encoding="utf-8")
    tmp.replace(HERE / "qrels.tsv")
    words = [len(str(r[0]["description"]).split()) for r in rows]
    print(
        f"{len(rows)} jobs ({sum(c.lang == 'de' for c in CATS + FOURTH for _ in range(c.count))} German; "
        f"{sum(c.count for c in EXTRA + FRESH + FOURTH)} appended), "
        f"description words {min(words)}–{max(words)}"
    )
    for rid, (ones, twos) in per_resume.items():
        print(f"  {rid:28} grade 2: {twos:3}  grade 1: {ones:3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
