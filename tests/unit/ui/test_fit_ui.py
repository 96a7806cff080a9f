"""The fit in the web UI (issue 15, item 6): the Jobs page's Best fit order and score badges, the job
page's reasons and "More like this" — the pages' state over the real client, without a browser.

The Api's answers are built from its own shapes (``FitPage``, ``FitJob``, ``SimilarJob``: each
answer is validated through them before it is sent), so a change of the contract fails here.
What a person would notice: with a profile the jobs come best fit first, each card with its score
coloured by band and its top reason, a sunk job said to be sunk and why; without one nothing breaks
and the plain order applies; the job page lists each reason and the jobs like it, or the Api's
word for why there are none yet.
"""

from __future__ import annotations

import asyncio
import json
import re
import types
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jobscraper_ui.base import BaseState
from jobscraper_ui.client import ApiError, use_client
from jobscraper_ui.format import fit_band
from jobscraper_ui.pages.fit import NO_FIT, fit_fields
from jobscraper_ui.pages.job_detail_state import JobDetailState
from jobscraper_ui.pages.jobs_state import FIT, PLAIN_SORT, JobsState

from jobscraper.matching.fit_parts import Reason
from jobscraper.matching.shapes import FitJob, FitPage, SimilarJob
from tests.unit.ui.fake_api import job_json, mock_client

SKILLS = Reason(
    kind="skills",
    ok=True,
    text="2 of the 3 skills it asks for: has Python, Django; missing Kafka",
    matched=["Python", "Django"],
    missing=["Kafka"],
)
MEANING = Reason(kind="meaning", ok=True, text="close to your résumé (cosine 0.61)")
PLACE_SUNK = Reason(kind="place", ok=False, hard=True, text="in Munich, not among your locations")
NO_PROFILE = "no active profile: make one with PUT /api/profile"
SALARY = Reason(kind="salary", ok=None, text="pays in USD, your floor is in EUR: not compared")


def _fit_job(job_id: int, fit: int | None, reasons: list[Reason], sunk: bool = False) -> dict[str, Any]:
    scored = {"fit": fit, "fit_reasons": [r.model_dump() for r in reasons], "fit_sunk": sunk}
    return job_json(job_id, title=f"Job {job_id}", company="Acme", **scored)


class FitApi:
    """``GET /api/jobs`` (``sort=fit``: 409 without a profile), ``GET``/``PATCH /api/jobs/{id}`` and
    ``GET /api/jobs/{id}/similar`` (409 for a job without a vector) as the contract has them."""

    def __init__(self, profile: str | None) -> None:
        self.profile = profile
        self.asked: list[dict[str, str]] = []
        self.jobs = {
            1: _fit_job(1, 86, [MEANING, SKILLS]),
            2: _fit_job(2, 55, [SALARY]),
            3: _fit_job(3, 12, [PLACE_SUNK, MEANING], sunk=True),
        }
        self.vectors = {1, 2, 3}

    def _job(self, job_id: int) -> dict[str, Any]:
        job = self.jobs[job_id]
        if self.profile is None:
            job = {**job, "fit": None, "fit_reasons": [], "fit_sunk": False}
        return FitJob.model_validate(job).model_dump(mode="json")

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/health":
            return httpx.Response(200, json={"status": "ok"})
        if path == "/api/jobs":
            query = dict(request.url.params)
            self.asked.append(query)
            if query.get("sort") == FIT and self.profile is None:
                return httpx.Response(409, json={"detail": NO_PROFILE})
            items = [self._job(i) for i in self.jobs]
            page = {"total": 3, "page": 1, "per_page": 20, "items": items, "fit_profile": self.profile}
            return httpx.Response(200, json=FitPage.model_validate(page).model_dump(mode="json"))
        if path == "/api/jobs/sources":  # the Source filter's choices
            return httpx.Response(200, json=[])
        found = re.fullmatch(r"/api/jobs/(\d+)(/similar)?", path)
        assert found is not None, path
        job_id = int(found.group(1))
        if found.group(2):
            if job_id not in self.vectors:
                detail = f"job {job_id} has no vector yet: run `jobscraper reindex`"
                return httpx.Response(409, json={"detail": detail})
            alike = [{**job_json(i, title=f"Like {i}", company="Beta", location="Berlin"), "similarity": s}
                     for i, s in ((2, 0.8123), (3, 0.5))]  # fmt: skip
            answer = [SimilarJob.model_validate(a).model_dump(mode="json") for a in alike]
            return httpx.Response(200, json=answer)
        if request.method == "PATCH":  # an edit answers the plain job, no fit
            self.jobs[job_id] = {**self.jobs[job_id], **json.loads(request.content)}
            plain = {k: v for k, v in self.jobs[job_id].items() if not k.startswith("fit")}
            return httpx.Response(200, json=plain)
        return httpx.Response(200, json=self._job(job_id))


def _use(api: FitApi) -> Iterator[FitApi]:
    use_client(mock_client(api))
    yield api
    use_client(None)


@pytest.fixture
def with_profile() -> Iterator[FitApi]:
    yield from _use(FitApi("Jane"))


@pytest.fixture
def no_profile() -> Iterator[FitApi]:
    yield from _use(FitApi(None))


def _state(cls: Any, **extra: Any) -> types.SimpleNamespace:
    """The page's state as a plain object with its own methods (Reflex needs a running app)."""
    values: dict[str, Any] = {}
    for name, field in cls.get_fields().items():
        if name.startswith(("router", "rx_", "_", "is_hydrated")):
            continue
        values[name] = field.default_factory() if callable(field.default_factory) else field.default
    state = types.SimpleNamespace(**values, **extra)
    for name, member in vars(cls).items():
        if name.startswith("_") and callable(member) and not name.startswith("__"):
            setattr(state, name, types.MethodType(member, state))
    for name in ("call", "check_health"):
        setattr(state, name, types.MethodType(getattr(BaseState, name).fn, state))
    return state


def _run(cls: Any, state: types.SimpleNamespace, event: str, *args: Any) -> None:
    answer = getattr(cls, event).fn(state, *args)
    if hasattr(answer, "__anext__"):

        async def drain() -> None:
            async for _ in answer:
                pass

        asyncio.run(drain())
    elif asyncio.iscoroutine(answer):
        asyncio.run(answer)


def test_the_badge_band_follows_the_score_and_a_sunk_job_is_red_whatever_its_score() -> None:
    bands = [fit_band(f) for f in (100, 70, 69, 40, 39, 0)]
    assert bands == ["green", "green", "amber", "amber", "gray", "gray"]
    assert fit_band(90, sunk=True) == "red" and fit_band(None) == fit_band(None, sunk=True) == ""
    badge = fit_fields(12, [PLACE_SUNK, MEANING, SKILLS, SALARY], sunk=True)
    assert badge["fit"] == "12" and badge["fit_band"] == "red" and badge["fit_sunk"] is True
    assert badge["fit_reason"] == PLACE_SUNK.text  # the reason that sank it, shown beside the badge
    assert badge["fit_tip"] == " · ".join(r.text for r in (PLACE_SUNK, MEANING, SKILLS))
    assert fit_fields(None, [], False) == NO_FIT and NO_FIT["fit"] == ""  # no badge at all
    # beside the badge: what the job asks that fits or not, before the meaning's cosine or an unknown
    unembedded = Reason(kind="meaning", ok=None, text="no embedding yet: run `jobscraper reindex`")
    assert fit_fields(60, [unembedded, SALARY, SKILLS], False)["fit_reason"] == SKILLS.text
    assert fit_fields(60, [MEANING, SALARY], False)["fit_reason"] == MEANING.text
    assert fit_fields(60, [unembedded, SALARY], False)["fit_reason"] == unembedded.text


def test_the_client_reads_the_fit_of_a_page_a_job_and_the_similar_jobs(with_profile: FitApi) -> None:
    from jobscraper_ui.client import client

    page = asyncio.run(client().jobs({"sort": FIT}))
    assert page.fit_profile == "Jane" and [j.fit for j in page.items] == [86, 55, 12]
    assert page.items[0].fit_reasons[1].missing == ["Kafka"] and page.items[2].fit_sunk
    alike = asyncio.run(client().similar(1, 8))
    assert [(j.id, j.similarity) for j in alike] == [(2, 0.8123), (3, 0.5)]
    with_profile.vectors.discard(1)
    with pytest.raises(ApiError) as refused:
        asyncio.run(client().similar(1, 8))
    assert refused.value.status == 409 and "no vector yet" in str(refused.value)


def test_with_a_profile_best_fit_is_the_default_and_every_card_has_its_badge(with_profile: FitApi) -> None:
    state = _state(JobsState)
    _run(JobsState, state, "load")
    assert [q["sort"] for q in with_profile.asked] == [FIT] and state.sort == FIT
    assert (state.fit_profile, state.error, state.fit_note) == ("Jane", "", "")
    shown = [(c.fit, c.fit_band, c.fit_sunk, c.fit_reason) for c in state.cards]
    assert shown == [
        ("86", "green", False, SKILLS.text),
        ("55", "amber", False, SALARY.text),
        ("12", "red", True, PLACE_SUNK.text),
    ]
    _run(JobsState, state, "set_filter", "sort", "posted")  # the person's choice stays theirs
    _run(JobsState, state, "set_filter", "remote", "remote")
    assert [q["sort"] for q in with_profile.asked] == [FIT, "posted", "posted"]
    assert state.cards[0].fit == "86"  # fits are shown in any order
    _run(JobsState, state, "clear")
    assert with_profile.asked[-1]["sort"] == FIT and state.sort_chosen is False


def test_an_edit_on_a_card_keeps_its_fit(with_profile: FitApi) -> None:
    state = _state(JobsState)
    _run(JobsState, state, "load")
    _run(JobsState, state, "toggle_favorite", "3", False)
    card = state.cards[2]
    assert card.favorite is True
    assert (card.fit, card.fit_sunk, card.fit_reason) == ("12", True, PLACE_SUNK.text)


def test_without_a_profile_the_plain_order_applies_quietly_and_no_badge(no_profile: FitApi) -> None:
    state = _state(JobsState)
    _run(JobsState, state, "load")
    # the Api's 409, then the plain order: without words, newest first
    assert [q["sort"] for q in no_profile.asked] == [FIT, "first_seen"]
    assert (state.sort, state.error, state.fit_note, state.fit_profile) == (PLAIN_SORT, "", "", "")
    assert len(state.cards) == 3 and all(c.fit == "" and c.fit_reason == "" for c in state.cards)
    _run(JobsState, state, "set_filter", "sort", FIT)  # chosen: the page says why it cannot
    assert state.sort == PLAIN_SORT and state.error == "" and len(state.cards) == 3
    assert state.fit_note == f"Best fit is not available: {NO_PROFILE}"
    no_profile.profile = "Jane"  # a profile made since: opening the page again orders by fit
    _run(JobsState, state, "clear")
    assert (state.sort, state.fit_profile, state.fit_note, state.cards[0].fit) == (FIT, "Jane", "", "86")


def test_with_the_api_down_the_jobs_page_says_so_and_holds_no_fit() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    use_client(mock_client(down))
    try:
        state = _state(JobsState)
        _run(JobsState, state, "load")
        detail = _state(JobDetailState, router=types.SimpleNamespace(url="http://ui/jobs/1"))
        _run(JobDetailState, detail, "load")
    finally:
        use_client(None)
    assert state.unreachable.startswith("nothing answers") and state.cards == [] and state.loaded
    assert detail.unreachable.startswith("nothing answers") and not detail.found and detail.similar == []


def _detail(job_id: int) -> types.SimpleNamespace:
    detail = _state(JobDetailState, router=types.SimpleNamespace(url=f"http://ui/jobs/{job_id}"))
    _run(JobDetailState, detail, "load")
    return detail


def test_the_job_page_lists_each_reason_and_the_jobs_like_it(with_profile: FitApi) -> None:
    detail = _detail(1)
    assert (detail.found, detail.fit, detail.fit_band, detail.error) == (True, "86", "green", "")
    rows = [(r.label, r.tone, r.text, r.matched, r.missing) for r in detail.reasons]
    assert rows == [
        ("Meaning", "green", MEANING.text, [], []),
        ("Skills", "green", SKILLS.text, ["Python", "Django"], ["Kafka"]),
    ]
    assert [(s.title, s.href, s.where, s.alike) for s in detail.similar] == [
        ("Like 2", "/jobs/2", "Beta · Berlin", "0.81"),
        ("Like 3", "/jobs/3", "Beta · Berlin", "0.50"),
    ]
    assert detail.similar_note == ""
    sunk = _detail(3)
    assert (sunk.fit_sunk, sunk.fit_band, sunk.reasons[0].hard, sunk.reasons[0].label) == (
        True, "red", True, "Location / remote",
    )  # fmt: skip
    _run(JobDetailState, sunk, "set_status", "3", "applied")  # an edit's answer has no fit: it stays
    assert (sunk.status, sunk.fit, len(sunk.reasons)) == ("applied", "12", 2)


def test_a_job_without_a_vector_says_so_in_place_of_more_like_this(with_profile: FitApi) -> None:
    with_profile.vectors.discard(2)
    detail = _detail(2)
    assert detail.found and detail.error == "" and detail.similar == []
    assert detail.similar_note == "job 2 has no vector yet: run `jobscraper reindex`"


def test_without_a_profile_the_job_page_shows_the_job_and_no_fit(no_profile: FitApi) -> None:
    detail = _detail(1)
    assert (detail.found, detail.fit, detail.reasons, detail.error) == (True, "", [], "")
    assert len(detail.similar) == 2  # likeness needs no profile


def test_the_pages_compile_with_the_badge_the_reasons_and_more_like_this() -> None:
    from jobscraper_ui.jobscraper_ui import app  # here only: importing it builds the whole app
    from jobscraper_ui.pages.job_detail import job_detail_page
    from jobscraper_ui.pages.jobs import jobs_page
    from reflex.compiler.compiler import compile_page

    assert "index" in app._unevaluated_pages
    _path, jobs = compile_page("index", jobs_page())
    for shown in ("fit-badge", "fit-profile", "fit-reason-short", "Best fit", "sunk "):
        assert shown in jobs
    _path, job = compile_page("jobs/[job_id]", job_detail_page())
    for shown in ("fit-card", "fit-reasons", "More like this", "similar-note", "similar-job", "Sinks it: "):
        assert shown in job


# ---------------------------------------------------------------- the real Api, end to end
@pytest.fixture
def real_api(db: Any, sync: Any, make_posting: Any) -> Iterator[Any]:
    """The real Api app over a SQLite file holding jobs embedded by the hashing fake model (and one
    job scraped after, with no vector yet), answering the UI client's requests."""
    from jobscraper.matching.reindex import embed_missing
    from jobscraper.store.writer import Writer
    from jobscraper.store.writer_client import InProcessTransport, WriterClient
    from tests.unit.matching.fakes import HashingEmbedder
    from tests.unit.serve.test_api_job_fit import POSTINGS, Loads, _client
    from tests.unit.ui.test_profile_page import RealApi

    sync.upsert([make_posting(**p) for p in POSTINGS])
    embed_missing(db, WriterClient(InProcessTransport(Writer(db))), HashingEmbedder())
    sync.upsert([make_posting(title="Night Baker", location="Lisbon", description="Bread at 4am.")])
    with _client(db, Loads()) as http:
        real = RealApi(http)
        use_client(mock_client(real))
        yield real
        use_client(None)


def test_against_the_real_api_a_profile_turns_on_best_fit_badges_reasons_and_more_like_this(
    real_api: Any,
) -> None:
    from tests.unit.serve.test_api_job_fit import RESUME

    state = _state(JobsState)
    _run(JobsState, state, "load")  # no profile yet: the Api's own 409, then the plain order
    assert (state.sort, state.error, state.fit_profile) == (PLAIN_SORT, "", "")
    assert state.cards and all(c.fit == "" for c in state.cards)
    real_api.http.put(
        "/api/profile", json={"resume_text": RESUME, "locations": ["Lisbon"], "remote_ok": False}
    )

    _run(JobsState, state, "load")
    assert (state.sort, state.error, state.fit_profile) == (FIT, "", "default")
    assert all(c.fit != "" and c.fit_band and c.fit_reason for c in state.cards)  # a badge on every card
    fits = [int(c.fit) for c in state.cards]
    assert fits == sorted(fits, reverse=True) and "Django" in state.cards[0].title
    assert state.cards[-1].fit_sunk or state.cards[-1].fit_band == "gray"

    best = state.cards[0].id
    detail = _detail(int(best))
    assert (detail.found, detail.fit, detail.error) == (True, state.cards[0].fit, "")
    skills = next(r for r in detail.reasons if r.label == "Skills")
    assert "Python" in skills.matched and "Django" in skills.matched
    assert detail.similar and all(s.id != best and s.href == f"/jobs/{s.id}" for s in detail.similar)
    baker = next(c.id for c in state.cards if c.title == "Night Baker")
    plain = _detail(int(baker))  # scraped after the embedding: no vector yet, said plainly
    assert plain.found and plain.error == "" and plain.similar == []
    assert "reindex" in plain.similar_note, plain.similar_note
