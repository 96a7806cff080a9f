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
