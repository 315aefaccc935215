"""Recognising a PDF (or an HTML error page) from its bytes, without parsing it."""

from __future__ import annotations

PDF_MAGIC = b"%PDF-"
END_MARKER = b"%%EOF"
# Readers accept the header anywhere in the first kilobyte and the end marker near the end.
HEAD_BYTES = 1024
TAIL_BYTES = 2048
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title")


def starts_like_pdf(head: bytes) -> bool:
    """True when the first kilobyte carries the ``%PDF-`` header."""
    return PDF_MAGIC in head[:HEAD_BYTES]


def looks_like_html(head: bytes) -> bool:
    """True when the bytes open like an HTML page (an error or login page served instead)."""
    start = head[:HEAD_BYTES].lstrip(b" \t\r\n\xef\xbb\xbf").lower()
    return start.startswith(_HTML_STARTS) or b"<html" in start


def ends_like_pdf(data: bytes) -> bool:
    """True when the ``%%EOF`` marker is near the end: a cut-off download has none."""
    return END_MARKER in data[-TAIL_BYTES:]
