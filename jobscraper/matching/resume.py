"""A résumé file as text: plain text, Markdown, PDF (pypdf) and DOCX (docx2txt).

Every way a file can fail is one :class:`~jobscraper.errors.InputError` line naming the file and
what to do: a missing file, one over :data:`MAX_RESUME_BYTES` (refused from its size, before it is
read), an unknown format, a damaged PDF or DOCX, a PDF that is only images (a scan: it has no text
layer to read), an encrypted PDF, an empty résumé.

DOCX goes through docx2txt rather than python-docx: it is one small pure-Python module on the
standard library's zip and XML readers (no dependency; python-docx needs lxml and typing-extensions),
and it reads what python-docx's paragraph list leaves out and résumés use a lot: tables, text boxes,
and the page header, where a résumé often puts "Berlin, Germany". Nothing is downloaded: both
readers are pure Python.

The format comes from the file's name and is checked against its first bytes (a ``.pdf`` that does
not start with ``%PDF`` is damaged, not read as something else).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.etree.ElementTree import ParseError

from jobscraper.errors import InputError

__all__ = [
    "MAX_PDF_PAGES",
    "MAX_RESUME_BYTES",
    "RESUME_FORMATS",
    "RESUME_SUFFIXES",
    "Resume",
    "ResumeFormat",
    "read_resume",
    "resume_from_text",
]

ResumeFormat = Literal["text", "markdown", "pdf", "docx", "pasted"]
"""Where a profile's résumé text came from: a file of one of four formats, or pasted text."""
RESUME_FORMATS: tuple[str, ...] = ResumeFormat.__args__  # type: ignore[attr-defined]
RESUME_SUFFIXES: dict[str, ResumeFormat] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".docx": "docx",
}
MAX_RESUME_BYTES = 10 * 1024 * 1024
"""A résumé file larger than this is refused before it is read (a résumé is a few hundred KB)."""
MAX_PDF_PAGES = 50
"""Only this many pages of a PDF are read: a résumé is a few pages; the rest is not one."""
_MAX_DOCX_XML = 50 * 1024 * 1024  # the uncompressed text parts of a DOCX: a zip bomb is refused
_SUGGEST_TEXT = "save or export it as a text PDF, DOCX or .txt"
_HINTS = {
    ".doc": "an old Word .doc: save it as .docx or PDF",
    ".odt": "an OpenDocument file: save it as .docx or PDF",
    ".rtf": "an RTF file: save it as .docx or .txt",
    ".pages": "a Pages file: export it as .docx or PDF",
}


@dataclass(frozen=True)
class Resume:
    """A résumé's text and where it came from."""

    text: str
    file_name: str | None
    format: ResumeFormat


def _normalise(text: str) -> str:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def resume_from_text(text: str, *, file_name: str | None = None, fmt: ResumeFormat = "pasted") -> Resume:
    """Pasted (or already read) text as a résumé; :class:`InputError` when there is no text."""
    cleaned = _normalise(text)
    if not cleaned:
        where = f"{file_name}: " if file_name else ""
        raise InputError(f"{where}the résumé is empty: no text in it")
    return Resume(text=cleaned, file_name=file_name, format=fmt)


def _format_of(path: Path) -> ResumeFormat:
    suffix = path.suffix.lower()
    if suffix in RESUME_SUFFIXES:
        return RESUME_SUFFIXES[suffix]
    hint = _HINTS.get(suffix, f"expected {', '.join(sorted(RESUME_SUFFIXES))}")
    raise InputError(f"{path}: unknown résumé format {suffix or '(no extension)'!r}: {hint}")


def _read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read it: {exc.strerror or exc}") from exc
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    if info.st_size > MAX_RESUME_BYTES:
        raise InputError(
            f"{path}: {info.st_size / 1024 / 1024:.1f} MB is too large for a résumé "
            f"(at most {MAX_RESUME_BYTES // 1024 // 1024} MB): {_SUGGEST_TEXT}"
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_RESUME_BYTES + 1)  # a file that grew since stat() is still capped
    except OSError as exc:
        raise InputError(f"{path}: cannot read it: {exc.strerror or exc}") from exc
    if len(data) > MAX_RESUME_BYTES:
        raise InputError(f"{path}: too large for a résumé (at most {MAX_RESUME_BYTES // 1024 // 1024} MB)")
    return data


def _text_file(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: not a text file (binary content): {_SUGGEST_TEXT}")
    for encoding in (
        ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",)
    ):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:  # what Windows editors write when not told UTF-8
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text: save it as UTF-8") from exc


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    # pypdf logs what it repairs in a damaged file ("EOF marker not found") as warnings, which would
    # reach stderr beside our one line: the outcome (text, or an InputError) says all there is
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _pdf_text(path: Path, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip(b"\t\n\r ").startswith(b"%PDF"):
        raise InputError(f"{path}: damaged PDF (it does not start with %PDF): {_SUGGEST_TEXT}")
    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(f"{path}: the PDF is password-protected: export an unprotected copy")
            pages = reader.pages[:MAX_PDF_PAGES]
            texts = [page.extract_text() or "" for page in pages]
            has_images = any(_has_images(page) for page in pages)
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise InputError(
            f"{path}: damaged PDF, cannot read it ({_first_line(exc)}): {_SUGGEST_TEXT}"
        ) from exc
    text = "\n\n".join(texts)
    if not text.strip() and has_images:
        raise InputError(
            f"{path}: the PDF holds only images (a scan?) and no text layer to read: "
            "export the résumé as a text PDF or .txt from its editor, or run OCR on it first"
        )
    return text


def _has_images(page: object) -> bool:
    from pypdf import PageObject

    assert isinstance(page, PageObject)
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return False
    return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.get_object().values())


def _docx_text(path: Path, data: bytes) -> str:
    import docx2txt  # type: ignore[import-untyped]

    damaged = f"{path}: damaged DOCX, cannot read it"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                raise InputError(f"{damaged} (no word/document.xml): {_SUGGEST_TEXT}")
            parts = [
                i
                for i in archive.infolist()
                if i.filename.startswith("word/") and i.filename.endswith(".xml")
            ]
            if sum(i.file_size for i in parts) > _MAX_DOCX_XML:
                raise InputError(f"{path}: the DOCX unpacks to more than 50 MB of text: not a résumé")
        text: str = docx2txt.process(io.BytesIO(data))
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ParseError, ValueError, EOFError) as exc:
        raise InputError(f"{damaged} ({_first_line(exc)}): {_SUGGEST_TEXT}") from exc
    return text


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:120]


def read_resume(path: Path) -> Resume:
    """The text of the résumé file at ``path``; :class:`InputError` naming the file and the fix."""
    path = path.expanduser()
    fmt = _format_of(path)
    data = _read_bytes(path)
    if fmt == "pdf":
        text = _pdf_text(path, data)
    elif fmt == "docx":
        if not data.startswith(b"PK"):
            raise InputError(f"{path}: damaged DOCX (not a zip archive): {_SUGGEST_TEXT}")
        text = _docx_text(path, data)
    else:
        text = _text_file(path, data)
    return resume_from_text(text, file_name=path.name, fmt=fmt)
