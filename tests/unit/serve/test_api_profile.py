"""The profile routes end to end without Ray: the real ApiBackend and app over a real SQLite file,
the writer's real body behind a Ray-shaped handle (what the WriterActor runs), no coordinator work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from actors.writer import _Writer
from jobscraper.config import Settings
from jobscraper.matching.resume import MAX_RESUME_BYTES
from serve.backend import ApiBackend
from serve.http import create_api

RESUME = "Senior Python engineer, 8 years of Django and PostgreSQL. Based in Lyon, open to remote."


class _Call:
    def __init__(self, fn: Any) -> None:
        self._fn = fn

    def remote(self, *args: Any) -> Any:
        async def call() -> Any:
            return self._fn(*args)

        return call()


class WriterHandle:
    """A real writer body behind a Ray-shaped handle."""

    def __init__(self, body: _Writer) -> None:
        self._body = body

    def __getattr__(self, name: str) -> _Call:
        return _Call(getattr(self._body, name))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    db_path = tmp_path / "jobs.db"
    writer = _Writer(str(db_path))
    settings = Settings.model_validate({"database": {"path": str(db_path)}})
    backend = ApiBackend(
        settings,
        start_writer=lambda path, **_: WriterHandle(writer),
        start_coordinator=lambda *args, **kwargs: object(),
    )
    app = create_api(backend, router=None, max_body_bytes=4 * MAX_RESUME_BYTES)
    with TestClient(app, base_url="http://127.0.0.1:8000") as test_client:
        yield test_client


def test_no_profile_is_a_404_that_says_how_to_make_one(client: TestClient) -> None:
    answer = client.get("/api/profile")
    assert answer.status_code == 404
    assert "PUT /api/profile" in answer.json()["detail"]
    assert client.get("/api/profiles").json() == []
    assert client.get("/api/profiles/nobody").status_code == 404


def test_a_profile_round_trips_through_the_writer(client: TestClient) -> None:
    body = {
        "resume_text": f"  {RESUME}\r\n",
        "locations": ["Berlin", " berlin "],
        "min_salary": 60000,
        "currency": "eur",
        "seniority": "senior",
        "preferred_skills": ["Python"],
    }
    answer = client.put("/api/profile", json=body)
    assert answer.status_code == 200, answer.text
    stored = answer.json()
    assert stored["name"] == "default" and stored["active"] is True
    assert stored["resume_text"] == RESUME and stored["resume_format"] == "pasted"
    assert stored["locations"] == ["Berlin"] and stored["currency"] == "EUR"
    assert stored["salary_period"] == "yearly"
    # what the résumé says but the person did not set is a suggestion, not a preference
    assert stored["remote_ok"] is None
    assert any(s["field"] == "remote_ok" for s in stored["suggestions"])
    assert client.get("/api/profile").json() == stored
    assert client.get("/api/profiles/default").json() == stored

    # only what the body holds changes; null clears
    changed = client.put("/api/profile", json={"remote_ok": True, "seniority": None}).json()
    assert changed["remote_ok"] is True and changed["seniority"] is None
    assert changed["resume_text"] == RESUME and changed["locations"] == ["Berlin"]
    assert not any(s["field"] == "remote_ok" for s in changed["suggestions"])


def test_several_profiles_one_active(client: TestClient) -> None:
    client.put("/api/profile", json={"name": "work", "resume_text": RESUME})
    second = client.put("/api/profile", json={"name": "side", "resume_text": "Illustrator and designer."})
    assert second.json()["active"] is False  # the first one made stays active
    assert [p["name"] for p in client.get("/api/profiles").json()] == ["work", "side"]

    activated = client.post("/api/profiles/side/activate")
    assert activated.status_code == 200 and activated.json()["active"] is True
    assert client.get("/api/profile").json()["name"] == "side"
    # a body without a name changes the active profile
    assert client.put("/api/profile", json={"remote_ok": False}).json()["name"] == "side"

    assert client.delete("/api/profiles/side").status_code == 204
    assert client.get("/api/profile").json()["name"] == "work"
    assert client.delete("/api/profiles/side").status_code == 404
    assert client.post("/api/profiles/side/activate").status_code == 404


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"resume_text": "   \n\t "}, "the résumé is empty"),
        ({"resume_text": "x" * (MAX_RESUME_BYTES + 1)}, "too large for a résumé"),
        ({"resume_text": RESUME, "seniority": "wizard"}, "seniority"),
        ({"resume_text": RESUME, "min_salary": 50000, "currency": "euro"}, "ISO 4217"),
        ({"resume_text": RESUME, "min_salary": 50000}, "needs its currency"),
        ({"resume_text": RESUME, "name": "  "}, "cannot be empty"),
        ({"name": "x"}, "nothing to set"),
        ({"preferred_skills": ["Go"], "excluded_skills": ["go"]}, "both preferred and excluded"),
    ],
)
def test_bad_input_is_a_422_saying_what_is_wrong(client: TestClient, body: dict[str, Any], says: str) -> None:
    answer = client.put("/api/profile", json=body)
    assert answer.status_code == 422, answer.text
    assert says in answer.text
    assert client.get("/api/profiles").json() == []  # nothing was stored


def test_a_name_too_long_in_the_path_is_a_422(client: TestClient) -> None:
    assert client.get("/api/profiles/" + "n" * 81).status_code == 422


def test_the_host_guard_still_applies(client: TestClient) -> None:
    answer = client.put("/api/profile", json={"resume_text": RESUME}, headers={"Host": "evil.example"})
    assert answer.status_code == 400
    assert client.get("/api/profiles").json() == []
