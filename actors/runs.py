"""What a scrape run is made of and what it reports: tasks, per-source state, events.

Plain data (pydantic), so the coordinator can hand it over Ray and the Api/UI/CLI can show it.
The shapes the Api serves (``SourceState``, ``ExtractionProgress``, ``EmbeddingProgress``,
``Event``) live in the core, :mod:`jobscraper.run_shapes`, where the web UI's client can read them
too; they are re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.run_shapes import EmbeddingProgress, Event, ExtractionProgress, SourceState, SourceStatus
from jobscraper.store.identity import normalize_company
from jobscraper.store.liveness import LivenessCounts
from jobscraper.store.saved_shapes import SourceOutcome

__all__ = [
    "EmbeddingProgress",
    "Event",
    "ExtractionProgress",
    "RunSpec",
    "RunState",
    "SourceState",
    "SourceStatus",
    "SourceTask",
    "source_outcomes",
]


class SourceTask(BaseModel):
    """One unit of scraping: one board for one saved search, or one company."""

    key: str
    kind: Literal["board", "company"]
    label: str
    search: SavedSearch | None = None
    company: CompanyConfig | None = None


class RunSpec(BaseModel):
    """What to scrape. Built from the config, from CLI flags, or from an Api body."""

    searches: list[SavedSearch] = Field(default_factory=list)
    companies: list[CompanyConfig] = Field(default_factory=list)
    archive_missing: bool = Field(True, description="archive a company's jobs its full listing no longer has")

    def entry_keys(self) -> list[str]:
        """``search:NAME`` and ``company:NORMALISED NAME`` of what the run scrapes: how the
        scheduler tells that a saved entry is in a run (the names the last results are kept by)."""
        keys = [f"search:{s.name}" for s in self.searches if s.enabled]
        keys += [f"company:{normalize_company(c.name)}" for c in self.companies if c.enabled]
        return keys

    def tasks(self) -> list[SourceTask]:
        out: list[SourceTask] = []
        for search in self.searches:
            if not search.enabled:
                continue
            for site in search.sites:
                single = search.model_copy(update={"sites": [site]})
                out.append(
                    SourceTask(
                        key=f"{site}:{search.name}",
                        kind="board",
                        label=f"{site} · {search.name}",
                        search=single,
                    )
                )
        for company in self.companies:
            if company.enabled:
                out.append(
                    SourceTask(
                        key=f"company:{company.name}", kind="company", label=company.name, company=company
                    )
                )
        # a key names a source's batches at the writer, so it must be unique within the run: two
        # companies of one name (or two searches of one name) would otherwise share batch ids
        seen: dict[str, int] = {}
        for task in out:
            seen[task.key] = seen.get(task.key, 0) + 1
            if seen[task.key] > 1:
                task.key = f"{task.key}#{seen[task.key]}"
        return out


class RunState(BaseModel):
    run_id: int
    status: Literal["running", "done", "failed", "cancelled"] = "running"
    started_at: datetime
    finished_at: datetime | None = None
    sources: dict[str, SourceState] = Field(default_factory=dict)
    archived: int = 0
    liveness: LivenessCounts = Field(default_factory=LivenessCounts, description="its liveness pass")
    extraction: ExtractionProgress = Field(default_factory=ExtractionProgress)
    embedding: EmbeddingProgress = Field(default_factory=EmbeddingProgress)
    entries: list[str] = Field(
        default_factory=list, description="the searches and companies it scrapes (RunSpec.entry_keys)"
    )

    def totals(self) -> dict[str, int]:
        keys = ("found", "inserted", "updated", "unchanged", "duplicates", "needs_extraction")
        out = {k: sum(getattr(s, k) for s in self.sources.values()) for k in keys}
        out["archived"] = self.archived
        out["checked"] = self.liveness.checked
        out["closed"] = self.liveness.closed
        out["extracted"] = self.extraction.extracted
        out["extraction_failed"] = self.extraction.failed
        out["embedded"] = self.embedding.embedded
        out["failed_sources"] = sum(s.status in ("failed", "blocked") for s in self.sources.values())
        out["empty_sources"] = sum(s.verdict == "empty" for s in self.sources.values())
        out["partial_sources"] = sum(s.verdict == "partial" for s in self.sources.values())
        return out


def source_outcomes(tasks: list[SourceTask], state: RunState) -> list[SourceOutcome]:
    """How each task of a run ended, named by its search or company (the writer keeps the last
    outcome of each saved search and watched company: several boards of one search add up)."""
    out = []
    for task in tasks:
        source = state.sources.get(task.key)
        if source is None:
            continue
        if task.search is not None:
            kind: Literal["search", "company"] = "search"
            name = task.search.name
        elif task.company is not None:
            kind, name = "company", task.company.name
        else:
            continue
        out.append(
            SourceOutcome(
                kind=kind,
                name=name,
                status=source.status,
                found=source.found,
                new=source.inserted,
                error=source.errors[0] if source.errors else None,
            )
        )
    return out
