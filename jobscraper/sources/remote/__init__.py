"""Remote-job boards read through their public APIs and feeds, one module per board.

Each site of kind ``remote`` in :data:`jobscraper.vocabulary.SITES` has its module here, named
after it, holding ``BOARD`` (a :class:`~jobscraper.sources.remote.base.RemoteBoard`); adding a
board is that module, one line in the vocabulary, and its fixtures. :func:`scrape_remote` reads a
board for a saved search (:mod:`jobscraper.sources.remote.run`).
"""

from __future__ import annotations

from jobscraper.sources.remote.base import Page, RemoteBoard
from jobscraper.sources.remote.run import board_for, matches, scrape_remote

__all__ = ["Page", "RemoteBoard", "board_for", "matches", "scrape_remote"]
