"""The company blocklist over HTTP without Ray — the real ApiBackend and app over a real SQLite file,
the writer's real body in-process, real vectors (the hashing fake model of tests/unit/matching).

One test walks every place a job can appear and proves a blocked company's job is in none of
them: the list, search by words, search by meaning (hybrid), ``sort=fit``, ``GET /api/match``,
similar jobs, the pipeline board and the follow-ups due, the stats (and so ``jobscraper status``'s
totals, the same function), the export without ``include_blocked`` — and that it comes back with
it and once the rule is removed. The MCP server's tools read these same routes
(jobscraper.mcp.tools); alerts apply the same condition (jobscraper.store.alerts)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobscraper.exports import export_jobs
from jobscraper.store import Database
from tests.unit.serve.test_api_job_fit import POSTINGS, RESUME, Loads, _client, ids  # noqa: F401

BLOCKED_TITLE = "Senior Backend Engineer (Python, Django)"


@pytest.fixture
def client(db: Database, ids: dict[str, int]) -> Iterator[TestClient]:  # noqa: F811
    with _client(db, Loads()) as test_client:
        yield test_client


def _ids(answer: Any) -> set[int]:
    items = answer["items"] if isinstance(answer, dict) else answer
    return {item["id"] for item in items}


def _exported(db: Database, **options: Any) -> set[str]:
    """The titles of the jobs ``export`` writes (JSON lines)."""
    out = io.StringIO()
    export_jobs(db, out, fmt="jsonl", **options)
    return {json.loads(line)["title"] for line in out.getvalue().splitlines()}


def test_routes_add_list_and_remove_with_clear_errors(client: TestClient) -> None:
    assert client.get("/api/blocklist").json() == []
    made = client.post("/api/blocklist", json={"value": "*Recruit*"})
    assert made.status_code == 201
    assert made.json()["kind"] == "pattern" and made.json()["value"] == "*Recruit*"
    assert client.post("/api/blocklist", json={"value": "acme.com"}).json()["kind"] == "domain"
    assert client.post("/api/blocklist", json={"value": "Acme", "kind": "name"}).json()["match"] == "acme"
    duplicate = client.post("/api/blocklist", json={"value": "ACME Inc."})
    assert duplicate.status_code == 409 and "already has the name 'Acme'" in duplicate.json()["detail"]
    for body, needle in [
        ({"value": "*"}, "almost every company"),
        ({"value": "   "}, "cannot be empty"),
        ({"value": "x", "kind": "city"}, "kind"),
        ({"value": "y" * 201}, "value"),
        ({"value": "not a host", "kind": "domain"}, "is not a domain"),
        ({"value": "acme", "extra": 1}, "extra"),
    ]:
        refused = client.post("/api/blocklist", json=body)
        assert refused.status_code == 422, body
        assert needle in json.dumps(refused.json()["detail"]), refused.json()
    listed = client.get("/api/blocklist").json()
    assert [(e["kind"], e["value"]) for e in listed] == [
        ("domain", "acme.com"),
        ("name", "Acme"),
        ("pattern", "*Recruit*"),
    ]
    assert client.delete(f"/api/blocklist/{listed[0]['id']}").status_code == 204
    assert client.delete(f"/api/blocklist/{listed[0]['id']}").status_code == 404
    assert client.delete("/api/blocklist/0").status_code == 422
    assert len(client.get("/api/blocklist").json()) == 2


def test_no_blocked_job_leaks_anywhere(client: TestClient, db: Database, ids: dict[str, int]) -> None:  # noqa: F811
    blocked = ids[BLOCKED_TITLE]
    company = client.get(f"/api/jobs/{blocked}").json()["company"]
    assert client.put("/api/profile", json={"resume_text": RESUME}).status_code == 200
    similar_to = ids["Python Django Developer"]
    applied = {"status": "applied", "follow_up_at": "2020-01-02"}  # on the pipeline board, follow-up due
    assert client.patch(f"/api/jobs/{blocked}", json=applied).status_code == 200

    def seen() -> dict[str, bool]:
        stats = client.get("/api/stats").json()
        return {
            "list": blocked in _ids(client.get("/api/jobs", params={"per_page": 100}).json()),
            "words": blocked
            in _ids(client.get("/api/jobs", params={"q": "python", "meaning": False}).json()),
            "meaning": blocked in _ids(client.get("/api/jobs", params={"q": "django services"}).json()),
            "sort_fit": blocked in _ids(client.get("/api/jobs", params={"sort": "fit"}).json()),
            "match": blocked in _ids(client.get("/api/match").json()),
            "similar": blocked in _ids(client.get(f"/api/jobs/{similar_to}/similar").json()),
            "stats": stats["totals"]["jobs"] == len(POSTINGS),
            "export": BLOCKED_TITLE in _exported(db),
            "pipeline": any(
                blocked in _ids(column["cards"]) for column in client.get("/api/pipeline").json()["columns"]
            ),
            "due": blocked in _ids(client.get("/api/jobs/due").json()),
        }

    everywhere = seen()
    assert all(everywhere.values()), everywhere  # the probes do find the job before it is blocked

    rule = client.post("/api/blocklist", json={"value": company.upper()})
    assert rule.status_code == 201
    leaks = {where for where, found in seen().items() if found}
    assert leaks == set(), f"a blocked job shows in {sorted(leaks)}"
    assert client.get("/api/stats").json()["totals"]["jobs"] == len(POSTINGS) - 1
    assert BLOCKED_TITLE in _exported(db, include_blocked=True)
    by_id = client.get(f"/api/jobs/{blocked}")
    assert by_id.status_code == 200 and by_id.json()["blocked"] is True
    assert client.get(f"/api/jobs/{similar_to}").json()["blocked"] is False

    assert client.delete(f"/api/blocklist/{rule.json()['id']}").status_code == 204
    back = seen()
    assert all(back.values()), back
