"""The jobscraper web UI: a Reflex app that talks to the jobscraper HTTP API only (DESIGN.md §2)."""
