"""The job's terms in the fit score: its pay against the person's floor, visa sponsorship, and the
language the posting is written in against the languages the résumé shows.

A floor the person set is hard (a job paying less is sunk); without one, the pay the résumé's
prose asks for (:func:`~jobscraper.matching.signals.stated_pay_floor`) is a soft floor that only
lowers the part. Pay in another currency is not converted: unknown, left out of the score.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobscraper.matching.fit_parts import Part, Person, Reason, sunk_part
from jobscraper.matching.wants import LANGUAGE_NAMES, job_language
from jobscraper.posting import annualise

__all__ = ["SOFT_BELOW_FLOOR", "language_part", "salary_part", "visa_part"]

SOFT_BELOW_FLOOR = 0.2
"""The salary part of a job paying less than the floor the résumé's prose states (not sunk)."""


def salary_part(job: Mapping[str, Any], person: Person) -> Part:
    """The job's top annual pay against the person's annualised floor, in the same currency only
    (another currency is not converted: unknown). Without a floor the person set, the one the
    résumé states ("salary expectation from EUR 85,000") counts softly: below it lowers the part
    and never sinks the job."""
    prefs = person.preferences
    floor = annualise(prefs.min_salary, prefs.salary_period or "yearly")
    wanted = prefs.currency
    soft = floor is None and person.resume_pay_floor is not None
    if soft and person.resume_pay_floor is not None:
        floor, wanted = person.resume_pay_floor
    top = job.get("salary_annual_max") or job.get("salary_annual_min")
    if floor is None or top is None:
        return Part(None)
    currency = (job.get("currency") or "").upper()
    if currency != wanted:
        text = f"pays in {currency or 'an unstated currency'}, your floor is in {wanted}: not compared"
        return Part(None, [Reason(kind="salary", ok=None, text=text)])
    whose = "your résumé's floor" if soft else "floor"
    if top >= floor:
        text = f"up to {top:,.0f} {currency}/yr, {whose} {floor:,.0f}"
        return Part(1.0, [Reason(kind="salary", ok=True, text=text)])
    if soft:
        text = f"at most {top:,.0f} {currency}/yr, below the {floor:,.0f} your résumé asks for"
        return Part(SOFT_BELOW_FLOOR, [Reason(kind="salary", ok=False, text=text)])
    return sunk_part(f"at most {top:,.0f} {currency}/yr, below your floor of {floor:,.0f}", "salary")


def visa_part(job: Mapping[str, Any], person: Person) -> Part:
    """Visa sponsorship when the person needs it (set, or suggested by the résumé)."""
    needs = person.preferences.needs_visa_sponsorship
    soft = needs is None and any(s.value is True for s in person.suggested("needs_visa_sponsorship"))
    if not (needs or soft):
        return Part(None)
    offered = job.get("visa_sponsorship") or (job.get("extracted") or {}).get("visa_sponsorship")
    if offered == "yes":
        return Part(1.0, [Reason(kind="visa", ok=True, text="sponsors visas")])
    if offered == "no":
        if needs:
            return sunk_part("does not sponsor visas; you need sponsorship", "visa")
        return Part(
            0.2, [Reason(kind="visa", ok=False, text="does not sponsor visas; your résumé says you need it")]
        )
    return Part(None)


def language_part(job: Mapping[str, Any], person: Person) -> Part:
    """The language the posting is written in against the languages the résumé shows a working
    command of (:mod:`jobscraper.matching.wants`); unknown when either cannot be told. A résumé
    signal: a posting in another language lowers the part and never sinks the job."""
    lang = job_language(job)
    if lang is None or not person.languages:
        return Part(None)
    name = LANGUAGE_NAMES[lang]
    if lang in person.languages:
        return Part(1.0, [Reason(kind="language", ok=True, text=f"written in {name}, which you work in")])
    text = f"written in {name}; your résumé shows no working {name}"
    return Part(0.0, [Reason(kind="language", ok=False, text=text)])
