"""Reading postings from files: JobSpy CSVs (``scrape_jobs(...).to_csv()``) and JSON Lines.

The file is streamed: it is read line by line (a JSON array item by item) and never held whole
in memory, so a 200 MB CSV imports in a few tens of MB. A bad row never stops the file: each row
yields either a :class:`Posting` or a :class:`RowError` naming the line and the reason. Lines that
are not UTF-8 are read as Windows-1252 — only those lines, so one stray byte cannot garble the
rest — and ``FileRows.warnings`` says which once the rows have been read.

CSV cells that an export neutralised against formula injection (a leading ``'`` before ``=``,
``+``, ``-``, ``@``, …; see :mod:`jobscraper.exports`) read back as the value that was exported.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jobscraper.errors import InputError
from jobscraper.exports import restore_cell
from jobscraper.posting import Posting

__all__ = ["FileRows", "RowError", "open_postings"]

csv.field_size_limit(64 * 1024 * 1024)  # JobSpy descriptions can be long; the default is 128 KiB
# One JSON array item may take this much text at most (as one CSV field may): a file that never
# closes its item is refused instead of read whole into memory.
_MAX_ITEM_CHARS = 64 * 1024 * 1024
_SNIFF_BYTES = 64 * 1024
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")  # old Mac line ends: a line break as universal newlines read it


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


def _validate(line: int, data: Any) -> Posting | RowError:
    if not isinstance(data, dict):
        return RowError(line, f"expected an object, got {type(data).__name__}")
    try:
        return Posting.model_validate(data)
    except ValidationError as exc:
        return RowError(line, _reason(exc))


@dataclass
class FileRows:
    """The rows of one input file; iterate for ``(line, Posting | RowError)``.

    Iterating reads the file from disk (again, each time); ``warnings`` fills as it goes."""

    path: Path
    format: str
    size: int
    warnings: list[str] = field(default_factory=list)
    json_array: bool = False

    def __iter__(self) -> Iterator[tuple[int, Posting | RowError]]:
        self.warnings.clear()
        bad: list[int] = []
        try:
            with open(self.path, "rb") as handle:
                lines = _decoded_lines(handle, bad)
                if self.format == "csv":
                    yield from self._csv(lines)
                elif self.json_array:
                    yield from self._json_array(lines)
                else:
                    yield from self._jsonl(lines)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read: {exc.strerror or exc}") from exc
        finally:
            if bad:
                shown = ", ".join(str(n) for n in bad[:10]) + (" …" if len(bad) > 10 else "")
                self.warnings.append(
                    f"{self.path}: {len(bad)} line(s) not UTF-8 (line {shown}); read those as Windows-1252"
                )

    def _csv(self, lines: Iterator[str]) -> Iterator[tuple[int, Posting | RowError]]:
        # strict: a quote left open is reported, not silently merged with the rows after it
        reader = csv.DictReader(lines, strict=True)
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
                yield reader.line_num, RowError(reader.line_num, f"unreadable CSV: {exc}")
                continue
            line = reader.line_num
            if None in row:
                width = len(reader.fieldnames)
                extra = len(row[None])
                yield line, RowError(line, f"{width + extra} fields, header has {width}")
                continue
            restored = {k: restore_cell(v) if isinstance(v, str) else v for k, v in row.items()}
            yield line, _validate(line, restored)

    @staticmethod
    def _jsonl(lines: Iterator[str]) -> Iterator[tuple[int, Posting | RowError]]:
        for line_no, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield line_no, RowError(line_no, f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            except RecursionError:
                yield line_no, RowError(line_no, "not read: JSON nested too deeply")
                continue
            yield line_no, _validate(line_no, data)

    def _json_array(self, lines: Iterator[str]) -> Iterator[tuple[int, Posting | RowError]]:
        """A JSON array of objects, item by item (item n is "line n", as if it were JSON Lines)."""
        for number, item in enumerate(_array_items(self.path, lines), start=1):
            yield number, _validate(number, item)


def _decoded_lines(handle: Any, bad: list[int]) -> Iterator[str]:
    """The file's lines as text: UTF-8 (a BOM dropped), a line that is not UTF-8 as Windows-1252
    (its number added to ``bad``); NUL characters removed; line ends kept."""
    for number, raw in enumerate(handle, start=1):
        chunk = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
            text = chunk.decode("cp1252", errors="replace")
        text = text.replace("\x00", "")
        if "\r" in text[:-2]:
            yield from _LONE_CR.split(text)
        else:
            yield text


def _array_items(path: Path, lines: Iterator[str]) -> Iterator[Any]:
    """The items of the JSON array spread over ``lines``, decoded one at a time."""
    decoder = json.JSONDecoder()
    buf, pos, eof = "", 0, False

    def more() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        try:
            buf, pos = buf[pos:] + next(lines), 0
        except StopIteration:
            eof = True
            return False
        if len(buf) > _MAX_ITEM_CHARS:
            raise InputError(f"{path}: not valid JSON: an item longer than {_MAX_ITEM_CHARS} characters")
        return True

    def next_char() -> str:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos].isspace():
                pos += 1
            if pos < len(buf):
                return buf[pos]
            if not more():
                return ""

    if next_char() != "[":
        raise InputError(f"{path}: not valid JSON: expected a JSON array")
    pos += 1
    count = 0
    while True:
        char = next_char()
        if char == "]":
            pos += 1
            if next_char():
                raise InputError(f"{path}: not valid JSON: extra data after the array")
            return
        if count:
            if char != ",":
                raise InputError(f"{path}: not valid JSON: expected ',' or ']' after item {count}")
            pos += 1
            next_char()
        while True:
            try:
                item, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                if more():
                    continue
                raise InputError(f"{path}: not valid JSON: {exc.msg} in item {count + 1}") from exc
            except RecursionError as exc:
                raise InputError(f"{path}: not read: item {count + 1} is nested too deeply") from exc
            if end == len(buf) and more():  # a number may go on in the next line
                continue
            break
        pos = end
        count += 1
        yield item


def open_postings(path: Path | str) -> FileRows:
    """Open a ``.csv`` or ``.jsonl``/``.json`` file of postings (format from the suffix, else sniffed).

    :class:`InputError` at once when the file cannot be read; rows are read when iterated."""
    file = Path(path)
    try:
        size = file.stat().st_size
        with open(file, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    start = head.removeprefix(b"\xef\xbb\xbf").replace(b"\x00", b"").lstrip()
    suffix = file.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        fmt = "jsonl"
    elif suffix == ".csv":
        fmt = "csv"
    else:
        fmt = "jsonl" if start.startswith(b"{") else "csv"
    return FileRows(file, fmt, size, json_array=fmt == "jsonl" and start.startswith(b"["))
