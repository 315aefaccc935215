"""The child-process side of PDF reading: PDF bytes on stdin, one JSON document on stdout.

It runs as its own interpreter (started by ``assay.pdf.reader``), so a hostile PDF can only
exhaust this process: before touching the input it lowers its own address-space, CPU-time
and core-dump limits. It imports only the standard library and pypdf, so it starts fast and
none of the bot's state exists here.

Usage: ``python -P _worker.py MAX_PAGES MEMORY_BYTES CPU_SECONDS MAX_CHARS < file.pdf``.
Exit status 0 with ``{"ok": true, ...}`` or ``{"ok": false, "problem": ..., "detail": ...}``;
exit status 3 when memory ran out (the JSON may then be missing).
"""

from __future__ import annotations

import io
import json
import logging
import os
import resource
import sys
import warnings
from typing import Any

EXIT_MEMORY = 3
MAX_LINKS = 300
MAX_LINK_CHARS = 2000

# Encoded before the input is read: once memory has run out there may be none left to build it.
_MEMORY_REPLY = json.dumps({"ok": False, "problem": "memory", "detail": "MemoryError"}).encode()


def _lower_limit(kind: int, value: int) -> None:
    _soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value if kind != resource.RLIMIT_CPU else hard))


def limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    """Cap this process: address space (RLIMIT_AS), CPU seconds, and no core dumps."""
    _lower_limit(resource.RLIMIT_CORE, 0)
    _lower_limit(resource.RLIMIT_AS, memory_bytes)
    # The soft CPU limit sends SIGXCPU: a backstop should the parent die and never kill us.
    _lower_limit(resource.RLIMIT_CPU, cpu_seconds)


def _failure(problem: str, error: BaseException) -> dict[str, Any]:
    return {"ok": False, "problem": problem, "detail": f"{type(error).__name__}: {error}"[:300]}


def _page_links(page: Any) -> list[str]:
    """URIs of the page's link annotations (hyperref links are whole even when the text wraps)."""
    links: list[str] = []
    annotations = page.get("/Annots")
    if annotations is None:
        return links
    for annotation in annotations.get_object():
        action = annotation.get_object().get("/A")
        if action is None:
            continue
        uri = action.get_object().get("/URI")
        if isinstance(uri, str) and 0 < len(uri) <= MAX_LINK_CHARS:
            links.append(uri)
    return links


def extract(data: bytes, max_pages: int, max_chars: int) -> dict[str, Any]:
    """Read at most ``max_pages`` pages of text and link URIs from PDF bytes.

    Returns the JSON-ready reply. Broken single pages are counted, not fatal; pypdf's own
    safety limits (LimitReachedError, e.g. a decompression bomb) end the whole read.
    """
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError as error:
                return _failure("encryption-unsupported", error)
            if opened == PasswordType.NOT_DECRYPTED:
                return {"ok": False, "problem": "encrypted", "detail": "needs a password"}
        pages_total = len(reader.pages)
    except LimitReachedError as error:
        return _failure("limit", error)
    except MemoryError:
        raise  # reported by main(), with memory set aside in advance
    except Exception as error:
        # pypdf raises anything from KeyError to RecursionError on hostile input: all mean damaged.
        return _failure("damaged", error)

    texts: list[str] = []
    links: list[str] = []
    failed = 0
    chars = 0
    for index in range(min(pages_total, max_pages)):
        try:
            page = reader.pages[index]
            text = page.extract_text() or ""
        except LimitReachedError as error:
            return _failure("limit", error)
        except MemoryError:
            raise
        except Exception:
            # One unreadable page should not cost the others; the count reaches the caller.
            failed += 1
            texts.append("")
            continue
        if chars + len(text) > max_chars:
            break
        chars += len(text)
        texts.append(text)
        if len(links) < MAX_LINKS:
            try:
                links.extend(_page_links(page))
            except MemoryError:
                raise
            except Exception:  # noqa: S110 - links are a bonus; the page's text stands
                pass
    return {
        "ok": True,
        "pages_total": pages_total,
        "pages_read": len(texts),
        "pages_failed": failed,
        "texts": texts,
        "links": links[:MAX_LINKS],
        "encrypted": encrypted,
    }


def main(argv: list[str]) -> int:
    max_pages, memory_bytes, cpu_seconds, max_chars = (int(arg) for arg in argv[1:5])
    limit_resources(memory_bytes, cpu_seconds)
    # pypdf reports every oddity of a malformed file; the parent needs only the outcome.
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    try:
        data = sys.stdin.buffer.read()
        reply = json.dumps(extract(data, max_pages, max_chars)).encode()
    except MemoryError:
        os.write(sys.stdout.fileno(), _MEMORY_REPLY)
        return EXIT_MEMORY
    sys.stdout.buffer.write(reply)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
