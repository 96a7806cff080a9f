"""How an unexpected exception is told: one line for the run's state and events, its traceback for
the log and the event's data.

An exception that is neither a :class:`~jobscraper.errors.ScrapeError` nor a lost worker is a bug
or a lost collaborator (the writer gone for good). It must fail what it interrupted — a source, the
extraction pass or the run — and say so where the user looks, never leave it "running".
"""

from __future__ import annotations

import traceback

from ray.exceptions import RayTaskError

__all__ = ["traceback_text", "unexpected"]

_MAX_LINE = 500
_MAX_TRACEBACK = 8_000


def _cause(error: BaseException) -> BaseException:
    """The exception raised inside an actor, not Ray's wrapper around it."""
    if isinstance(error, RayTaskError) and isinstance(error.cause, BaseException):
        return error.cause
    return error


def unexpected(error: BaseException) -> str:
    """``unexpected <Type>: <first line of the message>`` (bounded)."""
    cause = _cause(error)
    message = str(cause).strip().splitlines()
    first = message[0] if message else ""
    return f"unexpected {type(cause).__name__}: {first}"[:_MAX_LINE]


def traceback_text(error: BaseException) -> str:
    """The traceback (Ray's, which includes the remote one, for an error raised in an actor)."""
    text = "".join(traceback.format_exception(error))
    return text[-_MAX_TRACEBACK:]
