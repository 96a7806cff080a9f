"""Saved searches and watched companies in the database: what a user editing them would see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.errors import Conflict, InputError, NotFound
from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs
from jobscraper.store.saved import (
    create_company,
    create_search,
    delete_company,
    delete_search,
    detect_company,
    get_company,
    get_search,
    list_companies,
    list_searches,
    record_last_results,
    saved_for_run,
    seed_saved,
    suggest_name,
    update_company,
    update_search,
)
from jobscraper.store.saved_shapes import (
    CompanyCreate,
    CompanyUpdate,
    SavedSearchUpdate,
    SourceOutcome,
)
from tests.unit.store.jobrows import add_job

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
LATER = datetime(2025, 3, 2, 9, 0, tzinfo=UTC)
GREENHOUSE = "https://boards.greenhouse.io/acme"


def _search(name: str = "python berlin", **fields: object) -> SavedSearch:
    return SavedSearch.model_validate({"name": name, "term": "python", **fields})


# ------------------------------------------------------------------ searches


def test_a_search_is_created_listed_read_and_has_no_last_result_yet(db: Database) -> None:
    made = create_search(db, _search(location="Berlin", sites=["indeed"], results_wanted=20), NOW)
    assert made.name == "python berlin" and made.sites == ["indeed"] and made.results_wanted == 20
    assert made.created_at == made.updated_at == NOW
    assert (made.last_run_id, made.last_status, made.last_found, made.last_error) == (None, None, None, None)
    create_search(db, _search("Alpha"), NOW)
    assert [s.name for s in list_searches(db)] == ["Alpha", "python berlin"]
    assert get_search(db, made.id) == made


def test_a_search_name_is_unique(db: Database) -> None:
    create_search(db, _search("py"), NOW)
    with pytest.raises(Conflict, match="'py'"):
        create_search(db, _search("py", term="other"), NOW)
    other = create_search(db, _search("rust"), NOW)
    with pytest.raises(Conflict, match="'py'"):
        update_search(db, other.id, SavedSearchUpdate(name="py"), NOW)
    assert [s.term for s in list_searches(db)] == ["python", "python"]


def test_a_patch_changes_only_the_fields_given_and_null_clears(db: Database) -> None:
    made = create_search(db, _search(location="Berlin", hours_old=24), NOW)
    changed = update_search(db, made.id, SavedSearchUpdate(term="rust", location=None), LATER)
    assert (changed.term, changed.location, changed.hours_old) == ("rust", None, 24)
    assert changed.created_at == NOW and changed.updated_at == LATER
    assert update_search(db, made.id, SavedSearchUpdate(name="python berlin"), LATER).name == "python berlin"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sites": ["monster"]}, "sites"),
        ({"sites": []}, "sites"),
        ({"results_wanted": 0}, "results_wanted"),
        ({"hours_old": 0}, "hours_old"),
        ({"term": None}, "term"),
        ({"name": "   "}, "name"),
    ],
)
def test_a_bad_edit_is_an_input_error_naming_the_field_and_changes_nothing(
    db: Database, change: dict[str, object], field: str
) -> None:
    made = create_search(db, _search(), NOW)
    with pytest.raises(InputError, match=rf"^{field}: "):
        update_search(db, made.id, SavedSearchUpdate.model_validate(change), LATER)
    assert get_search(db, made.id) == made


def test_unknown_search_ids_are_not_found(db: Database) -> None:
    for call in (
        lambda: get_search(db, 7),
        lambda: update_search(db, 7, SavedSearchUpdate(term="x"), NOW),
        lambda: delete_search(db, 7),
    ):
        with pytest.raises(NotFound, match="7"):
            call()


def test_a_deleted_search_is_gone(db: Database) -> None:
    made = create_search(db, _search(), NOW)
    delete_search(db, made.id)
    assert list_searches(db) == []
    with pytest.raises(NotFound):
        get_search(db, made.id)


# ----------------------------------------------------------------- companies


def test_a_company_from_an_ats_url_gets_its_name_and_board(db: Database) -> None:
    made = create_company(db, CompanyCreate(url=GREENHOUSE), NOW)
    assert (made.name, made.url, made.ats, made.detected) == ("Acme", GREENHOUSE, "auto", "greenhouse")
    assert made.board_url == "https://job-boards.greenhouse.io/acme"
    assert (made.render_js, made.enabled, made.jobs, made.last_status) == (False, True, 0, None)
    page = create_company(db, CompanyCreate(url="https://careers.initech.com/", render_js=True), NOW)
    assert (page.name, page.detected, page.board_url, page.render_js) == ("Initech", "html", None, True)
    assert [c.name for c in list_companies(db)] == ["Acme", "Initech"]
    assert get_company(db, page.id) == page


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://acme.example/jobs"}, "url"),
        ({"url": "acme.example/jobs"}, "url"),
        ({"url": "https://jobs.lever.co/acme", "ats": "greenhouse"}, "url"),
        ({"url": "https://acme.example/jobs", "name": "!!!"}, "name"),
    ],
)
def test_a_bad_company_is_an_input_error_naming_the_field(
    db: Database, body: dict[str, object], field: str
) -> None:
    with pytest.raises(InputError, match=rf"^{field}: "):
        create_company(db, CompanyCreate.model_validate(body), NOW)
    assert list_companies(db) == []


def test_an_employer_known_from_jobs_becomes_watched_with_its_jobs(
    db: Database, sync: SyncEngine, make_posting
) -> None:
    add_job(sync, make_posting(company="Acme, Inc."))
    add_job(sync, make_posting(company="ACME"))
    assert list_companies(db) == []  # employers seen in jobs are not watched
    made = create_company(db, CompanyCreate(url=GREENHOUSE, name="Acme"), NOW)
    assert made.name == "Acme" and made.jobs == 2
    [only] = list_companies(db)
    assert only.id == made.id


def test_a_watched_name_cannot_be_watched_twice(db: Database) -> None:
    create_company(db, CompanyCreate(url=GREENHOUSE), NOW)
    with pytest.raises(Conflict, match="Acme"):
        create_company(db, CompanyCreate(url="https://acme.example/careers", name="ACME Inc."), NOW)
    other = create_company(db, CompanyCreate(url="https://jobs.lever.co/globex"), NOW)
    with pytest.raises(Conflict, match="Acme"):
        update_company(db, other.id, CompanyUpdate(name="acme"), NOW)


def test_renaming_onto_an_employer_of_other_jobs_is_a_conflict(
    db: Database, sync: SyncEngine, make_posting
) -> None:
    add_job(sync, make_posting(company="Globex"))
    made = create_company(db, CompanyCreate(url=GREENHOUSE), NOW)
    with pytest.raises(Conflict, match="employer"):
        update_company(db, made.id, CompanyUpdate(name="Globex"), NOW)


def test_a_company_edit_changes_what_was_given(db: Database) -> None:
    made = create_company(db, CompanyCreate(url=GREENHOUSE), NOW)
    changed = update_company(
        db, made.id, CompanyUpdate(url="https://jobs.lever.co/acme", enabled=False, name="Acme Corp"), LATER
    )
    assert (changed.name, changed.detected, changed.enabled) == ("Acme Corp", "lever", False)
    assert changed.updated_at == LATER
    with pytest.raises(InputError, match=r"^url: "):
        update_company(db, made.id, CompanyUpdate(ats="ashby"), LATER)
    assert get_company(db, made.id) == changed


def test_deleting_a_company_stops_watching_it_and_keeps_its_jobs(
    db: Database, sync: SyncEngine, make_posting
) -> None:
    job_id = add_job(sync, make_posting(company="Acme"))
    made = create_company(db, CompanyCreate(url=GREENHOUSE), NOW)
    delete_company(db, made.id, LATER)
    assert list_companies(db) == []
    with pytest.raises(NotFound):
        get_company(db, made.id)
    with pytest.raises(NotFound):
        delete_company(db, made.id, LATER)
    [job] = search_jobs(db, JobQuery(q="Acme")).items
    assert job.id == job_id and job.company == "Acme"
    again = create_company(db, CompanyCreate(url=GREENHOUSE), LATER)  # watched again: the same row
    assert again.id == made.id and again.jobs == 1


def test_an_unwatched_employer_id_is_not_found(db: Database, sync: SyncEngine, make_posting) -> None:
    add_job(sync, make_posting(company="Hooli"))
    with db.reader() as conn:
        employer = int(conn.execute(text("SELECT id FROM company")).scalar_one())
    with pytest.raises(NotFound):
        get_company(db, employer)
    with pytest.raises(NotFound):
        update_company(db, employer, CompanyUpdate(enabled=False), NOW)


def test_archived_jobs_do_not_count(db: Database, sync: SyncEngine, clock, make_posting) -> None:
    add_job(sync, make_posting(company="Acme"))
    clock.advance(days=40)
    sync.archive_stale(timedelta(days=30))
    add_job(sync, make_posting(company="Acme"))
    assert create_company(db, CompanyCreate(url=GREENHOUSE), NOW).jobs == 1


@pytest.mark.parametrize(
    ("url", "name", "detected"),
    [
        ("https://jobs.lever.co/acme-robotics/123", "Acme Robotics", "lever"),
        ("https://jobs.ashbyhq.com/massive-dynamic", "Massive Dynamic", "ashby"),
        ("https://www.umbrella.com/karriere", "Umbrella", "html"),
        ("https://careers.hooli.co.uk/", "Hooli", "html"),
        ("http://127.0.0.1:8765/careers/initech/", "Initech", "html"),
    ],
)
def test_detect_names_a_url_without_saving(db: Database, url: str, name: str, detected: str) -> None:
    answer = detect_company(url)
    assert (answer.url, answer.name, answer.detected) == (url, name, detected)
    assert (answer.board_url is None) == (detected == "html")
    assert list_companies(db) == []


def test_detect_refuses_what_is_not_an_http_url() -> None:
    with pytest.raises(InputError, match=r"^url: "):
        detect_company("javascript:alert(1)")


def test_an_explicit_ats_names_a_mirror_by_its_board_token() -> None:
    url = "http://127.0.0.1:8765/v1/boards/acme-robotics/jobs?content=true"
    assert suggest_name(url, "greenhouse") == "Acme Robotics"


# --------------------------------------------------------------------- seeding


CONFIG_SEARCHES = [_search("py"), _search("rust", term="rust")]
CONFIG_COMPANIES = [
    CompanyConfig(name="Acme", url=GREENHOUSE),
    CompanyConfig(name="Globex", url="https://jobs.lever.co/globex"),
]


def test_seeding_copies_the_config_once(db: Database) -> None:
    first = seed_saved(db, CONFIG_SEARCHES, CONFIG_COMPANIES, NOW)
    assert (first.searches, first.companies) == (2, 2)
    again = seed_saved(db, CONFIG_SEARCHES, CONFIG_COMPANIES, LATER)
    assert (again.searches, again.companies) == (0, 0)
    assert [s.name for s in list_searches(db)] == ["py", "rust"]
    assert [(c.name, c.detected) for c in list_companies(db)] == [("Acme", "greenhouse"), ("Globex", "lever")]


def test_seeding_never_overwrites_or_brings_back_what_the_user_changed(db: Database) -> None:
    seed_saved(db, CONFIG_SEARCHES, CONFIG_COMPANIES, NOW)
    searches = {s.name: s for s in list_searches(db)}
    companies = {c.name: c for c in list_companies(db)}
    update_search(db, searches["py"].id, SavedSearchUpdate(term="python django"), LATER)
    update_search(db, searches["rust"].id, SavedSearchUpdate(name="rust remote"), LATER)
    update_company(db, companies["Acme"].id, CompanyUpdate(enabled=False), LATER)
    delete_company(db, companies["Globex"].id, LATER)
    counts = seed_saved(db, CONFIG_SEARCHES, CONFIG_COMPANIES, LATER)
    assert (counts.searches, counts.companies) == (0, 0)
    assert [(s.name, s.term) for s in list_searches(db)] == [("py", "python django"), ("rust remote", "rust")]
    assert [(c.name, c.enabled) for c in list_companies(db)] == [("Acme", False)]
    # a new config entry is still seeded
    assert seed_saved(db, [*CONFIG_SEARCHES, _search("go")], CONFIG_COMPANIES, LATER).searches == 1


def test_seeding_leaves_an_entry_the_user_made_first(db: Database, sync: SyncEngine, make_posting) -> None:
    create_search(db, _search("py", term="mine"), NOW)
    add_job(sync, make_posting(company="Globex"))  # an employer, not watched: the seed watches it
    counts = seed_saved(db, CONFIG_SEARCHES, CONFIG_COMPANIES, LATER)
    assert (counts.searches, counts.companies) == (1, 2)
    assert {s.name: s.term for s in list_searches(db)}["py"] == "mine"
    assert {c.name: c.jobs for c in list_companies(db)} == {"Acme": 0, "Globex": 1}


# ----------------------------------------------------------------- last results


def test_a_runs_outcome_is_summed_per_search_with_the_worst_status_and_first_error(db: Database) -> None:
    seed_saved(db, CONFIG_SEARCHES, CONFIG_COMPANIES, NOW)
    results = [
        SourceOutcome(kind="search", name="py", status="done", found=10, new=4),
        SourceOutcome(
            kind="search", name="py", status="blocked", found=0, new=0, error="indeed: 403\nForbidden"
        ),
        SourceOutcome(kind="search", name="py", status="failed", found=2, new=1, error="glassdoor: timeout"),
        SourceOutcome(kind="company", name="ACME", status="done", found=7, new=7),
        SourceOutcome(kind="company", name="ad hoc", status="done", found=1, new=1),
        SourceOutcome(kind="search", name="ad hoc", status="done", found=1, new=1),
    ]
    assert record_last_results(db, 12, LATER, results) == 2
    by_name = {s.name: s for s in list_searches(db)}
    py = by_name["py"]
    assert (py.last_run_id, py.last_run_at, py.last_status) == (12, LATER, "failed")
    assert (py.last_found, py.last_new, py.last_error) == (12, 5, "indeed: 403 Forbidden")
    assert by_name["rust"].last_run_id is None  # not in that run
    acme = {c.name: c for c in list_companies(db)}["Acme"]
    assert (acme.last_status, acme.last_found, acme.last_new, acme.last_error) == ("done", 7, 7, None)


def test_the_next_run_replaces_the_last_result_and_long_errors_are_shortened(db: Database) -> None:
    seed_saved(db, CONFIG_SEARCHES, [], NOW)
    record_last_results(
        db, 1, NOW, [SourceOutcome(kind="search", name="py", status="failed", error="x" * 5000)]
    )
    [py, _] = list_searches(db)
    assert py.last_error is not None and len(py.last_error) <= 300
    record_last_results(db, 2, LATER, [SourceOutcome(kind="search", name="py", status="cancelled", found=3)])
    [py, _] = list_searches(db)
    assert (py.last_run_id, py.last_status, py.last_found, py.last_new, py.last_error) == (
        2,
        "cancelled",
        3,
        0,
        None,
    )


# ------------------------------------------------------------------ run choice


def test_a_run_takes_saved_entries_by_name_or_every_enabled_one(db: Database) -> None:
    seed_saved(db, CONFIG_SEARCHES, CONFIG_COMPANIES, NOW)
    globex = {c.name: c for c in list_companies(db)}["Globex"]
    update_company(db, globex.id, CompanyUpdate(enabled=False), NOW)
    searches, companies = saved_for_run(db, ["rust"], ["acme"])  # companies also by normalised name
    assert [s.term for s in searches] == ["rust"] and [c.url for c in companies] == [GREENHOUSE]
    searches, companies = saved_for_run(db, [], [], all_enabled=True)
    assert [s.name for s in searches] == ["py", "rust"] and [c.name for c in companies] == ["Acme"]
    with pytest.raises(InputError, match="'nope'"):
        saved_for_run(db, ["nope"], [])
