"""Hostile PDFs behind /paper add through the real app (the reader's own limits are tested in
tests/unit/test_pdf_hostile.py): whatever the PDF does, the paper is added from its metadata
and its card says, in words, why the PDF was not read."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from assay.clock import FixedClock
from assay.runtime import build_runtime
from assay.storage.models import Paper
from tests.conftest import NO_PACING, Fakes, fake_settings
from tests.fakes.atom import AtomEntry
from tests.fakes.slack_api import FakeSlack
from tests.pdfmaker import bomb_pdf, encrypt, html_page, paper_pages, paper_pdf, truncated
from tests.slack_stack import SlackStack, serve_app

pytestmark = pytest.mark.timeout(90)
MAX_BYTES = 1_000_000
PAPER = paper_pdf(paper_pages(("Abstract", "We merge tokens."), ("Limitations", "Only on ViTs.")))

HOSTILE = {
    "encrypted": (encrypt(PAPER, user_password="secret"), "unreadable", "encrypted"),
    "truncated": (truncated(PAPER), "unreadable", ""),
    "html-instead": (html_page(), "unavailable", "HTML page instead of a PDF"),
    "not-a-pdf": (os.urandom(5000), "unavailable", "not a PDF"),
    # Refused by the inflation limit, or by the time cap when the machine is busy: both say why.
    "bomb": (bomb_pdf(300), "unreadable", ("decompression bomb", "took longer than")),
    "too-big": (b"%PDF-1.4\n" + b"0" * (MAX_BYTES + 10), "unavailable", "larger than"),
    "missing": (None, "unavailable", "404"),
    "stalled": (PAPER, "unavailable", "timed out"),
}


STALL_TIMEOUT, STALL_SECONDS = 2, 6  # the stalled PDF's download times out; arXiv's metadata must not


@pytest.fixture
def app(
    sqlite_url: str, fakes: Fakes, clock: FixedClock, tmp_path: Path, fake_slack: FakeSlack, kind: str
) -> Iterator[SlackStack]:
    # A short HTTP timeout only where a download must time out: on a loaded machine a 1 s
    # timeout cut arXiv's metadata answer short (seen in CI).
    timeout = STALL_TIMEOUT if kind == "stalled" else 5
    settings = fake_settings(sqlite_url, fakes, http_timeout_seconds=timeout, pdf_max_bytes=MAX_BYTES)
    runtime = build_runtime(settings, clock=clock, migrate_schema=False, output_dir=tmp_path, pacing=NO_PACING)
    with serve_app(runtime, fake_slack) as stack:
        yield stack
    runtime.close()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_pdf_never_costs_the_paper(app: SlackStack, fakes: Fakes, kind: str) -> None:
    data, status, words = HOSTILE[kind]
    fakes.arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"), pdf=data)
    if kind == "stalled":
        fakes.arxiv.stall_seconds = STALL_SECONDS
        fakes.arxiv.stalled_pdfs.add("2401.00001")
    ack = app.command("/paper", "add 2401.00001")
    assert ack.status_code == 200 and ack.json()["text"].startswith("⏳")
    card = app.fake.wait_for("chat.postMessage")[0]
    assert "Token Merging for Cheap Inference" in card.params["text"]
    with app.runtime.db.session() as s:
        paper = s.exec(select(Paper)).one()
    assert paper.pdf_status == status, paper.pdf_problem
    expected = (words,) if isinstance(words, str) else words
    assert paper.pdf_problem and any(w in paper.pdf_problem for w in expected), paper.pdf_problem
    shown = str(card.params["blocks"])
    assert "PDF" in shown and paper.pdf_problem.split(";")[0][:40] in shown.replace("&amp;", "&")
    assert app.fake.calls_to("response_url") == []  # no error: the paper is there
