"""The Api's work on profiles (résumé + preferences, :mod:`jobscraper.matching.profile`).

A mixin of :class:`serve.backend.ApiBackend`: reads go through its read-only database
(``_read``), writes through its writer client (``_writes``) — the Api never writes itself.

``PUT /api/profile`` changes what the body holds, like ``jobscraper profile set``: a field the body
leaves out keeps its stored value, one sent as ``null`` or ``[]`` is cleared. Pasted résumé text goes
through :func:`~jobscraper.matching.resume.resume_from_text`, the check a résumé file's text gets,
so an empty résumé is one clear 422; one over :data:`~jobscraper.matching.resume.MAX_RESUME_BYTES`
is refused before it reaches the writer.
"""

from __future__ import annotations

from typing import Any

from jobscraper.config import Settings
from jobscraper.errors import InputError, NotFound
from jobscraper.matching.profile import ProfileInput, ProfilePublic
from jobscraper.matching.resume import MAX_RESUME_BYTES, resume_from_text
from jobscraper.store.profiles import get_active_profile, get_profile, list_profiles
from jobscraper.store.writer_client import WriterClient
from serve.profile_match import MatchedJob, MatchQuery, MeaningLoader, matched_jobs

__all__ = ["NO_PROFILE", "ProfileBackend", "checked_input"]

NO_PROFILE = (
    "no profile yet: make one with PUT /api/profile (your résumé's text in resume_text), "
    "the Profile page, or `jobscraper profile set --resume FILE`"
)
_BOOKKEEPING = {"name", "activate"}


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
        return await (await self._writes()).put_profile(checked_input(body), merge=True)

    async def activate_profile(self, name: str) -> ProfilePublic:
        return await (await self._writes()).activate_profile(name)

    async def delete_profile(self, name: str) -> None:
        """Delete it; when it was the active one, the most recently changed of the rest becomes active."""
        await (await self._writes()).delete_profile(name)

    async def match(self, query: MatchQuery) -> list[MatchedJob]:
        """The jobs that fit the active profile best (:mod:`serve.profile_match`)."""
        profile = await self.active_profile()
        found: list[MatchedJob] = await self._read(
            matched_jobs, self._settings, self._meaning, profile, query
        )
        return found
