"""Reading a résumé file: each format gives its text; each bad file is one clear error line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from jobscraper.errors import InputError
from jobscraper.matching.resume import MAX_RESUME_BYTES, read_resume, resume_from_text
from tests.unit.matching.resume_files import write_docx, write_image_pdf, write_pdf


def _one_line(exc: pytest.ExceptionInfo[InputError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


# ---------------------------------------------------------------------- formats
def test_plain_text_and_markdown(tmp_path: Path) -> None:
    txt = tmp_path / "cv.txt"
    txt.write_text("Jane Doe\r\nPython developer   \r\n\r\n\r\n\r\nBased in Lyon.\n", encoding="utf-8")
    resume = read_resume(txt)
    assert resume.text == "Jane Doe\nPython developer\n\nBased in Lyon."
    assert (resume.file_name, resume.format) == ("cv.txt", "text")
    md = tmp_path / "cv.md"
    md.write_text("# Jane Doe\n\n- **Python** developer\n", encoding="utf-8")
    assert read_resume(md).text == "# Jane Doe\n\n- **Python** developer"
    assert read_resume(md).format == "markdown"


def test_text_in_windows_encodings(tmp_path: Path) -> None:
    latin = tmp_path / "lebenslauf.txt"
    latin.write_bytes("Jürgen Müller – Köln".encode("cp1252"))
    assert read_resume(latin).text == "Jürgen Müller – Köln"
    utf16 = tmp_path / "cv16.txt"
    utf16.write_bytes("Jürgen Müller\nKöln".encode("utf-16"))  # with its byte-order mark
    assert read_resume(utf16).text == "Jürgen Müller\nKöln"
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf# Jane")
    assert read_resume(bom).text == "# Jane"


def test_a_pdf_with_a_text_layer(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "Jane Doe CV.PDF", ["Jane Doe", "Senior engineer in München", "Python (Django)"]
    )
    resume = read_resume(path)
    assert resume.format == "pdf" and resume.file_name == "Jane Doe CV.PDF"
    assert resume.text.splitlines() == ["Jane Doe", "Senior engineer in München", "Python (Django)"]


def test_a_docx_with_its_header_and_tables(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "cv.docx",
        ["Jane Doe", "Backend engineer"],
        header="Berlin, Germany",
        table=["Skills", "Python, PostgreSQL"],
    )
    resume = read_resume(path)
    assert resume.format == "docx"
    lines = [line for line in resume.text.splitlines() if line]
    assert lines == ["Berlin, Germany", "Jane Doe", "Backend engineer", "Skills", "Python, PostgreSQL"]


def test_pasted_text() -> None:
    resume = resume_from_text("  Jane Doe\n\n\n\nPython  \n")
    assert (resume.text, resume.format, resume.file_name) == ("Jane Doe\n\nPython", "pasted", None)


# ---------------------------------------------------------------------- bad input
def test_a_missing_file_a_folder_and_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_resume(tmp_path / "nope.pdf")
    assert _one_line(exc) == f"{tmp_path / 'nope.pdf'}: no such file"
    folder = tmp_path / "cv.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="not a file"):
        read_resume(folder)
    for name, hint in (
        ("cv.doc", "save it as .docx or PDF"),
        ("cv.odt", "save it as .docx or PDF"),
        ("cv.png", "expected .docx, .markdown, .md, .pdf, .text, .txt"),
        ("cv", "(no extension)"),
    ):
        (tmp_path / name).write_bytes(b"x")
        with pytest.raises(InputError) as exc:
            read_resume(tmp_path / name)
        assert "unknown résumé format" in _one_line(exc) and hint in str(exc.value)


@pytest.mark.parametrize("name", ["empty.txt", "blank.md"])
def test_an_empty_resume(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("" if name.endswith(".txt") else "  \n\n \t\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_resume(path)
    assert _one_line(exc) == f"{name}: the résumé is empty: no text in it"
    with pytest.raises(InputError, match="empty"):
        resume_from_text(" \n ")


def test_a_pdf_that_is_only_images_says_so_and_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_resume(write_image_pdf(tmp_path / "scan.pdf"))
    message = _one_line(exc)
    assert "only images" in message and "no text layer" in message
    assert "export the résumé as a text PDF or .txt" in message


def test_a_pdf_with_no_text_and_no_images_is_an_empty_resume(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the résumé is empty"):
        read_resume(write_pdf(tmp_path / "blank.pdf", []))


def test_a_file_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "huge.pdf"
    with big.open("wb") as handle:  # sparse: 50 MB that take no disk
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError) as exc:
        read_resume(big)
    assert _one_line(exc).startswith(f"{big}: 50.0 MB is too large for a résumé (at most 10 MB)")
    just_over = tmp_path / "over.txt"
    with just_over.open("wb") as handle:
        handle.truncate(MAX_RESUME_BYTES + 1)
    with pytest.raises(InputError, match="too large"):
        read_resume(just_over)


def test_damaged_pdfs(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    good = write_pdf(tmp_path / "good.pdf", ["Jane Doe", "Python"]).read_bytes()
    cases = {
        "not-a-pdf.pdf": b"<html>this was a web page</html>",
        "garbage.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 4,
        "truncated.pdf": good[: len(good) // 3],
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InputError) as exc:
            read_resume(tmp_path / name)
        message = _one_line(exc)
        assert message.startswith(f"{tmp_path / name}: "), message
        assert "damaged PDF" in message, message
    assert capfd.readouterr().err == ""  # pypdf's repair notes do not reach the terminal


def test_damaged_docx_files(tmp_path: Path) -> None:
    (tmp_path / "text.docx").write_text("I am plain text named .docx", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with zipfile.ZipFile(tmp_path / "nodoc.docx", "w") as archive:
        archive.writestr("hello.txt", "a zip, not a Word file")
    with zipfile.ZipFile(tmp_path / "badxml.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    for name in ("text.docx", "broken.docx", "nodoc.docx", "badxml.docx"):
        with pytest.raises(InputError) as exc:
            read_resume(tmp_path / name)
        assert "damaged DOCX" in _one_line(exc), name


def test_a_docx_that_unpacks_to_too_much_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document>" + " " * (60 * 1024 * 1024) + "</w:document>")
    assert path.stat().st_size < MAX_RESUME_BYTES
    with pytest.raises(InputError, match="more than 50 MB"):
        read_resume(path)


def test_an_encrypted_pdf_asks_for_an_unprotected_copy(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(write_pdf(tmp_path / "plain.pdf", ["Jane Doe"])))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    with (tmp_path / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError, match="password-protected: export an unprotected copy"):
        read_resume(tmp_path / "locked.pdf")
