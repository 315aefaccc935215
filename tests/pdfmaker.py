"""Build real PDF files for tests: small papers, encrypted, truncated, bombs, HTML impostors.

The papers are written by hand (Helvetica text, one ``Tj`` per line, so pypdf extracts each
line as written). Hostile files stay small on disk: a decompression bomb is a few hundred
kilobytes that inflates to hundreds of megabytes.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Mapping, Sequence
from functools import cache

from pypdf import PdfReader, PdfWriter

LINE_HEIGHT = 12
TOP = 750


def _pdf_string(line: str) -> bytes:
    escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def _content_stream(text: str) -> bytes:
    lines = text.split("\n")
    body = [b"BT /F1 9 Tf %d TL 60 %d Td" % (LINE_HEIGHT, TOP)]
    for index, line in enumerate(lines):
        body.append((b"T* " if index else b"") + _pdf_string(line) + b" Tj")
    body.append(b"ET")
    return b"\n".join(body)


def _stream_object(data: bytes, *, compress: bool) -> bytes:
    if compress:
        data = zlib.compress(data)
    extra = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _assemble(objects: list[bytes], root: int) -> bytes:
    """Serialise numbered objects (1-based, in order) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _document(page_contents: Sequence[int], objects: list[bytes], links: Mapping[int, Sequence[str]]) -> bytes:
    """Add font, pages and catalog around already-added content stream objects."""
    font = len(objects) + 1
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages = len(objects) + 1
    objects.append(b"")  # the page tree, filled in once the kids are numbered
    kids = []
    for index, content in enumerate(page_contents):
        annots = b""
        if links.get(index):
            refs = []
            for uri in links[index]:
                objects.append(
                    b"<< /Type /Annot /Subtype /Link /Rect [60 60 300 72] /Border [0 0 0] "
                    b"/A << /S /URI /URI " + _pdf_string(uri) + b" >> >>"
                )
                refs.append(b"%d 0 R" % len(objects))
            annots = b" /Annots [" + b" ".join(refs) + b"]"
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R%s >>" % (pages, font, content, annots)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[pages - 1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    return _assemble(objects, root=len(objects))


def paper_pdf(
    pages: Sequence[str], *, links: Mapping[int, Sequence[str]] | None = None, compress: bool = True
) -> bytes:
    """A PDF with one page per string (lines split on newlines), optional link annotations."""
    objects: list[bytes] = []
    contents = []
    for text in pages:
        objects.append(_stream_object(_content_stream(text), compress=compress))
        contents.append(len(objects))
    return _document(contents, objects, links or {})


@cache
def _inflating_stream(megabytes: int, fill: bytes) -> bytes:
    """A zlib stream that inflates to ``megabytes`` MiB of ``fill``, built without the memory."""
    chunk = fill * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A full flush ends the block byte-aligned with no back-references, so it can repeat.
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush(zlib.Z_FINISH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + block * megabytes + final + checksum.to_bytes(4, "big")


def bomb_pdf(inflated_megabytes: int, *, pages: int = 1, fill: bytes = b" ") -> bytes:
    """Every page shares one content stream that inflates to ``inflated_megabytes`` of padding."""
    data = _inflating_stream(inflated_megabytes, fill)
    objects = [b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    return _document([1] * pages, objects, {})


def encrypt(pdf: bytes, *, user_password: str, owner_password: str | None = None, algorithm: str = "RC4-128") -> bytes:
    """The same PDF encrypted; an empty ``user_password`` opens without asking (owner-only)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated(pdf: bytes, keep: float = 0.6) -> bytes:
    """The first ``keep`` fraction of the file, as an interrupted download leaves it."""
    return pdf[: int(len(pdf) * keep)]


def html_page(title: str = "arXiv reCAPTCHA") -> bytes:
    """An HTML page of the kind a server returns instead of a PDF (error, captcha, login)."""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><title>" + title + "</title></head>\n"
        "<body><h1>" + title + "</h1><p>" + "Please verify that you are a human. " * 60 + "</p></body></html>\n"
    ).encode()


FILLER = (
    "We evaluate the model on held-out data and compare it against strong baselines from prior work, "
    "reporting accuracy and calibration for every configuration."
)


def paper_pages(*sections: tuple[str, str], pages: int | None = None) -> list[str]:
    """Pages of a plausible paper: each (heading, body) section on its own page, padded with prose.

    With ``pages`` larger than the number of sections, filler pages of prose are appended.
    """
    result = [f"{heading}\n{body}\n" + "\n".join([FILLER[:90], FILLER[90:]] * 3) for heading, body in sections]
    while pages is not None and len(result) < pages:
        result.append("\n".join(FILLER[i % 3 * 30 :] + f" (page {len(result) + 1}, line {i})" for i in range(48)))
    return result
