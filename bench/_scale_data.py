"""Synthetic job databases of any size for ``bench/scale.py``, streamed in chunks.

:func:`_data.make_postings` builds one list in memory and draws duplicates from it, which is fine
for 100k postings but not for a million. Here the postings come in chunks of ``CHUNK`` (each one
``make_postings`` call with its own seed), renumbered so every chunk's ids and URLs are its own,
and each description gets what real postings carry besides the role: the company's own "About
us" paragraph (the same text on every posting of that company, as on a real board) and one of a
few equal-opportunity statements. That brings a description to ~250–350 words (~2 KB), near a
real board's median, where ``make_postings`` alone writes 80–150 words.

:func:`write_jsonl` writes a JSON Lines file that ``jobscraper import`` reads (through a temporary
file and a rename). :func:`spread_dates` and :func:`add_user_state` then give the database what a
real one has after months of use: first/last seen spread over the months of the postings, and
the user's statuses, favourites, hidden and archived jobs.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _data import make_postings, vocabulary

__all__ = ["CHUNK", "add_user_state", "chunks", "spread_dates", "write_jsonl"]

CHUNK = 10_000
_OFFSET = 10**8  # a chunk's serials: make_postings' own (from 10,000,000, < 10**8) + chunk * this
_EEO = (
    "We are an equal opportunity employer. All qualified applicants will receive consideration for "
    "employment without regard to race, color, religion, sex, sexual orientation, gender identity, "
    "national origin, disability or veteran status.",
    "Diversity makes us better. We welcome applications from people of every background and "
    "provide reasonable accommodations during the hiring process; tell us what you need.",
    "We are committed to an inclusive workplace. Reasonable adjustments are available on request, "
    "and we consider qualified applicants with arrest and conviction records.",
    "Applicants must be authorized to work in the country of the role. Visa sponsorship is "
    "considered case by case. We do not accept unsolicited resumes from agencies.",
)


def _renumber(posting: dict[str, Any], chunk: int) -> dict[str, Any]:
    """The posting with its serial (and the URL parts made from it) moved into ``chunk``'s range."""
    prefix, serial_text = posting["id"].split("-", 1)
    serial = int(serial_text)
    new = serial + chunk * _OFFSET
    url = posting["job_url"]
    old_h, new_h = (f"{s * 2654435761 % 2**48:012x}" for s in (serial, new))
    url = url.replace(old_h, new_h, 1) if old_h in url else url.replace(serial_text, str(new), 1)
    return {**posting, "id": f"{prefix}-{new}", "job_url": url}


class _About:
    """Each company's "About us" paragraph, made once from a seed of its name."""

    def __init__(self) -> None:
        self._words = vocabulary()
        self._seen: dict[str, str] = {}

    def __call__(self, company: str) -> str:
        text = self._seen.get(company)
        if text is None:
            rng = random.Random(company)
            sentences = []
            for _ in range(rng.randint(6, 10)):
                words = rng.choices(self._words, k=rng.randint(9, 16))
                sentences.append(" ".join(words).capitalize() + ".")
            text = f"{company} " + " ".join(sentences)
            self._seen[company] = text
        return text


def chunks(n: int, seed: int, first_chunk: int = 0) -> Iterator[list[dict[str, Any]]]:
    """``n`` postings as lists of up to :data:`CHUNK`; chunk numbers from ``first_chunk`` (two
    streams with different first chunks share no id or URL)."""
    about = _About()
    done = 0
    chunk = first_chunk
    while done < n:
        size = min(CHUNK, n - done)
        batch = make_postings(size, seed * 100_003 + chunk)
        for i, posting in enumerate(batch):
            batch[i] = _renumber(posting, chunk)
            eeo = _EEO[zlib.crc32(posting["id"].encode()) % len(_EEO)]
            extra = f"\n\n### About us\n{about(posting['company'])}\n\n{eeo}"
            batch[i]["description"] = posting["description"] + extra
        yield batch
        done += size
        chunk += 1


def write_jsonl(path: Path, n: int, seed: int, first_chunk: int = 0) -> None:
    """``n`` postings as JSON Lines at ``path`` (written to a temporary file, then renamed)."""
    partial = path.with_name(f"{path.name}.part-{os.getpid()}")
    with open(partial, "w", encoding="utf-8") as out:
        for batch in chunks(n, seed, first_chunk):
            out.writelines(json.dumps(p) + "\n" for p in batch)
    partial.replace(path)


def spread_dates(conn: sqlite3.Connection | Any, seed: int, *, sqlite: bool = True) -> None:
    """First seen a few days after the posting date (or up to four months ago), last seen up to a
    month later: an import stamps every job with the moment of the import."""
    rng = random.Random(seed + 2)
    ids = [r[0] for r in conn.execute("SELECT id FROM job ORDER BY id")]
    rows = []
    for job_id in ids:
        first_h = rng.randint(0, 120 * 24)
        rows.append((first_h, first_h - rng.randint(0, min(first_h, 30 * 24)), job_id))
    if sqlite:
        sql = (
            "UPDATE job SET first_seen = strftime('%Y-%m-%d %H:%M:%f000', '2026-06-01', "
            "'-' || ? || ' hours'), last_seen = strftime('%Y-%m-%d %H:%M:%f000', '2026-06-01', "
            "'-' || ? || ' hours') WHERE id = ?"
        )
    else:
        sql = (
            "UPDATE job SET first_seen = timestamp '2026-06-01' - make_interval(hours => %s), "
            "last_seen = timestamp '2026-06-01' - make_interval(hours => %s) WHERE id = %s"
        )
    conn.executemany(sql, rows)


def add_user_state(conn: sqlite3.Connection | Any, seed: int, *, sqlite: bool = True) -> None:
    """What a user did: ~15 % of jobs with a status past "new", ~2 % archived, ~1 % hidden, ~1 %
    favourites (as ``bench/search.py`` does, plus favourites)."""
    rng = random.Random(seed + 1)
    p = "?" if sqlite else "%s"
    true = "1" if sqlite else "true"
    ids = [r[0] for r in conn.execute("SELECT id FROM job ORDER BY id")]
    statuses = ("interested", "applied", "interviewing", "offer", "rejected")
    conn.executemany(
        f"UPDATE job SET status = {p} WHERE id = {p}",
        [(rng.choice(statuses), i) for i in ids if rng.random() < 0.15],
    )
    conn.executemany(
        f"UPDATE job SET archived_at = last_seen WHERE id = {p}", [(i,) for i in ids if rng.random() < 0.02]
    )
    conn.executemany(
        f"UPDATE job SET hidden = {true} WHERE id = {p}", [(i,) for i in ids if rng.random() < 0.01]
    )
    conn.executemany(
        f"UPDATE job SET favorite = {true} WHERE id = {p}", [(i,) for i in ids if rng.random() < 0.01]
    )
