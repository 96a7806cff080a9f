"""Profiles in the job database: what a person editing theirs would see, through the writer too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from jobscraper.errors import InputError, NotFound
from jobscraper.matching.profile import PreferenceFields, ProfileInput
from jobscraper.store import Database
from jobscraper.store.profiles import (
    activate_profile,
    delete_profile,
    get_active_profile,
    get_profile,
    list_profiles,
    put_profile,
)
from jobscraper.store.writer import Writer
from jobscraper.store.writer_client import InProcessTransport, WriterClient

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
LATER = datetime(2025, 3, 2, 9, 0, tzinfo=UTC)
RESUME = """Jane Doe
Backend Engineer | Berlin, Germany | jane@example.com

Python developer with eight years on payment systems. Based in Lyon, open to remote.
Not relocating. I will need visa sponsorship.
"""


def _active_names(db: Database) -> list[str]:
    return [p.name for p in list_profiles(db) if p.active]


def test_a_profile_round_trips_every_preference_and_the_resume(db: Database) -> None:
    body = ProfileInput(
        name="jane",
        resume_text=RESUME,
        resume_file="jane.pdf",
        resume_format="pdf",
        locations=["Paris", "Lyon"],
        remote_ok=True,
        remote_regions=["EU"],
        open_to_relocation=False,
        min_salary=70000,
        currency="eur",
        salary_period="yearly",
        seniority="senior",
        job_types=["fulltime", "contract"],
        needs_visa_sponsorship=True,
        preferred_skills=["Python", "PostgreSQL"],
        excluded_skills=["PHP"],
    )
    stored = put_profile(db, body, NOW)
    again = get_profile(db, "jane")
    assert again == stored
    for field in PreferenceFields.model_fields:
        expected = getattr(body, field)
        assert getattr(again, field) == expected, field
    assert again.currency == "EUR"
    assert (again.resume_text, again.resume_file, again.resume_format) == (RESUME, "jane.pdf", "pdf")
    assert again.created_at == again.updated_at == NOW
    assert again.active  # the first profile is the active one
    assert get_active_profile(db) == again


def test_suggestions_are_kept_apart_and_never_become_preferences(db: Database) -> None:
    stored = put_profile(db, ProfileInput(name="jane", resume_text=RESUME), NOW)
    # nothing the résumé says is a hard preference
    assert stored.locations == [] and stored.remote_ok is None
    assert stored.open_to_relocation is None and stored.needs_visa_sponsorship is None
    found = {(s.field, s.value) for s in stored.suggestions}
    assert found == {
        ("locations", "Berlin, Germany"),
        ("locations", "Lyon"),
        ("remote_ok", True),
        ("open_to_relocation", False),
        ("needs_visa_sponsorship", True),
    }
    reasons = {s.field: s.reason for s in stored.suggestions}
    assert reasons["open_to_relocation"] == "Not relocating."
    assert reasons["needs_visa_sponsorship"] == "I will need visa sponsorship."


def test_a_preference_the_person_set_removes_its_suggestion(db: Database) -> None:
    put_profile(db, ProfileInput(name="jane", resume_text=RESUME), NOW)
    # confirming one suggestion (as `profile set --location Lyon` does) and overriding another
    confirmed = put_profile(
        db, ProfileInput(name="jane", locations=["Lyon"], remote_ok=False), LATER, merge=True
    )
    assert confirmed.locations == ["Lyon"] and confirmed.remote_ok is False
    left = {(s.field, s.value) for s in confirmed.suggestions}
    assert ("locations", "Lyon") not in left and ("remote_ok", True) not in left
    assert ("locations", "Berlin, Germany") in left and ("open_to_relocation", False) in left
    assert confirmed.resume_text == RESUME  # merge kept what was not given
    assert confirmed.updated_at == LATER and confirmed.created_at == NOW


def test_put_without_merge_replaces_the_profile_by_name(db: Database) -> None:
    first = put_profile(
        db, ProfileInput(name="jane", resume_text=RESUME, locations=["Paris"], seniority="senior"), NOW
    )
    replaced = put_profile(db, ProfileInput(name="jane", remote_ok=True), LATER)
    assert replaced.id == first.id and len(list_profiles(db)) == 1
    assert replaced.remote_ok is True
    assert replaced.locations == [] and replaced.seniority is None and replaced.resume_text == ""
    assert replaced.suggestions == []


def test_exactly_one_profile_is_active(db: Database) -> None:
    put_profile(db, ProfileInput(name="a"), NOW)
    put_profile(db, ProfileInput(name="b"), NOW)
    assert _active_names(db) == ["a"]  # a new profile does not take over unless asked
    put_profile(db, ProfileInput(name="c", activate=True), NOW)
    assert _active_names(db) == ["c"]
    activate_profile(db, "b", LATER)
    assert _active_names(db) == ["b"]
    assert [p.name for p in list_profiles(db)] == ["b", "a", "c"]  # the active one first
    # the table itself refuses a second active row
    with pytest.raises(IntegrityError), db.writer() as conn:
        conn.execute(text("UPDATE profile SET active = 1 WHERE name = 'a'"))
    assert _active_names(db) == ["b"]


def test_deleting_the_active_profile_activates_the_most_recently_updated_other(db: Database) -> None:
    put_profile(db, ProfileInput(name="a"), NOW)
    put_profile(db, ProfileInput(name="b"), NOW)
    put_profile(db, ProfileInput(name="c"), LATER)
    assert delete_profile(db, "a", LATER) == "c"
    assert _active_names(db) == ["c"]
    assert delete_profile(db, "b", LATER) == "c"  # deleting an inactive one changes nothing
    assert delete_profile(db, "c", LATER) is None
    assert list_profiles(db) == [] and get_active_profile(db) is None


def test_no_name_means_the_active_profile_else_default(db: Database) -> None:
    assert put_profile(db, ProfileInput(remote_ok=True), NOW).name == "default"
    put_profile(db, ProfileInput(name="jane", activate=True), NOW)
    changed = put_profile(db, ProfileInput(seniority="lead"), LATER, merge=True)
    assert changed.name == "jane" and changed.seniority == "lead"


def test_unknown_names_and_bad_values_are_clear_errors(db: Database) -> None:
    with pytest.raises(NotFound, match="no profile named 'ghost'"):
        get_profile(db, "ghost")
    with pytest.raises(NotFound):
        activate_profile(db, "ghost", NOW)
    with pytest.raises(NotFound):
        delete_profile(db, "ghost", NOW)
    put_profile(db, ProfileInput(name="jane", min_salary=70000, currency="EUR"), NOW)
    # a merged change is checked whole: the floor keeps needing its currency
    with pytest.raises(InputError, match="currency"):
        put_profile(db, ProfileInput.model_validate({"name": "jane", "currency": None}), LATER, merge=True)
    assert get_profile(db, "jane").currency == "EUR"


def test_the_writer_client_carries_the_profile_operations(db: Database) -> None:
    client = WriterClient(InProcessTransport(Writer(db, clock=lambda: NOW)))
    written = client.put_profile(ProfileInput(name="jane", resume_text=RESUME)).result()
    assert written.active and written.suggestions
    client.put_profile(ProfileInput(name="max")).result()
    assert client.activate_profile("max").result().active
    assert client.delete_profile("max").result() == "jane"
    assert _active_names(db) == ["jane"]
