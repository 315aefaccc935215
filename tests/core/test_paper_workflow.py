"""/paper queue, assign and drop: the reading workflow, on every database backend."""

from __future__ import annotations

import pytest
from sqlmodel import select

from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from assay.services.papers.workflow import assign_reader, drop_paper
from assay.storage.models import HandledRequest, Paper
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper


def _paper(runtime: Runtime, number: int, team: str = "T1") -> Paper:
    with runtime.db.session() as s:
        return s.exec(select(Paper).where(Paper.number == number, Paper.team_id == team)).one()


def _handles(reply_data: object) -> list[str]:
    assert isinstance(reply_data, dict)
    return [p["handle"] for p in reply_data["papers"]]


def test_queue_lists_open_papers_by_priority_then_longest_waiting(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Low and old", priority="LOW", age_days=30)  # P1
    store_paper(any_runtime, "High and recent", priority="HIGH", age_days=2)  # P2
    store_paper(any_runtime, "High and old", priority="HIGH", age_days=20)  # P3
    store_paper(any_runtime, "Unscored", priority=None, age_days=40)  # P4
    store_paper(any_runtime, "Medium", priority="MEDIUM", age_days=1, stage="pass 2", reader="U0009")  # P5
    store_paper(any_runtime, "Dropped", priority="HIGH", stage="dropped", dropped_reason="toy data")  # P6
    store_paper(any_runtime, "Done", priority="HIGH", stage="decided")  # P7
    reply = run(any_runtime, "/paper queue")
    assert _handles(reply.data) == ["P3", "P2", "P5", "P1", "P4"]
    assert reply.data is not None
    assert reply.data["papers"][2] == {
        "handle": "P5",
        "title": "Medium",
        "priority": "MEDIUM",
        "stage": "pass 2",
        "reader": "U0009",
    }
    shown = text_of(reply)
    assert "`P5` 🟠 MEDIUM · pass 2 · @U0009 · added 1 day ago" in shown
    assert "`P3` 🔴 HIGH · unread · no reader · added 20 days ago" in shown
    assert "Dropped" not in shown and "Done" not in shown


def test_queue_mine_shows_only_the_papers_i_read(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Mine", reader="U0001")
    store_paper(any_runtime, "Theirs", reader="U0002")
    store_paper(any_runtime, "Nobody's")
    assert _handles(run(any_runtime, "/paper queue mine", user="U0001").data) == ["P1"]
    assert _handles(run(any_runtime, "/paper queue ALL", user="U0001").data) == ["P1", "P2", "P3"]
    empty = run(any_runtime, "/paper queue mine", user="U0003")
    assert _handles(empty.data) == [] and "Assign to me" in text_of(empty)


def test_queue_refuses_an_unknown_scope(runtime: Runtime) -> None:
    with pytest.raises(UserError, match="scope"):
        run(runtime, "/paper queue everyone")


def test_queue_never_shows_another_workspace(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Theirs", team="T2")
    assert _handles(run(any_runtime, "/paper queue", team="T1").data) == []


def test_assign_sets_the_reader_keeps_the_stage_and_tells_the_thread(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Card posted", stage="pass 1", reader="U0001", thread_channel="C1", thread_ts="100.1")
    reply = run(any_runtime, "/paper assign P1 <@U0002>", user="U0001")
    assert reply.data == {"handle": "P1", "stage": "pass 1", "reader": "U0002"}
    assert "reader before was @U0001" in text_of(reply)
    [note] = reply.announcements
    assert note.thread is not None and (note.thread.channel, note.thread.ts) == ("C1", "100.1")
    assert "<@U0002> is now the reader of `P1` (assigned by <@U0001>)" in note.text
    assert (_paper(any_runtime, 1).reader, _paper(any_runtime, 1).stage) == ("U0002", "pass 1")


def test_assign_without_a_thread_answers_without_a_thread_note(runtime: Runtime) -> None:
    store_paper(runtime, "Added from the CLI")
    reply = run(runtime, "/paper assign P1 @U0002")
    assert reply.announcements == [] and _paper(runtime, 1).reader == "U0002"


def test_assigning_the_same_reader_again_changes_nothing(runtime: Runtime) -> None:
    store_paper(runtime, "Read", reader="U0002", thread_channel="C1", thread_ts="1.1")
    reply = run(runtime, "/paper assign P1 @U0002")
    assert "already the reader" in text_of(reply) and reply.announcements == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/paper assign P1", "`reader` is missing"),
        ("/paper assign P1 bob", "is not a Slack user"),
        ("/paper assign P9 @U0002", "There is no paper P9"),
    ],
)
def test_bad_assignments_change_nothing(runtime: Runtime, line: str, message: str) -> None:
    store_paper(runtime, "Unread")
    with pytest.raises(UserError, match=message):
        run(runtime, line)
    assert _paper(runtime, 1).reader is None


def test_a_dropped_paper_cannot_be_assigned(runtime: Runtime) -> None:
    store_paper(runtime, "Gone", stage="dropped", dropped_reason="weak baselines")
    with pytest.raises(UserError, match=r"P1 was dropped \(weak baselines\)"):
        run(runtime, "/paper assign P1 @U0002")


def test_drop_keeps_the_reason_and_leaves_the_queue(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Hyped", reader="U0002", stage="pass 1", thread_channel="C1", thread_ts="5.5")
    reply = run(any_runtime, '/paper drop P1 reason="toy datasets & <script only"', user="U0003")
    assert reply.data is not None and reply.data["stage"] == "dropped"
    [note] = reply.announcements
    assert note.text == "🗑️ <@U0003> dropped `P1`: toy datasets &amp; &lt;script only"
    paper = _paper(any_runtime, 1)
    assert (paper.stage, paper.dropped_reason, paper.reader) == ("dropped", "toy datasets & <script only", "U0002")
    assert _handles(run(any_runtime, "/paper queue").data) == []
    assert "Dropped: toy datasets & <script only" in text_of(run(any_runtime, "/paper show P1"))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/paper drop P1", 'Say why you drop it, e.g. `/paper drop P1 reason="'),
        ('/paper drop P1 reason="   "', "`reason`"),
        ("/paper drop P1 too weak", 'reason="too weak"'),
    ],
)
def test_drop_without_a_reason_is_refused_and_changes_nothing(runtime: Runtime, line: str, message: str) -> None:
    store_paper(runtime, "Kept")
    with pytest.raises(UserError) as err:
        run(runtime, line)
    assert message in err.value.message
    assert _paper(runtime, 1).stage == "unread"


def test_a_paper_is_dropped_once(runtime: Runtime) -> None:
    store_paper(runtime, "Twice")
    run(runtime, '/paper drop P1 reason="first"')
    with pytest.raises(UserError, match="P1 was already dropped: first"):
        run(runtime, '/paper drop P1 reason="second"')
    assert _paper(runtime, 1).dropped_reason == "first"


def test_a_read_paper_cannot_be_dropped(runtime: Runtime) -> None:
    store_paper(runtime, "Finished", stage="decided")
    with pytest.raises(UserError, match="read to the end"):
        run(runtime, '/paper drop P1 reason="late"')


def test_a_drop_with_a_key_is_recorded_once_and_a_refusal_keeps_the_key(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Done already", stage="decided")  # P1
    store_paper(any_runtime, "Open")  # P2
    with pytest.raises(UserError):
        drop_paper(any_runtime, "T1", 1, "why", once_key="view:V1")
    with any_runtime.db.session() as s:
        assert s.exec(select(HandledRequest)).all() == []  # the refusal did not use up the key
    first = drop_paper(any_runtime, "T1", 2, "weak", once_key="view:V2")
    again = drop_paper(any_runtime, "T1", 2, "weak", once_key="view:V2")
    assert first is not None and first.paper.stage == "dropped" and again is None


def test_a_row_id_from_another_workspace_reaches_nothing(any_runtime: Runtime) -> None:
    theirs = store_paper(any_runtime, "Theirs", team="T1")
    assert theirs.id is not None
    with pytest.raises(NotFound, match="not in this workspace"):
        assign_reader(any_runtime, "T2", theirs.id, "U0002")
    with pytest.raises(NotFound):
        drop_paper(any_runtime, "T2", theirs.id, "mine now")
    with pytest.raises(NotFound):
        assign_reader(any_runtime, "T2", 2**40, "U0002")  # a forged id never reaches the database
    paper = _paper(any_runtime, 1)
    assert (paper.reader, paper.stage) == (None, "unread")
