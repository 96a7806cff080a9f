"""A writer in its own process, for the backup tests: ``python backup_writer.py DB FIRST``.

It prints ``ready``, then for every number N read from stdin commits one batch of N new jobs (each
seen on two boards: two source rows) and answers with the number of jobs committed so far. The test
drives it from the backup's progress callback, so writes land between backup steps every time.
"""

from __future__ import annotations

import sys
from typing import Any

from jobscraper.store import SyncEngine, open_database


def postings(n: int) -> list[dict[str, Any]]:
    """Job ``n`` as seen on LinkedIn and on Indeed (one job, two sources)."""
    job = {
        "title": f"Backend Engineer {n}",
        "company": f"Company {n}",
        "location": "Berlin, Germany",
        "description": f"Job {n}. " + "Python, SQL and distributed systems. " * 20,
    }
    return [
        job | {"site": "linkedin", "job_url": f"https://www.linkedin.com/jobs/view/{n}"},
        job | {"site": "indeed", "job_url": f"https://www.indeed.com/viewjob?jk={n}"},
    ]


def write_jobs(sync: SyncEngine, first: int, count: int) -> None:
    """Commit jobs ``first … first+count-1`` in one transaction."""
    sync.upsert([p for n in range(first, first + count) for p in postings(n)])


def main() -> None:
    db = open_database(sys.argv[1])
    sync = SyncEngine(db)
    committed = int(sys.argv[2])
    print("ready", flush=True)
    for line in sys.stdin:
        count = int(line)
        write_jobs(sync, committed, count)
        committed += count
        print(committed, flush=True)
    db.dispose()


if __name__ == "__main__":
    main()
