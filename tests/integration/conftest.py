"""Integration tests run on a real local Ray.

Ray reads RAY_AUTH_MODE when it is imported, so the mode is set here, before any test module
imports ray: the same mode jobscraper applies to every head, driver and CLI (DESIGN.md §3).
"""

import os

os.environ.setdefault("RAY_AUTH_MODE", "token")
