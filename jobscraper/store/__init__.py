"""The job database: opening/migrating it, the sync engine, search, user edits, import/export, saved
searches and watched companies (:mod:`.saved`)."""

from jobscraper.store.db import Database, open_database, open_reader
from jobscraper.store.edits import UserUpdate
from jobscraper.store.search import (
    JobPublic,
    JobQuery,
    SearchPage,
    fts_query,
    get_job,
    search_jobs,
)
from jobscraper.store.sync import SyncEngine, UpsertCounts, utcnow

__all__ = [
    "Database",
    "JobPublic",
    "JobQuery",
    "SearchPage",
    "SyncEngine",
    "UpsertCounts",
    "UserUpdate",
    "fts_query",
    "get_job",
    "open_database",
    "open_reader",
    "search_jobs",
    "utcnow",
]
