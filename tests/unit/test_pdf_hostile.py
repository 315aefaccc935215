"""Hostile PDFs: each is refused in plain words, within its limits, leaving no process behind
but the warm readers waiting for the next PDF."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assay.pdf import PdfUnreadable, read_pdf
from assay.pdf.pool import POOL
from tests.pdfmaker import bomb_pdf, paper_pages, paper_pdf

pytestmark = pytest.mark.timeout(60)

BOMB_REASON = "the PDF holds more compressed data than the reader allows (possible decompression bomb)"
MEMORY_REASON = "the PDF needed more memory than allowed (possible decompression bomb)"
NO_TEXT_REASON = "no text could be extracted (scanned images or a decompression bomb)"


def child_processes() -> list[int]:
    """Processes (zombies included) whose parent is this test process."""
    return [pid for pid, _state in child_states()]


def child_states() -> list[tuple[int, str]]:
    """(pid, state) of this test process's children; state "Z" is an unreaped zombie."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited while we looked
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == os.getpid():
            children.append((int(entry.name), state))
    return children


def reason_for(data: bytes, **options: float) -> str:
    with pytest.raises(PdfUnreadable) as caught:
        read_pdf(data, max_pages=60, **options)  # type: ignore[arg-type]
    return caught.value.reason


def test_bomb_inflating_to_300_mb_is_refused_from_a_small_file() -> None:
    bomb = bomb_pdf(300)
    assert len(bomb) < 400_000
    assert reason_for(bomb) == BOMB_REASON


def test_bomb_of_padding_under_pypdf_limits_is_caught_by_the_empty_text_check() -> None:
    # 40 MB of spaces per page stays under pypdf's per-stream limit and extracts as "".
    assert reason_for(bomb_pdf(40, pages=3)) == NO_TEXT_REASON


def test_bomb_hitting_the_memory_limit_is_reported_as_memory() -> None:
    assert reason_for(bomb_pdf(60), memory_bytes=120_000_000) == MEMORY_REASON


def test_memory_limit_applies_to_the_reader_process() -> None:
    ordinary = paper_pdf(paper_pages(("Abstract", "An ordinary paper.")))
    assert reason_for(ordinary, memory_bytes=30_000_000) == MEMORY_REASON


def test_slow_pdf_is_stopped_at_the_time_limit_and_leaves_only_idle_readers() -> None:
    # 60 pages share a 60 MB stream of padding: pypdf would parse it for many seconds.
    assert reason_for(bomb_pdf(60, pages=60), timeout=1.0) == "reading the PDF took longer than 1 s"
    assert sorted(child_processes()) == sorted(POOL.idle_pids())
    assert [pid for pid, state in child_states() if state == "Z"] == []


def test_successful_read_leaves_only_the_warm_reader() -> None:
    read_pdf(paper_pdf(paper_pages(("Abstract", "An ordinary paper."))), max_pages=5)
    assert sorted(child_processes()) == sorted(POOL.idle_pids())
    assert len(POOL.idle_pids()) >= 1
