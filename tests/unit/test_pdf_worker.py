"""The warm PDF reader: kept between PDFs, replaced after any PDF that hit a limit or crashed it."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from assay.pdf import PdfText, PdfUnreadable, read_pdf
from assay.pdf.pool import POOL
from tests.pdfmaker import bomb_pdf, paper_pages, paper_pdf
from tests.unit.test_pdf_hostile import MEMORY_REASON, child_processes, child_states
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(60)

PAPER = paper_pdf(paper_pages(("Abstract", "We propose a sparse mixer."), ("1 Method", "Mix sparsely."), pages=4))
SLOW = "reading the PDF took longer than 1 s"
CRASHED = "the PDF reader crashed on this file (it is probably damaged)"


def read_ok() -> PdfText:
    text = read_pdf(PAPER, max_pages=20)
    assert "sparse mixer" in text.text
    return text


def the_reader() -> int:
    """The one idle reader with the default limits (what the bot's reads use)."""
    read_ok()
    pids = POOL.idle_pids()
    assert len(pids) == 1, pids
    return pids[0]


@pytest.fixture(autouse=True)
def _fresh_pool() -> None:
    POOL.close()  # each test starts with no readers from an earlier test


def test_the_same_reader_process_reads_one_pdf_after_another() -> None:
    first = the_reader()
    read_ok()
    read_ok()
    assert POOL.idle_pids() == [first]
    assert child_processes() == [first]


def test_a_pdf_past_its_time_limit_kills_the_reader_and_the_next_pdf_is_read() -> None:
    first = the_reader()
    with pytest.raises(PdfUnreadable) as caught:
        read_pdf(bomb_pdf(60, pages=60), max_pages=60, timeout=1.0)
    assert caught.value.reason == SLOW
    assert first not in child_processes()  # killed and reaped, not a zombie
    second = the_reader()
    assert second != first
    assert [pid for pid, state in child_states() if state == "Z"] == []


def test_a_memory_bomb_is_refused_as_before_and_the_next_pdf_is_read() -> None:
    with pytest.raises(PdfUnreadable) as caught:
        read_pdf(bomb_pdf(60), max_pages=60, memory_bytes=120_000_000)
    assert caught.value.reason == MEMORY_REASON
    assert POOL.idle_pids() == []  # the reader that ran out of memory is not kept
    read_ok()


def test_the_page_cap_holds_for_every_pdf_a_reader_reads() -> None:
    long_paper = paper_pdf(paper_pages(("Abstract", "A long paper."), pages=12))
    assert read_pdf(long_paper, max_pages=3).pages_read == 3
    assert read_pdf(long_paper, max_pages=10).pages_read == 10
    assert read_pdf(long_paper, max_pages=3).pages_read == 3


def test_a_reader_that_died_while_idle_is_replaced() -> None:
    first = the_reader()
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: os.waitid(os.P_PID, first, os.WEXITED | os.WNOHANG | os.WNOWAIT), what="the reader's death")
    second = the_reader()
    assert second != first
    assert first not in child_processes()


def test_a_reader_that_crashes_mid_read_costs_that_pdf_only() -> None:
    first = the_reader()
    outcome: list[BaseException] = []

    def slow_read() -> None:
        try:
            read_pdf(bomb_pdf(60, pages=60), max_pages=60, timeout=30.0)
        except PdfUnreadable as exc:
            outcome.append(exc)

    reading = threading.Thread(target=slow_read)
    reading.start()
    wait_until(lambda: first not in POOL.idle_pids(), what="the reader taking the PDF")
    os.kill(first, signal.SIGSEGV)  # what a crash in a C extension looks like from outside
    reading.join(timeout=30)
    assert [getattr(exc, "reason", None) for exc in outcome] == [CRASHED]
    second = the_reader()
    assert second != first


def test_concurrent_reads_share_at_most_two_readers() -> None:
    results: list[int] = []

    def read_one() -> None:
        results.append(read_ok().pages_read)

    threads = [threading.Thread(target=read_one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [4] * 6
    assert 1 <= len(POOL.idle_pids()) <= 2
    assert sorted(child_processes()) == sorted(POOL.idle_pids())
