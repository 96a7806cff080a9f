"""The demo board's ATS APIs: each kind's shape is its own module, found by name.

A kind of the registry (:data:`jobscraper.vocabulary.ATS_LABELS`) has a demo shape when the module
``jobscraper.demo.ats_<kind>`` declares ``DEMO = DemoAts(...)`` at its top level: where a demo
company's API is (what a user configures with ``ats: <kind>``) and how to answer a request. So a
new ATS shows on the demo board with one module and no list to edit: :data:`~jobscraper.demo.data.STYLES`
gains the kind (demo companies 8 and up) and the server routes to it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jobscraper.vocabulary import ATS_KINDS

if TYPE_CHECKING:
    from jobscraper.demo.data import DemoJob

__all__ = ["Answer", "DemoAts", "DemoRequest", "demo_ats", "demo_kinds", "module_name"]

Answer = tuple[int, str, bytes]
"""(HTTP status, content type, body)."""
_DEMO = re.compile(r"^DEMO\b\s*(?::[^=\n]*)?=", re.MULTILINE)


@dataclass(frozen=True)
class DemoRequest:
    """One request to the demo board, as an ATS shape sees it."""

    method: str
    path: str
    segments: list[str]
    query: str
    """The raw query string (``urllib.parse.parse_qs`` it)."""
    body: bytes
    base_url: str
    jobs_of: Callable[[str], list[DemoJob]]
    """A demo company's jobs by its slug, in the demo's order (empty for an unknown slug)."""


@dataclass(frozen=True)
class DemoAts:
    """One ATS's shape on the demo board."""

    api_path: Callable[[str], str]
    """The path (and query) of a demo company's API, by its slug: ``/v1/boards/{slug}/jobs``."""
    route: Callable[[DemoRequest], Answer | None]
    """The answer to a request on this ATS's paths; None for a path that is not its own."""


def module_name(kind: str) -> str:
    return f"{__package__}.ats_{kind}"


def demo_kinds() -> tuple[str, ...]:
    """The registry's kinds whose demo module declares its ``DEMO``, in the registry's order.

    Found by reading the files, not importing them: the modules import the catalogue, which asks
    this while it loads. A module without ``DEMO`` yet (a shape still being written) is not served.
    """
    here = Path(__file__).parent
    return tuple(kind for kind in ATS_KINDS if _declares_demo(here / f"ats_{kind}.py"))


def _declares_demo(path: Path) -> bool:
    return path.is_file() and _DEMO.search(path.read_text(encoding="utf-8")) is not None


@cache
def demo_ats(kind: str) -> DemoAts | None:
    """``kind``'s demo shape; None for a kind without one (or whose module has no DEMO yet)."""
    if kind not in demo_kinds():
        return None
    found = getattr(importlib.import_module(module_name(kind)), "DEMO", None)
    return found if isinstance(found, DemoAts) else None
