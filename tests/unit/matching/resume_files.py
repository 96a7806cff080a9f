"""Small, real résumé files made on the spot: a PDF with a text layer, a PDF that is only an image
(a scan), a DOCX (with a page header and a table, as résumés have). Written byte by byte to the
formats' rules, so that the readers under test parse them exactly as they would a real file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["write_docx", "write_image_pdf", "write_pdf"]


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _escape(line: str) -> bytes:
    return line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def write_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, WinAnsi: German letters too)."""
    shows = b"".join(b"(%s) Tj 0 -16 Td " % _escape(line) for line in lines)
    content = b"BT /F1 11 Tf 72 740 Td " + shows + b"ET"
    path.write_bytes(
        _pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ])
    )  # fmt: skip
    return path


def write_image_pdf(path: Path) -> Path:
    """A one-page PDF that only draws an image: what a scanned résumé is (no text layer)."""
    pixels = bytes(range(0, 256, 16)) * 16  # a 16×16 grey ramp
    path.write_bytes(
        _pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
            _stream(b"q 480 0 0 640 66 76 cm /Im1 Do Q"),
            _stream(pixels, b"/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray"
                    b" /BitsPerComponent 8 "),
        ])
    )  # fmt: skip
    return path


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<w:p><w:r><w:t xml:space='preserve'>{line}</w:t></w:r></w:p>" for line in lines)


def write_docx(path: Path, lines: list[str], *, header: str = "", table: Sequence[str] = ()) -> Path:
    """A DOCX with ``lines`` as paragraphs, ``header`` in the page header, ``table`` as one row."""
    cells = "".join(f"<w:tc>{_paragraphs([cell])}</w:tc>" for cell in table)
    body = _paragraphs(lines) + (f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>" if table else "")
    header_ref = '<w:headerReference w:type="default" r:id="rIdH"/>' if header else ""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W} {_R}><w:body>{body}'
        f"<w:sectPr>{header_ref}</w:sectPr></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", document)
        if header:
            archive.writestr("word/header1.xml", f"<w:hdr {_W}>{_paragraphs([header])}</w:hdr>")
    return path
