"""The tools an assistant calls, each one API route (or a poll of one) and a compact answer.

- ``search_jobs``: the job list's filters, sort (``fit``: best fit for the active profile first),
  full-text ``q`` and page — its arguments are :class:`~jobscraper.store.JobQuery`'s fields, read
  from that model (each field is declared once), with a smaller page for an assistant's context;
- ``get_job``: one job, its description cut at ``description_chars``;
- ``update_job``: favourite, status, notes — ``PATCH /api/jobs/{id}``, so the WriterActor writes it;
- ``start_scrape``: a run of saved searches and/or watched companies by name;
- ``run_status``: a run's progress and its events after a number, optionally waiting for it to end
  (with MCP progress notifications while it runs);
- ``list_saved``: the saved searches and watched companies (names for ``start_scrape``);
- ``job_stats``: totals, statuses, sources, skills, salaries, the funnel.

Every failure is a tool error with one sentence (the SDK answers ``isError``): bad arguments are
refused by the arguments' schema before any call, the API's own refusals come back in its words,
and an API that is not running says how to start it. Nothing here writes to the database.
"""

from __future__ import annotations

import inspect
import json
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field, TypeAdapter, ValidationError

from jobscraper.matching.shapes import FitJob, FitPage
from jobscraper.mcp import compact
from jobscraper.mcp.api import ApiClient, ApiProblem, ApiRefused
from jobscraper.run_shapes import RunDetail
from jobscraper.store import JobQuery, UserUpdate
from jobscraper.store.saved_shapes import CompanyPublic, SavedSearchPublic
from jobscraper.store.stats import JobStats
from jobscraper.vocabulary import JobStatus

__all__ = ["MAX_PER_PAGE", "MAX_WAIT_S", "add_tools", "saved_companies", "saved_searches"]

MAX_PER_PAGE = 50  # an assistant's context is small: fewer rows per page than the API allows
MAX_WAIT_S = 300
_DESCRIPTION_CHARS = 4000
JobId = Annotated[int, Field(ge=1, le=2**62, description="the job's id (from search_jobs)")]
# what JobQuery leaves undescribed, said for the assistant
_HINTS = {
    "posted_since": "only jobs posted on or after this date (YYYY-MM-DD)",
    "status": "only jobs in this application status",
    "archived": "jobs no scrape has seen for a while: exclude (default), include or only",
    "include_hidden": "also the jobs the person hid",
    "sort": "fit: best fit for the active profile first; relevance: best text match (with q)",
    "descending": "largest/newest first (not read for sort=fit)",
    "page": "page number, from 1",
}
_READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
_SEARCHES = TypeAdapter(list[SavedSearchPublic])
_COMPANIES = TypeAdapter(list[CompanyPublic])


def _dump(value: Any) -> str:
    """Compact JSON: an assistant pays for every space."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _problem(exc: ApiProblem) -> ToolError:
    return ToolError(str(exc))


def _search_signature() -> inspect.Signature:
    """``search_jobs``'s arguments: JobQuery's fields with their types, limits and descriptions."""
    params = []
    for name, field in JobQuery.model_fields.items():
        meta = [*field.metadata, Field(description=field.description or _HINTS.get(name))]
        default = field.get_default(call_default_factory=True)
        if name == "per_page":
            meta = [Field(ge=1, le=MAX_PER_PAGE, description=f"jobs per page, at most {MAX_PER_PAGE}")]
            default = 10
        annotation = Annotated[(field.annotation, *meta)]  # type: ignore[name-defined]
        params.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        )
    return inspect.Signature(params, return_annotation=str)


def saved_searches(api: ApiClient) -> Callable[[], Awaitable[list[dict[str, Any]]]]:
    async def read() -> list[dict[str, Any]]:
        rows = await api.typed(_SEARCHES.validate_python, "GET", "/api/searches")
        return [compact.search_row(r) for r in rows]

    return read


def saved_companies(api: ApiClient) -> Callable[[], Awaitable[list[dict[str, Any]]]]:
    async def read() -> list[dict[str, Any]]:
        rows = await api.typed(_COMPANIES.validate_python, "GET", "/api/companies")
        return [compact.company_row(r) for r in rows]

    return read


def add_tools(server: MCPServer, api: ApiClient, *, poll_s: float = 1.0) -> None:
    """Register the tools on ``server``, each calling ``api``; ``poll_s``: how often ``run_status``
    asks while it waits for a run."""
    searches, companies = saved_searches(api), saved_companies(api)

    async def search_jobs(**arguments: Any) -> str:
        try:
            query = JobQuery.model_validate(arguments)
        except ValidationError as exc:  # the schema checked each field; this is what it cannot
            raise ToolError(f"bad search: {exc.errors()[0]['msg']}") from exc
        params = query.model_dump(mode="json", exclude_defaults=True)
        params["per_page"] = query.per_page
        try:
            found = await api.typed(FitPage.model_validate, "GET", "/api/jobs", params=params)
        except ApiProblem as exc:
            raise _problem(exc) from exc
        return _dump(compact.page(found))

    search_jobs.__signature__ = _search_signature()  # type: ignore[attr-defined]
    server.add_tool(
        search_jobs,
        name="search_jobs",
        title="Search jobs",
        description="Find jobs in the person's job database: text query q (title, company, description, "
        "skills), filters, sort (fit = best fit for their active profile first) and page. Answers "
        "compact rows with ids; get_job gives the whole job.",
        annotations=_READ_ONLY,
        structured_output=False,
    )

    async def get_job(
        job_id: JobId,
        description_chars: Annotated[
            int, Field(ge=0, le=100_000, description="cut the description at this many characters")
        ] = _DESCRIPTION_CHARS,
    ) -> str:
        """One job: description, skills, the person's status and notes, why it fits, where it was seen."""
        try:
            job = await api.typed(FitJob.model_validate, "GET", f"/api/jobs/{job_id}")
        except ApiProblem as exc:
            raise _problem(exc) from exc
        return _dump(compact.job_detail(job, description_chars))

    server.add_tool(get_job, title="Get a job", annotations=_READ_ONLY, structured_output=False)

    async def update_job(
        job_id: JobId,
        favorite: Annotated[
            bool | None, Field(description="mark (true) or unmark (false) as favourite")
        ] = None,
        status: Annotated[
            JobStatus | None, Field(description="the application status: where the person stands")
        ] = None,
        notes: Annotated[
            str | None, Field(max_length=100_000, description="the person's notes; replaces the old ones")
        ] = None,
    ) -> str:
        """Change what the person owns on a job — favourite, status, notes — and answer the job as it
        is now. Fields not given stay as they are; a scrape never overwrites these."""
        given = {
            k: v for k, v in {"favorite": favorite, "status": status, "notes": notes}.items() if v is not None
        }
        if not given:
            raise ToolError("nothing to change: give favorite, status or notes")
        change = UserUpdate.model_validate(given).model_dump(mode="json", exclude_unset=True)
        try:
            job = await api.typed(FitJob.model_validate, "PATCH", f"/api/jobs/{job_id}", json=change)
        except ApiProblem as exc:
            raise _problem(exc) from exc
        return _dump(compact.job_detail(job, 0))

    server.add_tool(
        update_job,
        title="Update a job",
        annotations=ToolAnnotations(destructive_hint=False, idempotent_hint=True, open_world_hint=False),
        structured_output=False,
    )

    async def start_scrape(
        searches: Annotated[
            list[Annotated[str, Field(min_length=1, max_length=200)]],
            Field(max_length=100, description="names of saved searches (list_saved)"),
        ] = [],  # noqa: B006  # the SDK validates into a fresh list per call
        companies: Annotated[
            list[Annotated[str, Field(min_length=1, max_length=200)]],
            Field(max_length=100, description="names of watched companies (list_saved)"),
        ] = [],  # noqa: B006
        all_saved: Annotated[bool, Field(description="every enabled saved search and company")] = False,
    ) -> str:
        """Start scraping saved searches and/or watched companies now; answers the run's id and first
        snapshot — follow it with run_status."""
        if not (searches or companies or all_saved):
            raise ToolError("nothing to scrape: name searches or companies (see list_saved), or all_saved")
        body = {"searches": searches, "companies": companies, "all_saved": all_saved}
        try:
            detail = await api.typed(RunDetail.model_validate, "POST", "/api/runs", json=body)
        except ApiRefused as exc:
            running = exc.body.get("run_id")
            if exc.status == 409 and running is not None:
                raise ToolError(f"{exc} — follow it with run_status(run_id={running})") from exc
            raise _problem(exc) from exc
        except ApiProblem as exc:
            raise _problem(exc) from exc
        return _dump(compact.run(detail))

    server.add_tool(
        start_scrape,
        title="Start a scrape",
        annotations=ToolAnnotations(destructive_hint=False, open_world_hint=True),
        structured_output=False,
    )

    async def run_status(
        run_id: Annotated[int, Field(ge=1, le=2**62, description="the run's id (start_scrape)")],
        ctx: Context,
        events_after: Annotated[
            int, Field(ge=0, description="also the run's events after this number (its last_event)")
        ] = 0,
        wait_s: Annotated[
            float, Field(ge=0, le=MAX_WAIT_S, description="wait up to this long for the run to finish")
        ] = 0,
    ) -> str:
        """A run's progress: status, counts, each source's outcome, and its events after
        events_after; with wait_s, waits for it to finish (progress notifications meanwhile)."""
        deadline = time.monotonic() + wait_s
        after, events = events_after, []
        while True:
            try:
                # wait_s: the API's long poll (a live run answers at its next event)
                left = deadline - time.monotonic()
                params = {"events_after": after, "wait_s": round(min(left, 10.0), 1) if left > 0 else None}
                detail = await api.typed(
                    RunDetail.model_validate, "GET", f"/api/runs/{run_id}", params=params
                )
            except ApiProblem as exc:
                raise _problem(exc) from exc
            events.extend(detail.events)
            after = max([after, *(e.n for e in detail.events)])
            finished = detail.status not in ("running", "queued")
            if finished or time.monotonic() >= deadline:
                break
            done = sum(1 for s in detail.sources if s.finished_at is not None)
            await ctx.report_progress(done, len(detail.sources) or None, f"run {run_id}: {detail.status}")
            await anyio.sleep(min(poll_s, max(0.0, deadline - time.monotonic())))
        return _dump(compact.run(detail.model_copy(update={"events": events})))

    server.add_tool(run_status, title="Follow a run", annotations=_READ_ONLY, structured_output=False)

    async def list_saved() -> str:
        """The saved searches and watched companies: their names (for start_scrape), what each
        scrapes and how its last run went."""
        try:
            return _dump({"searches": await searches(), "companies": await companies()})
        except ApiProblem as exc:
            raise _problem(exc) from exc

    server.add_tool(
        list_saved, title="Saved searches and companies", annotations=_READ_ONLY, structured_output=False
    )

    async def job_stats(
        days: Annotated[int, Field(ge=1, le=3650, description="the window for new jobs, in days")] = 30,
    ) -> str:
        """Counts of the job database: totals, new jobs in the window, statuses, sources, top skills,
        salaries and the application funnel."""
        try:
            found = await api.typed(JobStats.model_validate, "GET", "/api/stats", params={"days": days})
        except ApiProblem as exc:
            raise _problem(exc) from exc
        return _dump(compact.stats(found))

    server.add_tool(job_stats, title="Job statistics", annotations=_READ_ONLY, structured_output=False)
