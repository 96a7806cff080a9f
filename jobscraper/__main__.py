"""``python -m jobscraper`` — same as the ``jobscraper`` command."""

from jobscraper.cli import main

main()
