"""Reading JobSpy CSV / JSONL files and writing exports that JobSpy tooling and we can read back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from jobspy.model import JobPost
from sqlalchemy import text

from jobscraper.errors import InputError
from jobscraper.exports import export_jobs
from jobscraper.imports import RowError, open_postings
from jobscraper.posting import Posting
from jobscraper.store import (
    Database,
    JobQuery,
    SyncEngine,
    UpsertCounts,
    UserUpdate,
    open_database,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V1 = FIXTURES / "jobspy_v1.csv"
V2 = FIXTURES / "jobspy_v2.csv"
JOBSPY_COLUMNS = list(JobPost.model_fields)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _postings(path: Path) -> list[Posting]:
    out = []
    for _line, item in open_postings(path):
        assert not isinstance(item, RowError), item
        out.append(item)
    return out


def _counts(db: Database) -> tuple[int, int]:
    with db.reader() as conn:
        jobs = conn.execute(text("SELECT count(*) FROM job")).scalar_one()
        sources = conn.execute(text("SELECT count(*) FROM job_source")).scalar_one()
    return int(jobs), int(sources)


def _export(db: Database, fmt: str = "csv", query: JobQuery | None = None) -> str:
    buf = io.StringIO(newline="")
    export_jobs(db, buf, fmt=fmt, query=query)  # type: ignore[arg-type]
    return buf.getvalue()


@pytest.fixture
def v1_db(db: Database, sync: SyncEngine) -> Iterator[Database]:
    sync.upsert(_postings(V1))
    yield db


# ----------------------------------------------------------------------- the fixtures


def test_v1_imports_every_row_with_cross_site_duplicates_merged(db, sync):
    rows = _csv_rows(V1)
    jobs = {(r["company"], r["title"], r["location"]) for r in rows}

    counts = sync.upsert(_postings(V1))

    assert counts == UpsertCounts(inserted=len(jobs), merged_duplicates=len(rows) - len(jobs))
    assert _counts(db) == (len(jobs), len(rows))


def test_v2_after_v1_reports_new_changed_and_unchanged(db, sync):
    v1 = {r["job_url"]: r for r in _csv_rows(V1)}
    v2 = _csv_rows(V2)

    def content(row: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in row.items() if k != "date_posted"}

    new = [r for r in v2 if r["job_url"] not in v1]
    same = [r for r in v2 if r["job_url"] in v1 and content(r) == content(v1[r["job_url"]])]
    changed = len(v2) - len(new) - len(same)
    sync.upsert(_postings(V1))

    counts = sync.upsert(_postings(V2))

    assert counts == UpsertCounts(inserted=len(new), updated=changed, unchanged=len(same))
    assert sync.upsert(_postings(V2)) == UpsertCounts(unchanged=len(v2))


def test_fixture_values_are_parsed(db, sync):
    posting = next(p for p in _postings(V1) if p.site == "indeed" and p.company == "Hooli")
    assert posting.skills and all(isinstance(s, str) for s in posting.skills)
    assert posting.is_remote in (True, False)
    assert posting.interval in ("yearly", "hourly")
    assert posting.job_url.startswith("https://de.indeed.com/")
    assert posting.id and posting.id.startswith("in-")


# --------------------------------------------------------------------------- export


def test_export_of_v1_lists_the_same_urls_and_titles(v1_db):
    exported = list(csv.DictReader(io.StringIO(_export(v1_db))))
    source = _csv_rows(V1)
    assert len(exported) == len(source), "one row per source"
    assert {r["job_url"] for r in exported} == {r["job_url"] for r in source}
    assert {r["title"] for r in exported} == {r["title"] for r in source}
    assert {(r["job_url"], r["title"]) for r in exported} == {(r["job_url"], r["title"]) for r in source}
    assert {(r["job_url"], r["site"]) for r in exported} == {(r["job_url"], r["site"]) for r in source}


def test_export_starts_with_jobspy_columns_in_jobspy_order(v1_db):
    header = next(csv.reader(io.StringIO(_export(v1_db))))
    assert header[: len(JOBSPY_COLUMNS)] == JOBSPY_COLUMNS
    assert len(header) == len(set(header))
    for ours in ("favorite", "notes", "status", "applied_at", "hidden", "first_seen", "source_id"):
        assert ours in header[len(JOBSPY_COLUMNS) :]


def test_export_keeps_the_source_ids(v1_db):
    exported = list(csv.DictReader(io.StringIO(_export(v1_db))))
    source = {r["job_url"]: r["id"] for r in _csv_rows(V1)}
    assert {r["job_url"]: r["source_id"] for r in exported} == source


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_reimports_into_a_fresh_db_identically(v1_db, tmp_path, fmt):
    path = tmp_path / f"export.{fmt}"
    path.write_text(_export(v1_db, fmt), encoding="utf-8", newline="")
    fresh = open_database(tmp_path / "fresh.db")
    try:
        counts = SyncEngine(fresh).upsert(_postings(path))
        assert _counts(fresh) == _counts(v1_db)
        assert counts.inserted == _counts(v1_db)[0]
        again = list(csv.DictReader(io.StringIO(_export(fresh))))
        before = list(csv.DictReader(io.StringIO(_export(v1_db))))
        keep = [*JOBSPY_COLUMNS, "salary_annual_min", "salary_annual_max", "source_id"]
        keep.remove("id")  # our own job id
        assert sorted(tuple(r[k] for k in keep) for r in again) == sorted(
            tuple(r[k] for k in keep) for r in before
        )
    finally:
        fresh.dispose()


def test_user_fields_are_exported_but_never_imported(v1_db, sync, tmp_path):
    with v1_db.reader() as conn:
        job_id = conn.execute(text("SELECT min(id) FROM job")).scalar_one()
    sync.update_user_fields(job_id, UserUpdate(favorite=True, notes="ask about visa", hidden=True))
    rows = list(csv.DictReader(io.StringIO(_export(v1_db))))
    mine = [r for r in rows if r["id"] == str(job_id)]
    assert mine
    assert all(r["favorite"] == "True" and r["notes"] == "ask about visa" for r in mine)

    path = tmp_path / "export.csv"
    path.write_text(_export(v1_db), encoding="utf-8", newline="")
    fresh = open_database(tmp_path / "fresh.db")
    try:
        SyncEngine(fresh).upsert(_postings(path))
        with fresh.reader() as conn:
            flagged = conn.execute(text("SELECT count(*) FROM job WHERE favorite OR hidden OR notes != ''"))
            assert flagged.scalar_one() == 0
    finally:
        fresh.dispose()


def test_export_jsonl_lines_are_objects_with_every_column(v1_db):
    lines = _export(v1_db, "jsonl").splitlines()
    assert len(lines) == len(_csv_rows(V1))
    first = json.loads(lines[0])
    assert list(first)[: len(JOBSPY_COLUMNS)] == JOBSPY_COLUMNS
    assert isinstance(first["skills"], list)


def test_export_honours_a_query(v1_db):
    rows = list(csv.DictReader(io.StringIO(_export(v1_db, query=JobQuery(source="indeed")))))
    assert rows
    # every job seen on Indeed, with all of its sources (its LinkedIn row too)
    assert {r["site"] for r in rows} == {"indeed", "linkedin"}
    assert len({r["id"] for r in rows}) == sum(1 for r in _csv_rows(V1) if r["site"] == "indeed")


# ------------------------------------------------------------------------- bad input


def _csv_line(values: dict[str, str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([values.get(c, "") for c in JOBSPY_COLUMNS])
    return buf.getvalue()


def _good(n: int, **extra: str) -> dict[str, str]:
    return {
        "id": f"li-{n}",
        "site": "linkedin",
        "job_url": f"https://www.linkedin.com/jobs/view/{n}",
        "title": f"Engineer {n}",
        "company": f"Company {n}",
        "location": "München, BY, Germany",
        "description": "Gehalt 60.000 € — Zürich oder München",
        **extra,
    }


def _read(path: Path) -> tuple[list[Posting], dict[int, RowError], list[str]]:
    rows = open_postings(path)
    good: list[Posting] = []
    bad: dict[int, RowError] = {}
    for line, item in rows:
        if isinstance(item, RowError):
            bad[line] = item
        else:
            good.append(item)
    return good, bad, rows.warnings


def test_broken_csv_rows_are_reported_and_good_rows_import(tmp_path, db, sync):
    body = (
        ",".join(JOBSPY_COLUMNS)
        + "\n"
        + _csv_line(_good(1, description="BROKEN"))  # line 2: non-UTF-8 bytes, still importable
        + _csv_line(_good(2)).rstrip("\n")
        + ",surplus,fields\n"  # line 3: too many fields
        + _csv_line(_good(3, job_url=""))  # line 4: no job_url
        + _csv_line(_good(4, job_url="not a url"))  # line 5
        + _csv_line(_good(5, title=""))  # line 6: no title
        + _csv_line(_good(6))  # line 7
    )
    path = tmp_path / "broken.csv"
    path.write_bytes(body.encode("utf-8").replace(b"BROKEN", b"bad \xff\xfe bytes"))

    good, bad, warnings = _read(path)

    assert [p.title for p in good] == ["Engineer 1", "Engineer 6"]
    assert sorted(bad) == [3, 4, 5, 6]
    assert "fields" in bad[3].reason
    assert "job_url" in bad[4].reason
    assert "job_url" in bad[5].reason
    assert "title" in bad[6].reason
    assert str(bad[3]).startswith("line 3: ")
    assert len(warnings) == 1
    assert "not UTF-8" in warnings[0]
    assert sync.upsert(good).inserted == 2


def test_non_utf8_bytes_warn_and_the_rows_still_import(tmp_path, db, sync):
    body = (
        ",".join(JOBSPY_COLUMNS) + "\n" + _csv_line(_good(1, description="BROKEN")) + _csv_line(_good(2))
    ).encode("utf-8")
    path = tmp_path / "latin.csv"
    path.write_bytes(body.replace(b"BROKEN", b"bad \xff\xfe bytes"))

    good, bad, warnings = _read(path)

    assert bad == {}
    assert len(good) == 2
    assert len(warnings) == 1
    assert "latin.csv" in warnings[0]
    assert "UTF-8" in warnings[0]
    assert sync.upsert(good).inserted == 2


def test_a_stray_byte_does_not_garble_the_rest_of_the_file(tmp_path):
    """One bad byte in one description must not turn every 'München' and '€' into mojibake."""
    body = (
        ",".join(JOBSPY_COLUMNS) + "\n" + _csv_line(_good(1, description="BROKEN")) + _csv_line(_good(2))
    ).encode("utf-8")
    path = tmp_path / "mostly-utf8.csv"
    path.write_bytes(body.replace(b"BROKEN", b"bad \xff\xfe bytes"))

    good, _bad, _warnings = _read(path)

    clean = next(p for p in good if p.title == "Engineer 2")
    assert clean.location == "München, BY, Germany"
    assert clean.description == "Gehalt 60.000 € — Zürich oder München"


def test_a_whole_windows_1252_file_is_read(tmp_path):
    body = ",".join(JOBSPY_COLUMNS) + "\n" + _csv_line(_good(1, description="Gehalt 60.000 €"))
    path = tmp_path / "excel.csv"
    path.write_bytes(body.encode("cp1252", errors="replace"))
    good, bad, warnings = _read(path)
    assert bad == {}
    assert warnings
    assert good[0].description == "Gehalt 60.000 €"


def test_utf8_bom_is_accepted(tmp_path):
    body = ",".join(JOBSPY_COLUMNS) + "\n" + _csv_line(_good(1))
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    good, bad, warnings = _read(path)
    assert (len(good), bad, warnings) == (1, {}, [])
    assert good[0].location == "München, BY, Germany"


def test_a_csv_without_job_url_and_title_columns_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,price\napple,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"other\.csv: not a JobSpy CSV"):
        list(open_postings(path))


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"nope\.csv: cannot read"):
        open_postings(tmp_path / "nope.csv")


def test_jsonl_with_a_malformed_line(tmp_path, db, sync):
    lines = [
        json.dumps({"job_url": "https://x.example/1", "title": "One", "site": "x"}),
        '{"job_url": "https://x.example/2", "title": ',
        "",
        "[1, 2, 3]",
        json.dumps({"job_url": "ftp://x.example/4", "title": "Four"}),
        json.dumps({"job_url": "https://x.example/5", "title": "Five", "skills": "Go, Rust"}),
    ]
    path = tmp_path / "postings.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    good, bad, warnings = _read(path)

    assert [p.title for p in good] == ["One", "Five"]
    assert good[1].skills == ["Go", "Rust"]
    assert sorted(bad) == [2, 4, 5]
    assert "not valid JSON" in bad[2].reason
    assert "expected an object" in bad[4].reason
    assert "job_url" in bad[5].reason
    assert warnings == []
    assert sync.upsert(good).inserted == 2


def test_a_json_array_file_is_read_as_rows(tmp_path):
    path = tmp_path / "postings.json"
    path.write_text(
        json.dumps([{"job_url": "https://x.example/1", "title": "A"}, {"title": "no url"}]),
        encoding="utf-8",
    )
    good, bad, _ = _read(path)
    assert [p.title for p in good] == ["A"]
    assert len(bad) == 1
