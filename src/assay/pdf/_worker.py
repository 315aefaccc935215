"""The child-process side of PDF reading: a warm worker that reads PDFs sent one after another.

It runs as its own interpreter (started by ``assay.pdf.pool``), so a hostile PDF can only
exhaust this process: before importing pypdf it lowers its own address-space and core-dump
limits, and before each job it gives itself that job's CPU seconds. It imports only the
standard library and pypdf, and none of the bot's state exists here. The parent kills it at a
job's wall-clock limit and replaces it after any job that hit a limit.

Usage: ``python -P _worker.py MEMORY_BYTES``. Each job on stdin is one line of JSON
(``max_pages``, ``max_chars``, ``cpu_seconds``, ``size``) followed by ``size`` bytes of PDF;
each answer on stdout is a 4-byte big-endian length and one JSON document: ``{"ok": true, ...}``
or ``{"ok": false, "problem": ..., "detail": ...}``. When memory runs out it answers
``"problem": "memory"`` if it can and exits with status 3.
"""

from __future__ import annotations

import gc
import io
import json
import logging
import math
import os
import resource
import struct
import sys
import warnings
from typing import Any

EXIT_MEMORY = 3
MAX_LINKS = 300
MAX_LINK_CHARS = 2000

# Encoded before the input is read: once memory has run out there may be none left to build it.
_MEMORY_REPLY = json.dumps({"ok": False, "problem": "memory", "detail": "MemoryError"}).encode()
_MEMORY_FRAME = struct.pack("!I", len(_MEMORY_REPLY)) + _MEMORY_REPLY


def _lower_limit(kind: int, value: int) -> None:
    _soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value if kind != resource.RLIMIT_CPU else hard))


def limit_resources(memory_bytes: int) -> None:
    """Cap this process for its whole life: address space (RLIMIT_AS) and no core dumps."""
    _lower_limit(resource.RLIMIT_CORE, 0)
    _lower_limit(resource.RLIMIT_AS, memory_bytes)


def give_cpu_seconds(seconds: int) -> None:
    """Allow ``seconds`` more CPU time from now: past it the kernel sends SIGXCPU, a backstop
    should the parent die and never kill us (the soft limit counts the process's whole life)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(usage.ru_utime + usage.ru_stime) + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


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


def _answer(out: Any, body: bytes) -> None:
    out.write(struct.pack("!I", len(body)) + body)
    out.flush()


def serve(stdin: Any, out: Any) -> int:
    """Answer jobs until stdin closes (the parent is gone or let us go)."""
    while True:
        line = stdin.readline()
        if not line:
            return 0
        job = json.loads(line)
        data = stdin.read(int(job["size"]))
        if len(data) < int(job["size"]):
            return 0
        give_cpu_seconds(int(job["cpu_seconds"]))
        body = json.dumps(extract(data, int(job["max_pages"]), int(job["max_chars"]))).encode()
        del data
        _answer(out, body)
        del body
        gc.collect()  # after the answer: pypdf's object graphs are freed off the caller's clock


def main(argv: list[str]) -> int:
    limit_resources(int(argv[1]))
    # pypdf reports every oddity of a malformed file; the parent needs only the outcome.
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    try:
        import pypdf  # noqa: F401  (warm: each job finds it imported)

        return serve(sys.stdin.buffer, sys.stdout.buffer)
    except MemoryError:
        os.write(sys.stdout.fileno(), _MEMORY_FRAME)
        return EXIT_MEMORY


if __name__ == "__main__":
    sys.exit(main(sys.argv))
