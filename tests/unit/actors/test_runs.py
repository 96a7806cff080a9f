"""A run's source keys name its write batches, so they are unique even when names repeat."""

from __future__ import annotations

from actors.runs import RunSpec
from jobscraper.config import CompanyConfig, SavedSearch


def test_companies_and_searches_with_the_same_name_get_distinct_keys() -> None:
    spec = RunSpec(
        companies=[
            CompanyConfig(name="127.0.0.1", url="http://127.0.0.1:8000/a/"),
            CompanyConfig(name="127.0.0.1", url="http://127.0.0.1:8000/b/"),
            CompanyConfig(name="Acme", url="https://acme.example/careers"),
        ],
        searches=[
            SavedSearch(name="cli", term="python", sites=["indeed"]),
            SavedSearch(name="cli", term="rust", sites=["indeed"]),
        ],
    )
    keys = [task.key for task in spec.tasks()]
    assert len(keys) == len(set(keys)) == 5
    assert keys[:2] == ["indeed:cli", "indeed:cli#2"]
    assert keys[2:] == ["company:127.0.0.1", "company:127.0.0.1#2", "company:Acme"]


def test_each_source_of_a_run_reports_its_outcome_under_its_search_or_company_name() -> None:
    from datetime import UTC, datetime

    from actors.runs import RunState, SourceState, source_outcomes

    spec = RunSpec(
        searches=[SavedSearch(name="py", term="python", sites=["indeed", "linkedin"])],
        companies=[CompanyConfig(name="Acme", url="https://boards.greenhouse.io/acme")],
    )
    tasks = spec.tasks()
    state = RunState(run_id=3, started_at=datetime(2025, 1, 1, tzinfo=UTC))
    figures = {
        "indeed:py": SourceState(key="", label="", kind="board", status="done", found=4, inserted=2),
        "linkedin:py": SourceState(key="", label="", kind="board", status="blocked", errors=["429", "again"]),
        "company:Acme": SourceState(key="", label="", kind="company", status="done", found=9, inserted=9),
    }
    state.sources = figures
    outcomes = [(o.kind, o.name, o.status, o.found, o.new, o.error) for o in source_outcomes(tasks, state)]
    assert outcomes == [
        ("search", "py", "done", 4, 2, None),
        ("search", "py", "blocked", 0, 0, "429"),
        ("company", "Acme", "done", 9, 9, None),
    ]
