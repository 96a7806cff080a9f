"""The state every page shares: the API's reachability, its last error, demo mode.

When the API cannot be reached the page shows a banner (``layout.problem``); the banner starts
:meth:`BaseState.watch_health`, which asks ``/api/health`` again after 1 s, 2 s, 4 s … (at most
every :data:`MAX_RETRY_S`) and clears the banner as soon as the API answers — one watcher per
page, so a page left open on a stopped API costs one small request every half minute.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import reflex as rx

from jobscraper_ui.client import ApiError, ApiUnreachable, client

__all__ = ["FIRST_RETRY_S", "MAX_RETRY_S", "BaseState", "next_delay"]

T = TypeVar("T")
FIRST_RETRY_S = 1.0
MAX_RETRY_S = 30.0


def next_delay(delay: float) -> float:
    """The wait before the next health check: doubled, at most :data:`MAX_RETRY_S`."""
    return min(delay * 2, MAX_RETRY_S)


class BaseState(rx.State):
    """Pages call the API through :meth:`call`, which records why a call failed for the banner."""

    unreachable: str = ""
    error: str = ""
    demo: bool = False
    loading: bool = False
    watching: bool = False

    async def call(self, fn: Callable[[], Awaitable[T]]) -> T | None:
        """The call's answer, or None after recording why it failed (shown by ``layout.problem``)."""
        try:
            answer = await fn()
        except ApiUnreachable as exc:
            self.unreachable = str(exc)
            return None
        except ApiError as exc:
            self.unreachable = ""
            self.error = str(exc)
            return None
        self.unreachable = ""
        return answer

    async def check_health(self) -> None:
        health = await self.call(lambda: client().health())
        if health is not None:
            self.demo = health.demo

    @rx.event
    async def retry(self) -> Any:
        self.error = ""
        await self.check_health()
        if not self.unreachable:
            return rx.call_script("window.location.reload()")
        return None

    @rx.event(background=True)
    async def watch_health(self) -> None:
        """Ask the API's health with backoff while it is unreachable; clear the banner when it answers."""
        async with self:
            if self.watching or not self.unreachable:
                return
            self.watching = True
        delay = FIRST_RETRY_S
        try:
            while True:
                await asyncio.sleep(delay)
                async with self:
                    if not self.unreachable:  # something else reached it meanwhile
                        return
                try:
                    health = await client().health()
                except ApiUnreachable as exc:
                    async with self:
                        self.unreachable = str(exc)
                    delay = next_delay(delay)
                    continue
                except ApiError:  # it answered, if not well: it is reachable
                    health = None
                async with self:
                    self.unreachable = ""
                    if health is not None:
                        self.demo = health.demo
                return
        finally:
            async with self:
                self.watching = False
