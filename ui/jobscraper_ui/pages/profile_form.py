"""The Profile page's form as plain values: a stored profile into the form's fields, the fields
into a ``PUT /api/profile`` body, and a suggestion into the change "Use this" makes.

Kept apart from the state so each rule is a function a test calls: lists are typed as text
(places separated by ``;`` or new lines, since a place has commas; skills also by ``,``), a yes/no
preference has a third answer, "not set", because an unset preference filters nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from jobscraper.matching.profile import ProfilePublic
from jobscraper.matching.signals import Suggestion

__all__ = [
    "FIELD_LABELS",
    "NOT_SET",
    "TRI_STATE",
    "FormError",
    "SuggestionRow",
    "apply_suggestion",
    "body_of",
    "edit_resume",
    "empty_form",
    "form_of",
    "suggestion_row",
]

NOT_SET = "not set"
TRI_STATE = [NOT_SET, "yes", "no"]
"""The answers of a yes/no preference in the form."""

FIELD_LABELS: dict[str, str] = {
    "locations": "Location",
    "remote_ok": "Remote OK",
    "open_to_relocation": "Open to relocation",
    "needs_visa_sponsorship": "Needs visa sponsorship",
}
"""How the page names the preferences a résumé may suggest."""

_PLACES = re.compile(r"[;\n]")
_SKILLS = re.compile(r"[;,\n]")
_BOOLS = ("remote_ok", "open_to_relocation", "needs_visa_sponsorship")
_PLACE_LISTS = ("locations", "remote_regions")
_SKILL_LISTS = ("preferred_skills", "excluded_skills")


class FormError(ValueError):
    """A field the page can tell is wrong before asking the API; ``str()`` is for the user."""


@dataclasses.dataclass
class SuggestionRow:
    """One suggestion as the page lists it: what it would set, and the résumé's sentence."""

    index: int
    label: str
    value: str
    reason: str


def _tri(value: bool | None) -> str:
    return NOT_SET if value is None else ("yes" if value else "no")


def empty_form() -> dict[str, Any]:
    """The form of a profile not made yet."""
    form: dict[str, Any] = {name: "" for name in (*_PLACE_LISTS, *_SKILL_LISTS)}
    form |= {name: NOT_SET for name in _BOOLS}
    form |= {"name": "", "resume_text": "", "resume_file": "", "resume_format": ""}
    form |= {"min_salary": "", "currency": ""}
    form |= {"salary_period": "yearly", "seniority": NOT_SET, "job_types": []}
    return form


def form_of(profile: ProfilePublic) -> dict[str, Any]:
    """The form's fields for a stored profile."""
    form: dict[str, Any] = {name: "; ".join(getattr(profile, name)) for name in _PLACE_LISTS}
    form |= {name: ", ".join(getattr(profile, name)) for name in _SKILL_LISTS}
    form |= {name: _tri(getattr(profile, name)) for name in _BOOLS}
    salary = profile.min_salary
    form |= {
        "name": profile.name,
        "resume_text": profile.resume_text,
        "resume_file": profile.resume_file or "",
        "resume_format": profile.resume_format or "",
        "min_salary": "" if salary is None else f"{salary:g}",
        "currency": profile.currency or "",
        "salary_period": profile.salary_period or "yearly",
        "seniority": profile.seniority or NOT_SET,
        "job_types": list(profile.job_types),
    }
    return form


def _split(text: str, sep: re.Pattern[str]) -> list[str]:
    return [part.strip() for part in sep.split(text) if part.strip()]


def body_of(form: Mapping[str, Any]) -> dict[str, Any]:
    """The ``PUT /api/profile`` body: every preference sent, so what the form cleared is cleared;
    the résumé when there is one.

    The API checks the rest (currency, a salary without currency) and names the field."""
    salary_text = str(form["min_salary"]).strip().replace(",", "")
    try:
        salary = float(salary_text) if salary_text else None
    except ValueError as exc:
        raise FormError(f"Minimum salary must be a number, not {form['min_salary']!r}.") from exc
    body: dict[str, Any] = {name: _split(form[name], _PLACES) for name in _PLACE_LISTS}
    body |= {name: _split(form[name], _SKILLS) for name in _SKILL_LISTS}
    body |= {name: None if form[name] == NOT_SET else form[name] == "yes" for name in _BOOLS}
    body |= {
        "name": str(form["name"]).strip() or None,
        "resume_text": form["resume_text"],
        "min_salary": salary,
        "currency": str(form["currency"]).strip() or None,
        "salary_period": form["salary_period"] if salary is not None else None,
        "seniority": None if form["seniority"] == NOT_SET else form["seniority"],
        "job_types": list(form["job_types"]),
    }
    if str(form["resume_text"]).strip():  # none: the stored résumé stays (an empty one is refused)
        body["resume_file"] = form["resume_file"] or None
        body["resume_format"] = form["resume_format"] or "pasted"
    else:
        del body["resume_text"]
    return body


def edit_resume(text: str) -> dict[str, Any]:
    """The fields that change when the person types in the résumé box: the text is theirs now,
    pasted, no longer the file it was read from."""
    return {"resume_text": text, "resume_file": "", "resume_format": "pasted"}


def suggestion_row(index: int, suggestion: Suggestion) -> SuggestionRow:
    value = suggestion.value
    shown = value if isinstance(value, str) else ("yes" if value else "no")
    return SuggestionRow(index, FIELD_LABELS[suggestion.field], shown, suggestion.reason)


def apply_suggestion(form: Mapping[str, Any], suggestion: Suggestion) -> dict[str, Any]:
    """The form's fields that change when the person confirms ``suggestion`` (Save applies them)."""
    if suggestion.field == "locations":
        places = _split(form["locations"], _PLACES)
        if str(suggestion.value).casefold() not in {p.casefold() for p in places}:
            places.append(str(suggestion.value))
        return {"locations": "; ".join(places)}
    return {suggestion.field: _tri(bool(suggestion.value))}
