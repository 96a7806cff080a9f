"""The command line (the composition root: the only part of ``jobscraper`` that may reach
``actors`` and ``serve``, lazily, inside commands)."""

from jobscraper.cli.app import app, main

__all__ = ["app", "main"]
