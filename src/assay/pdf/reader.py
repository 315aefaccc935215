"""Read a PDF's text in a separate, resource-limited process.

pypdf has no time limit of its own and a hostile file can make it decompress hundreds of
megabytes or loop for minutes, so it never runs in the bot's process: each read starts a
fresh interpreter (``_worker.py``) that caps its own address space (RLIMIT_AS) and CPU time,
and is killed at the wall-clock limit. Only derived facts come back: page counts, text and
link URIs.
"""

from __future__ import annotations

import json
import logging
import math
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assay.pdf.errors import PdfUnreadable
from assay.pdf.signature import ends_like_pdf, looks_like_html, starts_like_pdf

log = logging.getLogger(__name__)

WORKER_SCRIPT = Path(__file__).with_name("_worker.py")
_EXIT_MEMORY = 3  # keep in step with _worker.EXIT_MEMORY (the worker imports nothing from us)
# A dense 60-page paper has about 500,000 characters; hostile text stops here.
DEFAULT_MAX_CHARS = 1_000_000
# A page of a paper has thousands of characters; fewer than this on average means the pages
# are images, or the content streams decompressed to nothing but padding (a bomb).
MIN_TEXT_CHARS_PER_PAGE = 20
# Each reader may use up to ``memory_bytes``; a burst of /paper add must not multiply that.
_READERS = threading.BoundedSemaphore(2)

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


def _run_worker(
    data: bytes, *, max_pages: int, timeout: float, memory_bytes: int, max_chars: int
) -> subprocess.CompletedProcess[bytes]:
    deadline = time.monotonic() + timeout
    if not _READERS.acquire(timeout=timeout):
        raise PdfUnreadable(_too_slow(timeout))
    try:
        command = [
            sys.executable,
            "-P",  # the script's folder must not shadow modules in the child
            str(WORKER_SCRIPT),
            str(max_pages),
            str(memory_bytes),
            str(math.ceil(timeout) + 1),
            str(max_chars),
        ]
        # On timeout, run() kills the child and reaps it: nothing is left behind.
        return subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=max(0.0, deadline - time.monotonic()),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfUnreadable(_too_slow(timeout)) from None
    finally:
        _READERS.release()


def _reply_of(completed: subprocess.CompletedProcess[bytes], timeout: float) -> dict[str, Any]:
    code = completed.returncode
    if code == _EXIT_MEMORY or (code != 0 and b"MemoryError" in completed.stderr):
        raise PdfUnreadable(TOO_MUCH_MEMORY)
    if code == -signal.SIGXCPU:
        raise PdfUnreadable(_too_slow(timeout))
    if code == -signal.SIGKILL:  # from outside: the kernel's OOM killer or an operator
        raise PdfUnreadable(TOO_MUCH_MEMORY)
    if code != 0:
        log.warning("PDF worker exited with %s: %r", code, completed.stderr[-500:])
        raise PdfUnreadable(CRASHED)
    try:
        reply = json.loads(completed.stdout)
    except ValueError:
        log.warning("PDF worker wrote no JSON: %r", completed.stderr[-500:])
        raise PdfUnreadable(CRASHED) from None
    if not isinstance(reply, dict):
        raise PdfUnreadable(CRASHED)
    return reply


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

    Runs pypdf in a child process limited to ``memory_bytes`` of address space and killed
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
    completed = _run_worker(
        data,
        max_pages=max_pages,
        timeout=timeout,
        memory_bytes=memory_bytes,
        max_chars=max_chars,
    )
    return _pdf_text(_reply_of(completed, timeout))
