"""Stateful property test of the sync engine.

Any sequence of imports (batches drawn from a fixed pool of postings with random content
variations), user edits on random jobs, clock moves with archiving, and re-imports of the last
batch must:

- count each posting exactly as a model predicts (inserted / updated / unchanged / merged);
- be idempotent: re-applying the last import is all *unchanged*;
- keep one job per real-world job and one source per listing (tracking links included);
- never lose a user field, never delete a job, and archive/un-archive exactly as the model says.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import text

from jobscraper.models import JobStatus
from jobscraper.store import JobQuery, SyncEngine, UpsertCounts, UserUpdate, open_database, search_jobs

WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class Entry:
    """One way a listing can arrive: ``job`` and ``source`` are the model's identities."""

    job: str
    source: str
    site: str
    url: str
    company: str
    title: str
    location: str


# Spellings differ between boards, but company + title + city normalise to the same job.
POOL: tuple[Entry, ...] = (
    Entry(
        "A",
        "A-li",
        "linkedin",
        "https://www.linkedin.com/jobs/view/101",
        "Acme Robotics GmbH",
        "DevOps Engineer (m/w/d)",
        "Berlin, BE, Germany",
    ),
    Entry(
        "A",
        "A-li",
        "linkedin",
        "https://www.linkedin.com/jobs/view/101/?trk=public_jobs&refId=abc",
        "Acme Robotics GmbH",
        "DevOps Engineer (m/w/d)",
        "Berlin, BE, Germany",
    ),
    Entry(
        "A",
        "A-in",
        "indeed",
        "https://de.indeed.com/viewjob?jk=a1",
        "ACME Robotics",
        "DevOps Engineer",
        "Berlin",
    ),
    Entry(
        "A",
        "A-co",
        "acme.example",
        "https://careers.acme.example/jobs/3?utm_source=linkedin",
        "Acme Robotics, Inc.",
        "Devops Engineer",
        "Berlin, Germany",
    ),
    Entry(
        "B",
        "B-li",
        "linkedin",
        "https://www.linkedin.com/jobs/view/202",
        "Globex Corporation",
        "Data Engineer",
        "Munich, BY, Germany",
    ),
    Entry(
        "B",
        "B-in",
        "indeed",
        "https://de.indeed.com/viewjob?jk=b2",
        "Globex",
        "Data  Engineer",
        "Munich",
    ),
    Entry(
        "C",
        "C-in",
        "indeed",
        "https://de.indeed.com/viewjob?jk=c3",
        "Initech",
        "Data Engineer",
        "Hamburg",
    ),
    Entry(
        "D",
        "D-gd",
        "glassdoor",
        "https://www.glassdoor.com/job-listing/j?jl=4",
        "Hooli",
        "Staff Software Engineer",
        "Remote",
    ),
    Entry(
        "E",
        "E-li",
        "linkedin",
        "https://www.linkedin.com/jobs/view/505",
        "Pied Piper Ltd",
        "Senior Python Developer",
        "London, England, UK",
    ),
)


def _posting(entry: Entry, text_v: int, pay_v: int) -> dict[str, Any]:
    return {
        "site": entry.site,
        "job_url": entry.url,
        "title": entry.title,
        "company": entry.company,
        "location": entry.location,
        "description": f"{entry.title} at {entry.company}, text version {text_v}",
        "interval": "yearly",
        "min_amount": 50000.0 + 1000 * pay_v,
        "max_amount": 70000.0 + 1000 * pay_v,
        "currency": "EUR",
        "skills": ["Python", f"Skill{text_v}"],
    }


ITEMS = st.tuples(
    st.integers(0, len(POOL) - 1),
    st.integers(0, 2),
    st.integers(0, 2),
)
BATCHES = st.lists(ITEMS, max_size=8)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))])
WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=ZONES,
)
NOTES = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
EDITS = st.fixed_dictionaries(
    {},
    optional={
        "favorite": st.booleans(),
        "notes": NOTES,
        "status": st.sampled_from(list(JobStatus)),
        "applied_at": st.none() | WHEN,
        "hidden": st.booleans(),
    },
)


@dataclass
class JobModel:
    sources: set[str] = field(default_factory=set)
    last_seen: datetime | None = None
    archived: bool = False
    description_candidates: set[str] = field(default_factory=set)
    favorite: bool = False
    notes: str = ""
    status: str = "new"
    applied_at: datetime | None = None
    hidden: bool = False


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="jobscraper-prop-"))
        self.db = open_database(self.tmp / "jobs.db")
        self.now = datetime(2025, 1, 1, tzinfo=UTC)
        self.sync = SyncEngine(self.db, clock=lambda: self.now)
        self.jobs: dict[str, JobModel] = {}  # model job label -> expected state
        self.source_content: dict[str, tuple[int, int]] = {}  # source label -> (text_v, pay_v)
        self.last_batch: list[dict[str, Any]] | None = None
        self.last_batch_sources: int = 0

    def teardown(self) -> None:
        self.db.dispose()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ------------------------------------------------------------------ DB views
    def _db_job_ids(self) -> dict[str, int]:
        """Model job label -> DB job id, via the sources (URLs) the model knows."""
        with self.db.reader() as conn:
            rows = conn.execute(text("SELECT job_url, job_id FROM job_source")).all()
        by_url = {r.job_url: r.job_id for r in rows}
        ids: dict[str, set[int]] = {}
        for entry in POOL:
            if entry.url in by_url:
                ids.setdefault(entry.job, set()).add(by_url[entry.url])
        for label, found in ids.items():
            assert len(found) == 1, f"job {label} is split over DB jobs {found}"
        return {label: found.pop() for label, found in ids.items()}

    # --------------------------------------------------------------------- rules
    @initialize()
    def start(self) -> None:
        assert search_jobs(self.db, JobQuery(archived="include", include_hidden=True)).total == 0

    @rule(batch=BATCHES, hours=st.integers(0, 72))
    def import_batch(self, batch: list[tuple[int, int, int]], hours: int) -> None:
        self.now += timedelta(hours=hours)
        postings = [_posting(POOL[i], tv, pv) for i, tv, pv in batch]

        # The model's prediction. Per source the last posting in the batch wins; order of
        # first appearance decides nothing the model checks.
        last: dict[str, tuple[Entry, tuple[int, int]]] = {}
        for i, tv, pv in batch:
            last[POOL[i].source] = (POOL[i], (tv, pv))
        expected = UpsertCounts()
        new_jobs: set[str] = set()
        written: dict[str, set[str]] = {}
        for source, (entry, content) in last.items():
            description = _posting(entry, *content)["description"]
            if source in self.source_content:
                if self.source_content[source] == content:
                    expected.unchanged += 1
                else:
                    expected.updated += 1
                    written.setdefault(entry.job, set()).add(description)
            elif entry.job in self.jobs or entry.job in new_jobs:
                expected.merged_duplicates += 1
            else:
                expected.inserted += 1
                new_jobs.add(entry.job)
                written.setdefault(entry.job, set()).add(description)

        counts = self.sync.upsert(postings)

        assert counts == expected
        for source, (entry, content) in last.items():
            self.source_content[source] = content
            job = self.jobs.setdefault(entry.job, JobModel())
            job.sources.add(source)
            job.last_seen = self.now
            job.archived = False
        for label, descriptions in written.items():
            self.jobs[label].description_candidates = descriptions
        if postings:
            self.last_batch = postings
            self.last_batch_sources = len(last)

    @precondition(lambda self: self.last_batch is not None)
    @rule(hours=st.integers(0, 24 * 45))
    def reimport_last_batch(self, hours: int) -> None:
        """Re-applying the last import, whatever happened since, changes nothing but last_seen."""
        assert self.last_batch is not None
        self.now += timedelta(hours=hours)

        counts = self.sync.upsert(self.last_batch)

        assert counts == UpsertCounts(unchanged=self.last_batch_sources)
        touched = {e.job for e in POOL if e.url in {p["job_url"] for p in self.last_batch}}
        for label in touched:
            self.jobs[label].last_seen = self.now
            self.jobs[label].archived = False

    @precondition(lambda self: bool(self.jobs))
    @rule(data=st.data(), edit=EDITS)
    def user_edit(self, data: st.DataObject, edit: dict[str, Any]) -> None:
        label = data.draw(st.sampled_from(sorted(self.jobs)), label="job")
        job_id = self._db_job_ids()[label]
        change = UserUpdate.model_validate(edit)

        self.sync.update_user_fields(job_id, change)

        model = self.jobs[label]
        for name in ("favorite", "notes", "hidden"):
            if name in edit:
                setattr(model, name, edit[name])
        if "status" in edit:
            model.status = edit["status"].value
        if "applied_at" in edit:
            model.applied_at = edit["applied_at"]
        elif edit.get("status") is JobStatus.APPLIED and model.applied_at is None:
            model.applied_at = self.now

    @rule(days=st.integers(0, 60))
    def archive_stale(self, days: int) -> None:
        self.now += timedelta(days=days)
        cutoff = self.now - WINDOW
        expected = 0
        for job in self.jobs.values():
            if not job.archived and job.last_seen is not None and job.last_seen < cutoff:
                job.archived = True
                expected += 1

        assert self.sync.archive_stale(WINDOW) == expected

    # ----------------------------------------------------------------- invariants
    @invariant()
    def database_matches_model(self) -> None:
        page = search_jobs(self.db, JobQuery(archived="include", include_hidden=True, per_page=500))
        assert page.total == len(self.jobs), "one job per real-world job, none ever deleted"
        with self.db.reader() as conn:
            n_sources = conn.execute(text("SELECT count(*) FROM job_source")).scalar_one()
        assert n_sources == len(self.source_content), "one source per listing"

        by_id = {j.id: j for j in page.items}
        for label, job_id in self._db_job_ids().items():
            model = self.jobs[label]
            job = by_id[job_id]
            assert job.favorite == model.favorite, label
            assert job.notes == model.notes, label
            assert job.status == model.status, label
            assert job.applied_at == model.applied_at, label
            assert job.hidden == model.hidden, label
            assert (job.archived_at is not None) == model.archived, label
            assert job.last_seen == model.last_seen, label
            assert job.description in model.description_candidates, label
            model.description_candidates = {job.description}


SyncMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestSyncProperties = SyncMachine.TestCase
