"""Readers noting the same paper at the same instant, on SQLite and PostgreSQL: every note is
kept, the stage is computed from all of them, and a form submitted twice at once records once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlmodel import select

from assay.commands.context import Ctx
from assay.reading.passes import Decision, NoteContent
from assay.runtime import Runtime
from assay.services.notes.record import record_note
from assay.storage.models import Paper, PassNote
from tests.core.paper_rows import store_paper

READERS = [f"U{i:03d}" for i in range(12)]


def _note(runtime: Runtime, reader: str, decision: Decision, once_key: str | None = None) -> bool:
    ctx = Ctx("T1", reader, "C1", runtime)
    return record_note(ctx, "P1", 1, NoteContent(decision, claim=f"by {reader}"), once_key=once_key) is not None


def test_the_stage_counts_every_note_recorded_at_once(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Contested")
    # Everyone stops but the last reader: the paper must stay open, whatever order they commit in.
    decisions = [Decision.STOP] * (len(READERS) - 1) + [Decision.CONTINUE]
    with ThreadPoolExecutor(max_workers=len(READERS)) as pool:
        assert all(pool.map(lambda rd: _note(any_runtime, *rd), zip(READERS, decisions, strict=True)))
    with any_runtime.db.session() as s:
        assert len(s.exec(select(PassNote)).all()) == len(READERS)
        assert s.exec(select(Paper)).one().stage == "pass 1"


def test_the_same_form_submitted_twice_at_once_records_one_note(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Double click")
    with ThreadPoolExecutor(max_workers=6) as pool:
        recorded = list(pool.map(lambda _: _note(any_runtime, "U001", Decision.CONTINUE, "pass-note:V1:h1"), range(6)))
    assert recorded.count(True) == 1
    with any_runtime.db.session() as s:
        assert len(s.exec(select(PassNote)).all()) == 1
