"""Reading postings from files: JobSpy CSVs (``scrape_jobs(...).to_csv()``) and JSON Lines.

A bad row never stops the file: each row yields either a :class:`Posting` or a
:class:`RowError` naming the line and the reason. A file that is not UTF-8 is read as
Windows-1252 line by line — only the lines that are not UTF-8, so one stray byte cannot garble
the rest — and says so in ``FileRows.warnings``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from jobscraper.errors import InputError
from jobscraper.posting import Posting

__all__ = ["FileRows", "RowError", "open_postings"]

csv.field_size_limit(64 * 1024 * 1024)  # JobSpy descriptions can be long; the default is 128 KiB


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err["loc"]) or "row"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


@dataclass
class FileRows:
    """The rows of one input file; iterate for ``(line, Posting | RowError)``."""

    path: Path
    format: str
    size: int
    warnings: list[str] = field(default_factory=list)
    _text: IO[str] | None = None

    def __iter__(self) -> Iterator[tuple[int, Posting | RowError]]:
        assert self._text is not None
        if self.format == "csv":
            yield from self._csv(self._text)
        else:
            yield from self._jsonl(self._text)

    @staticmethod
    def _validate(line: int, data: Any) -> Posting | RowError:
        if not isinstance(data, dict):
            return RowError(line, f"expected an object, got {type(data).__name__}")
        try:
            return Posting.model_validate(data)
        except ValidationError as exc:
            return RowError(line, _reason(exc))

    def _csv(self, text: IO[str]) -> Iterator[tuple[int, Posting | RowError]]:
        # strict: a quote left open is reported, not silently merged with the rows after it
        reader = csv.DictReader(text, strict=True)
        if not reader.fieldnames or "job_url" not in reader.fieldnames or "title" not in reader.fieldnames:
            raise InputError(
                f"{self.path}: not a JobSpy CSV: the header needs at least 'job_url' and 'title' "
                f"(found {', '.join((reader.fieldnames or [])[:8]) or 'no header'})"
            )
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield (
                    reader.line_num,
                    RowError(reader.line_num, f"unreadable CSV: {exc}"),
                )
                continue
            line = reader.line_num
            if None in row:
                width = len(reader.fieldnames)
                extra = len(row[None])
                yield line, RowError(line, f"{width + extra} fields, header has {width}")
                continue
            yield line, self._validate(line, row)

    def _jsonl(self, text: IO[str]) -> Iterator[tuple[int, Posting | RowError]]:
        for line_no, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield (
                    line_no,
                    RowError(line_no, f"not valid JSON: {exc.msg} at column {exc.colno}"),
                )
                continue
            yield line_no, self._validate(line_no, data)


def _decode(file: Path, raw: bytes) -> tuple[str, list[str]]:
    """UTF-8, with only the lines that are not UTF-8 read as Windows-1252 (and said so)."""
    try:
        return raw.decode("utf-8-sig").replace("\x00", ""), []
    except UnicodeDecodeError:
        pass
    lines = raw.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    bad: list[int] = []
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            bad.append(number)
            out.append(line.decode("cp1252", errors="replace"))
    shown = ", ".join(str(n) for n in bad[:10]) + (" …" if len(bad) > 10 else "")
    warning = f"{file}: {len(bad)} line(s) not UTF-8 (line {shown}); read those as Windows-1252"
    return "\n".join(out).replace("\x00", ""), [warning]


def open_postings(path: Path | str) -> FileRows:
    """Open a ``.csv`` or ``.jsonl``/``.json`` file of postings (format from the suffix, else sniffed)."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    decoded, warnings = _decode(file, raw)
    suffix = file.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        fmt = "jsonl"
    elif suffix == ".csv":
        fmt = "csv"
    else:
        fmt = "jsonl" if decoded.lstrip().startswith("{") else "csv"
    if fmt == "jsonl" and decoded.lstrip().startswith("["):
        try:
            rows = json.loads(decoded)
        except json.JSONDecodeError as exc:
            raise InputError(f"{file}: not valid JSON: {exc.msg} at line {exc.lineno}") from exc
        decoded = "".join(json.dumps(r) + "\n" for r in rows)
    return FileRows(
        file,
        fmt,
        len(raw),
        warnings,
        io.StringIO(decoded, newline=None if fmt == "jsonl" else ""),
    )
