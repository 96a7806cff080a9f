"""The state every page shares: the API's reachability, its last error, demo mode."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import reflex as rx

from jobscraper_ui.client import ApiError, ApiUnreachable, client

__all__ = ["BaseState"]

T = TypeVar("T")


class BaseState(rx.State):
    """Pages call the API through :meth:`call`, which records why a call failed for the banner."""

    unreachable: str = ""
    error: str = ""
    demo: bool = False
    loading: bool = False

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
