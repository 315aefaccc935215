"""Read a PDF's text in a separate, resource-limited process.

pypdf has no time limit of its own and a hostile file can make it decompress hundreds of
megabytes or loop for minutes, so it never runs in the bot's process: each read goes to a
warm worker (``_worker.py``, kept by ``assay.pdf.pool``) that caps its own address space
(RLIMIT_AS) and CPU time, is killed at the wall-clock limit, and is replaced after any read
that hit a limit or crashed it. Only derived facts come back: page counts, text and link URIs.
"""

from __future__ import annotations

import logging
import math
import signal
import time
from dataclasses import dataclass
from typing import Any

from assay.pdf.errors import PdfUnreadable
from assay.pdf.pool import EXIT_MEMORY, POOL, WorkerDied, WorkerTimeout
from assay.pdf.signature import ends_like_pdf, looks_like_html, starts_like_pdf

log = logging.getLogger(__name__)

# A dense 60-page paper has about 500,000 characters; hostile text stops here.
DEFAULT_MAX_CHARS = 1_000_000
# A page of a paper has thousands of characters; fewer than this on average means the pages
# are images, or the content streams decompressed to nothing but padding (a bomb).
MIN_TEXT_CHARS_PER_PAGE = 20

NOT_A_PDF = "the file is not a PDF"
HTML_NOT_PDF = "the file is an HTML page, not a PDF"
DAMAGED = "the PDF is damaged or truncated"
ENCRYPTED = "the PDF is encrypted with a password"
ENCRYPTION_UNSUPPORTED = "the PDF is encrypted in a way the reader cannot open"
TOO_MUCH_MEMORY = "the PDF needed more memory than allowed (possible decompression bomb)"
OVER_LIMITS = "the PDF holds more compressed data than the reader allows (possible decompression bomb)"
NO_TEXT = "no text could be extracted (scanned images or a decompression bomb)"
NO_PAGES = "the PDF has no pages"
CRASHED = "the PDF reader crashed on this file (it is probably damaged)"

_PROBLEMS = {
    "encrypted": ENCRYPTED,
    "encryption-unsupported": ENCRYPTION_UNSUPPORTED,
    "damaged": DAMAGED,
    "limit": OVER_LIMITS,
    "memory": TOO_MUCH_MEMORY,
}


@dataclass(frozen=True)
class PdfText:
    """What was read from a PDF.

    ``text`` holds the text of the pages read, joined with form feeds (``"\\f"``), one per
    page boundary. ``encrypted`` is true when the file was encrypted but opened with the
    empty password. ``links`` are the URIs of link annotations (never broken across lines).
    ``pages_failed`` counts pages among ``pages_read`` whose text could not be extracted.
    """

    pages_total: int
    pages_read: int
    text: str
    encrypted: bool
    links: tuple[str, ...] = ()
    pages_failed: int = 0


def _too_slow(timeout: float) -> str:
    return f"reading the PDF took longer than {timeout:g} s"


def _check_envelope(data: bytes) -> None:
    if not starts_like_pdf(data):
        raise PdfUnreadable(HTML_NOT_PDF if looks_like_html(data) else NOT_A_PDF)
    if not ends_like_pdf(data):
        raise PdfUnreadable(DAMAGED)


def _read_in_worker(
    data: bytes, *, max_pages: int, timeout: float, memory_bytes: int, max_chars: int
) -> dict[str, Any]:
    """The worker's answer; its failures become the same plain words as ever."""
    header = {"max_pages": max_pages, "max_chars": max_chars, "cpu_seconds": math.ceil(timeout) + 1}
    try:
        return POOL.run(header, data, memory_bytes=memory_bytes, deadline=time.monotonic() + timeout)
    except WorkerTimeout:
        raise PdfUnreadable(_too_slow(timeout)) from None
    except WorkerDied as died:
        raise PdfUnreadable(_death_reason(died, timeout)) from None
    except ValueError:  # not JSON, or not an object
        log.warning("PDF worker sent an answer that could not be read")
        raise PdfUnreadable(CRASHED) from None


def _death_reason(died: WorkerDied, timeout: float) -> str:
    code = died.returncode
    if code == EXIT_MEMORY or b"MemoryError" in died.stderr:
        return TOO_MUCH_MEMORY
    if code == -signal.SIGXCPU:
        return _too_slow(timeout)
    if code == -signal.SIGKILL:  # from outside: the kernel's OOM killer or an operator
        return TOO_MUCH_MEMORY
    log.warning("PDF worker exited with %s: %r", code, died.stderr[-500:])
    return CRASHED


def _pdf_text(reply: dict[str, Any]) -> PdfText:
    if not reply.get("ok"):
        problem = str(reply.get("problem"))
        log.info("PDF not read (%s): %s", problem, reply.get("detail"))
        raise PdfUnreadable(_PROBLEMS.get(problem, CRASHED))
    texts = [str(text) for text in reply["texts"]]
    pages_total = int(reply["pages_total"])
    pages_failed = int(reply["pages_failed"])
    if pages_total == 0:
        raise PdfUnreadable(NO_PAGES)
    pages_ok = len(texts) - pages_failed
    if pages_ok <= 0:
        raise PdfUnreadable(DAMAGED)
    text = "\f".join(texts)
    if len("".join(text.split())) < MIN_TEXT_CHARS_PER_PAGE * pages_ok:
        raise PdfUnreadable(NO_TEXT)
    return PdfText(
        pages_total=pages_total,
        pages_read=len(texts),
        text=text,
        encrypted=bool(reply["encrypted"]),
        links=tuple(dict.fromkeys(str(link) for link in reply["links"])),
        pages_failed=pages_failed,
    )


def read_pdf(
    data: bytes,
    *,
    max_pages: int,
    timeout: float = 30.0,
    memory_bytes: int = 1_000_000_000,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> PdfText:
    """Extract the text of the first ``max_pages`` pages of a PDF, safely.

    Runs pypdf in a warm child process limited to ``memory_bytes`` of address space and killed
    after ``timeout`` seconds of wall-clock time (waiting for a free reader slot counts).
    Reading stops early once ``max_chars`` characters are collected. An encrypted file is
    tried with the empty password.

    Raises PdfUnreadable with a plain-words ``reason`` when the bytes are not a PDF, the
    file is truncated, damaged or password-protected, the limits are exceeded, or (almost)
    no text comes out of the pages read (scanned images, or a decompression bomb that
    inflates to padding).
    """
    if max_pages < 1:
        raise ValueError("max_pages must be at least 1")
    _check_envelope(data)
    reply = _read_in_worker(data, max_pages=max_pages, timeout=timeout, memory_bytes=memory_bytes, max_chars=max_chars)
    return _pdf_text(reply)
