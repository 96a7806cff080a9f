"""The Api's work on profiles (résumé + preferences, :mod:`jobscraper.matching.profile`).

A mixin of :class:`serve.backend.ApiBackend`: reads go through its read-only database
(``_read``), writes through its writer client (``_writes``) — the Api never writes itself.

``PUT /api/profile`` changes what the body holds, like ``jobscraper profile set``: a field the body
leaves out keeps its stored value, one sent as ``null`` or ``[]`` is cleared. Pasted résumé text goes
through :func:`~jobscraper.matching.resume.resume_from_text`, the check a résumé file's text gets,
so an empty résumé is one clear 422; one over :data:`~jobscraper.matching.resume.MAX_RESUME_BYTES`
is refused before it reaches the writer. A change to the active profile (or another one made
active, or one left active when the active one is deleted) stores its fits again in the background
(:mod:`actors.fits`, through the writer); so does a job list or a job that was scored on the fly
while some of the active profile's fits are missing (:meth:`ProfileBackend._store_missing_fits`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from actors.fits import fill_active_fits
from jobscraper.config import Settings
from jobscraper.errors import InputError, NotFound
from jobscraper.matching.fit_store import fit_version, profile_id
from jobscraper.matching.job_fit import ProfileMeaning
from jobscraper.matching.profile import ProfileInput, ProfilePublic
from jobscraper.matching.rank import Embeds
from jobscraper.matching.resume import MAX_RESUME_BYTES, resume_from_text
from jobscraper.store import Database
from jobscraper.store.fits import all_fresh
from jobscraper.store.profiles import get_active_profile, get_profile, list_profiles
from jobscraper.store.writer_client import WriterClient
from serve.job_fit import FitCache
from serve.profile_match import MatchedJob, MatchingUnavailable, MatchQuery, MeaningLoader, matched_jobs

__all__ = ["NO_PROFILE", "ProfileBackend", "checked_input"]

NO_PROFILE = (
    "no profile yet: make one with PUT /api/profile (your résumé's text in resume_text), "
    "the Profile page, or `jobscraper profile set --resume FILE`"
)
_BOOKKEEPING = {"name", "activate"}
_CHECK_EVERY_S = 5.0
"""How often a listing may check for the active profile's missing fits (a pass, when one is needed,
runs to its end whatever the interval)."""
log = logging.getLogger(__name__)


def _meaning_of(db: Database, settings: Settings, fits: FitCache, profile: ProfilePublic) -> ProfileMeaning:
    return fits.meaning(settings, db, profile)


def _fits_missing(db: Database, profile: ProfilePublic, embedder: Embeds) -> bool:
    """Whether some job the lists can show lacks the profile's fresh fit (two counts, no pass)."""
    with db.reader() as conn:
        pid = profile_id(conn, profile.name)
        return pid is not None and not all_fresh(conn, pid, fit_version(profile, embedder))


def _is_active(db: Database, name: str) -> bool:
    found = get_active_profile(db)
    return found is not None and found.name == name


def _logged(kind: str, message: str, **_data: Any) -> None:
    log.log(logging.WARNING if kind.endswith("failed") else logging.INFO, "%s: %s", kind, message)


def checked_input(body: ProfileInput) -> ProfileInput:
    """``body`` with its pasted résumé checked and normalised (format ``pasted`` unless the client
    named one); :class:`InputError` for an empty or oversized résumé, or a body that sets nothing."""
    given = body.model_fields_set - _BOOKKEEPING
    if not given and body.activate is None:
        raise InputError("nothing to set: send resume_text or a preference (see /docs, PUT /api/profile)")
    if "resume_text" not in given:
        return body
    size = len(body.resume_text.encode("utf-8", "surrogatepass"))
    if size > MAX_RESUME_BYTES:
        raise InputError(
            f"resume_text: {size / 1024 / 1024:.1f} MB is too large for a résumé "
            f"(at most {MAX_RESUME_BYTES // 1024 // 1024} MB)"
        )
    resume = resume_from_text(
        body.resume_text, file_name=body.resume_file, fmt=body.resume_format or "pasted"
    )
    return body.model_copy(
        update={"resume_text": resume.text, "resume_file": resume.file_name, "resume_format": resume.format}
    )


class ProfileBackend:
    """The profile routes' work; :class:`~serve.backend.ApiBackend` provides ``_read``, ``_writes``,
    ``_settings`` and ``_meaning``."""

    _settings: Settings
    _meaning: MeaningLoader
    _fits: FitCache

    async def _read(self, fn: Any, *args: Any) -> Any:
        raise NotImplementedError

    async def _writes(self) -> WriterClient:
        raise NotImplementedError

    async def active_profile(self) -> ProfilePublic:
        """The active profile; :class:`NotFound` (404) saying how to make one while there is none."""
        found: ProfilePublic | None = await self._read(get_active_profile)
        if found is None:
            raise NotFound(NO_PROFILE)
        return found

    async def profiles(self) -> list[ProfilePublic]:
        found: list[ProfilePublic] = await self._read(list_profiles)
        return found

    async def profile(self, name: str) -> ProfilePublic:
        found: ProfilePublic = await self._read(get_profile, name)
        return found

    async def put_profile(self, body: ProfileInput) -> ProfilePublic:
        """Create the profile or change the fields the body holds (see the module docstring)."""
        stored: ProfilePublic = await (await self._writes()).put_profile(checked_input(body), merge=True)
        if stored.active:
            self._refit(stored)
        return stored

    async def activate_profile(self, name: str) -> ProfilePublic:
        stored: ProfilePublic = await (await self._writes()).activate_profile(name)
        self._refit(stored)
        return stored

    def _refit(self, profile: ProfilePublic) -> None:
        """Store the active profile's fits again, in the background: an edit made them stale (a new
        version), and until they are stored the job list and match score what is missing, or rank
        live — correct, just slow. A newer edit cancels the pass of an older one."""
        previous: asyncio.Task[int] | None = getattr(self, "_fit_task", None)
        if previous is not None and not previous.done():
            previous.cancel()
        self._fit_task = asyncio.get_running_loop().create_task(self._fit_active(profile))

    async def _fit_active(self, profile: ProfilePublic) -> int:
        if not profile.resume_text.strip():
            return 0
        try:  # the replica's cached profile: the résumé is embedded once for its list and its fits
            meaning: ProfileMeaning = await self._read(_meaning_of, self._settings, self._fits, profile)
            embedder: Embeds = meaning.embedder
        except MatchingUnavailable as exc:
            log.warning("the active profile's fits are not stored: %s", exc)
            return 0
        return await fill_active_fits(await self._writes(), embedder, asyncio.Lock(), _logged)

    def _store_missing_fits(self, scored: bool) -> None:
        """After a response scored jobs on the fly (``scored``: the list or a job had a fit), store
        the active profile's missing fits in the background, so the next ``sort=fit`` and match read
        them instead of scoring again. Never blocks the response; a pass already running (a profile
        edit's, or an earlier request's) is left to finish, so a burst of requests starts one."""
        if not scored:
            return
        running: asyncio.Task[int] | None = getattr(self, "_fit_task", None)
        if running is not None and not running.done():
            return
        now = time.monotonic()  # a page turned every second checks (two counts) once in a while
        if now - getattr(self, "_fits_checked_at", -_CHECK_EVERY_S) < _CHECK_EVERY_S:
            return
        self._fits_checked_at = now
        self._fit_task = asyncio.get_running_loop().create_task(self._fill_missing())

    async def _fill_missing(self) -> int:
        profile: ProfilePublic | None = await self._read(get_active_profile)
        if profile is None or not profile.resume_text.strip():
            return 0
        try:
            meaning: ProfileMeaning = await self._read(_meaning_of, self._settings, self._fits, profile)
        except MatchingUnavailable:
            return 0
        if not await self._read(_fits_missing, profile, meaning.embedder):
            return 0  # every job has its fresh fit: no writer call
        return await self._fit_active(profile)

    async def delete_profile(self, name: str) -> None:
        """Delete it (its stored fits go with it: the database cascades); when it was the active one,
        the most recently changed of the rest becomes active and its fits are stored in the
        background, as when a profile is made active; with none left, a pass still running stops."""
        was_active = await self._read(_is_active, name)
        active: str | None = await (await self._writes()).delete_profile(name)
        if not was_active:
            return
        if active is None:
            previous: asyncio.Task[int] | None = getattr(self, "_fit_task", None)
            if previous is not None and not previous.done():
                previous.cancel()
            return
        self._refit(await self.profile(active))

    async def match(self, query: MatchQuery) -> list[MatchedJob]:
        """The jobs that fit the active profile best (:mod:`serve.profile_match`)."""
        profile = await self.active_profile()
        found: list[MatchedJob] = await self._read(
            matched_jobs, self._settings, self._meaning, profile, query
        )
        return found
