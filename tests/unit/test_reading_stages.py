"""A paper's stage follows its notes; the gate between passes is per reader."""

from __future__ import annotations

from assay.reading.stages import NoteMark, blocking_pass, progress


def _stage(*marks: tuple[str, int, str]) -> str:
    return progress(NoteMark(reader, n, decision) for reader, n, decision in marks).stage


def test_no_notes_is_unread_and_the_furthest_pass_names_the_stage() -> None:
    assert _stage() == "unread"
    assert _stage(("ann", 1, "continue")) == "pass 1"
    assert _stage(("ann", 1, "continue"), ("bob", 1, "continue"), ("ann", 2, "continue")) == "pass 2"


def test_decided_when_every_reader_has_ended() -> None:
    assert _stage(("ann", 1, "stop")) == "decided"
    assert _stage(("ann", 1, "continue"), ("ann", 2, "continue"), ("ann", 3, "continue")) == "decided"
    assert _stage(("ann", 3, "stop"), ("bob", 1, "stop")) == "decided"


def test_one_readers_end_does_not_end_anothers_reading() -> None:
    assert _stage(("ann", 1, "stop"), ("bob", 1, "continue")) == "pass 1"
    assert _stage(("ann", 3, "continue"), ("bob", 2, "continue")) == "pass 3"


def test_a_revision_replaces_the_earlier_note_of_that_pass() -> None:
    assert _stage(("ann", 1, "stop"), ("ann", 1, "continue")) == "pass 1"
    assert _stage(("ann", 1, "continue"), ("ann", 1, "stop")) == "decided"


def test_readers_keep_the_order_they_first_noted_the_paper_in() -> None:
    marks = [NoteMark("bob", 1, "continue"), NoteMark("ann", 1, "continue"), NoteMark("bob", 2, "stop", True)]
    readers = progress(marks).readers
    assert [(r.reader, r.passes, r.decision, r.forced) for r in readers] == [
        ("bob", (1, 2), "stop", True),
        ("ann", (1,), "continue", False),
    ]


def test_the_gate_needs_the_readers_previous_pass_noted_with_continue() -> None:
    ann = progress([NoteMark("ann", 1, "continue")]).position("ann")
    stopped = progress([NoteMark("ann", 1, "stop")]).position("ann")
    assert blocking_pass(1, None) is None
    assert blocking_pass(2, None) == (1, "missing")
    assert blocking_pass(2, ann) is None
    assert blocking_pass(3, ann) == (2, "missing")
    assert blocking_pass(2, stopped) == (1, "stopped")
    assert blocking_pass(1, stopped) is None  # a revision is never gated
