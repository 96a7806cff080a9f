"""A JobSpy-shaped posting for tests: one function, used by the unit fixture and the PostgreSQL test."""

from __future__ import annotations

from typing import Any


def posting_dict(n: int, **overrides: Any) -> dict[str, Any]:
    """Posting ``n``: its own URL, company and title; keyword arguments override any field."""
    posting: dict[str, Any] = {
        "id": f"li-{n}",
        "site": "linkedin",
        "job_url": f"https://www.linkedin.com/jobs/view/{1000 + n}",
        "title": f"Software Engineer {n}",
        "company": f"Company {n} GmbH",
        "location": "Berlin, BE, Germany",
        "date_posted": "2025-01-01",
        "job_type": "fulltime",
        "interval": "yearly",
        "min_amount": 60000.0,
        "max_amount": 80000.0,
        "currency": "EUR",
        "is_remote": False,
        "description": f"Build things at company {n}.",
        "skills": ["Python", "SQL"],
    }
    return posting | overrides
