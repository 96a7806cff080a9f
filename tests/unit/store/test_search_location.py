"""Location is indexed too: a query word can name a city, and the location filter narrows the
full-text candidates by its words before its substring test runs on what remains."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobscraper.store import Database, JobQuery, SyncEngine, search_jobs


def _titles(db: Database, **query: Any) -> set[str]:
    return {job.title for job in search_jobs(db, JobQuery(**query)).items}


def test_query_words_match_the_location_and_the_filter_stays_a_filter(
    db: Database, sync: SyncEngine, make_posting: Callable[..., dict[str, Any]]
) -> None:
    sync.upsert(
        [
            make_posting(title="Python Developer", location="Berlin, Germany", description="python"),
            make_posting(title="Python Engineer", location="Munich, Germany", description="python"),
            make_posting(title="Go Developer", location="Berlin, Germany", description="go", skills=["Go"]),
        ]
    )
    assert _titles(db, q="python berlin") == {"Python Developer"}
    assert _titles(db, q="python", location="Berl") == {"Python Developer"}
    assert _titles(db, location="germany") == {"Python Developer", "Python Engineer", "Go Developer"}
    # a location on its own does not rank: newest seen first, as without any query
    newest = search_jobs(db, JobQuery(location="Berlin")).items
    assert [j.title for j in newest] == ["Go Developer", "Python Developer"]
