"""/gutcheck decide: the decision at the time-box, reminders, and the sunk-cost guard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from assay.clock import FixedClock
from assay.commands.context import Ctx
from assay.commands.gutcheck.command import decided_reply
from assay.errors import UserError
from assay.runtime import Runtime
from assay.services.gutcheck.decisions import Decision
from assay.services.gutcheck.history import gutcheck_events_for_technique
from assay.storage.models import GutCheck, GutCheckDecision, Technique
from tests.core.helpers import run, scheduled, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry

ENDS = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # the default 7-day time-box from the test clock


@pytest.fixture
def g1(any_runtime: Runtime, fake_arxiv: FakeArxiv) -> str:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(any_runtime, "/paper add 2401.00001")
    run(
        any_runtime,
        '/gutcheck start P1 claim="40% better" metric=accuracy claimed-lift=40% kill="no gain after 10 seeds"',
    )
    return "G1"


def _reminders(runtime: Runtime) -> list[tuple[str, datetime, str]]:
    return scheduled(runtime, "gutcheck.")


def _check(runtime: Runtime) -> GutCheck:
    with runtime.db.session() as s:
        return s.exec(select(GutCheck)).one()


@pytest.mark.parametrize(("decision", "status"), [("continue", "continued"), ("pivot", "pivoted"), ("kill", "killed")])
def test_a_decision_sets_the_status_and_cancels_pending_reminders(
    any_runtime: Runtime, g1: str, decision: str, status: str
) -> None:
    reply = run(any_runtime, f'/gutcheck decide G1 {decision} why="we saw enough"', user="U9")
    assert reply.data is not None and reply.data["status"] == status and reply.data["reminders_cancelled"] == 2
    assert [r[2] for r in _reminders(any_runtime)] == ["cancelled", "cancelled"]
    assert f"decided {decision}" in text_of(reply) and "we saw enough" in text_of(reply)
    (post,) = reply.announcements
    assert post.channel == "C1" and "we saw enough" in post.text  # no home thread here: the channel
    with any_runtime.db.session() as s:
        (row,) = s.exec(select(GutCheckDecision)).all()
        assert (row.decision, row.why, row.by, row.timebox_ends_after) == (decision, "we saw enough", "U9", ENDS)


def test_extend_moves_the_end_counts_the_extension_and_replans_reminders(any_runtime: Runtime, g1: str) -> None:
    reply = run(any_runtime, '/gutcheck decide G1 extend why="GPU queue was down two days" timebox=3d')
    new_end = ENDS + timedelta(days=3)
    assert reply.data is not None and reply.data["extensions"] == 1
    assert reply.data["timebox_ends"] == new_end.isoformat() and reply.data["status"] == "open"
    assert _reminders(any_runtime) == [
        ("gutcheck.day_before", ENDS - timedelta(days=1), "cancelled"),
        ("gutcheck.expiry", ENDS, "cancelled"),
        ("gutcheck.day_before", new_end - timedelta(days=1), "pending"),
        ("gutcheck.expiry", new_end, "pending"),
    ]
    status = run(any_runtime, "/gutcheck status G1")
    assert status.data is not None and status.data["extensions"] == 1
    assert "extended once: planned 1w, now 1w 3d" in text_of(status)


def test_extending_after_the_end_counts_from_now(any_runtime: Runtime, g1: str, clock: FixedClock) -> None:
    clock.advance(timedelta(days=9))
    reply = run(any_runtime, '/gutcheck decide G1 extend why="late" timebox=2d')
    assert reply.data is not None and reply.data["timebox_ends"] == (clock.now() + timedelta(days=2)).isoformat()


def test_the_second_extension_recalls_the_kill_criterion(any_runtime: Runtime, g1: str) -> None:
    run(any_runtime, '/gutcheck decide G1 extend why="one more week" timebox=1w')
    second = run(any_runtime, '/gutcheck decide G1 extend why="almost there" timebox=1w')
    text = text_of(second)
    assert "Extension number 2" in text and "“no gain after 10 seeds”" in text
    listed = run(any_runtime, "/gutcheck list")
    assert "extended 2×" in text_of(listed)
    assert listed.data is not None and listed.data["open"][0]["extensions"] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('G1 extend why="more"', "Say how much longer"),
        ('G1 kill why="x" timebox=3d', "only goes with `extend`"),
        ("G1 kill", "`why` is missing"),
        ('G1 kill why=" "', "must not be empty"),
        ('G1 abandon why="x"', "`decision`"),
        ('G1 extend why="x" timebox=forever', "not a time-box"),
        ('G7 kill why="x"', "no gut check G7"),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(any_runtime: Runtime, g1: str, text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        run(any_runtime, f"/gutcheck decide {text}")
    check = _check(any_runtime)
    assert (check.status, check.extensions, check.timebox_ends) == ("open", 0, ENDS)
    assert [r[2] for r in _reminders(any_runtime)] == ["pending", "pending"]


def test_a_kill_is_final(any_runtime: Runtime, g1: str) -> None:
    run(any_runtime, '/gutcheck decide G1 kill why="dead end"')
    with pytest.raises(UserError, match="already killed, and a kill is final"):
        run(any_runtime, '/gutcheck decide G1 extend why="wait" timebox=1d')


def test_a_repeated_form_submission_decides_once(any_runtime: Runtime, g1: str) -> None:
    ctx = Ctx(team_id="T1", user_id="U1", channel_id="C1", runtime=any_runtime)
    first = decided_reply(ctx, "G1", Decision.EXTEND, "more", timedelta(days=1), once_key="view:V1:h1")
    again = decided_reply(ctx, "G1", Decision.EXTEND, "more", timedelta(days=1), once_key="view:V1:h1")
    assert first.data is not None and first.data["extensions"] == 1
    assert again.data == {"duplicate": True} and again.announcements == []
    assert _check(any_runtime).extensions == 1


def test_list_shows_open_and_decided_gut_checks_with_deadlines(
    any_runtime: Runtime, g1: str, clock: FixedClock
) -> None:
    run(any_runtime, '/gutcheck start P1 claim="second idea" metric=loss higher-is-better=no timebox=1d')
    run(any_runtime, '/gutcheck decide G1 pivot why="try distillation instead"')
    clock.advance(timedelta(days=2))
    reply = run(any_runtime, "/gutcheck list")
    assert reply.data is not None
    assert [(i["id"], i["status"], i["overdue"]) for i in reply.data["open"]] == [("G2", "open", True)]
    assert [(i["id"], i["status"], i["verdict"]) for i in reply.data["decided"]] == [("G1", "pivoted", None)]
    text = text_of(reply)
    assert "⏰ ends 2026-11-22 09:00 UTC (1 day ago)" in text and "decided: pivot" in text


def test_the_technique_history_shows_verdicts_and_decisions(
    any_runtime: Runtime, fake_arxiv: FakeArxiv, clock: FixedClock
) -> None:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(any_runtime, "/paper add 2401.00001")
    with any_runtime.db.session() as s:
        technique = Technique(team_id="T1", name="ToMe", name_key="tome", ring="ASSESS", created_at=clock.now())
        s.add(technique)
        s.flush()
        technique_id = technique.id or 0
    run(
        any_runtime,
        '/gutcheck start P1 claim="40% faster" metric=latency higher-is-better=no claimed-lift=40% technique=tome',
    )
    run(any_runtime, "/gutcheck log G1 baseline 100 102 98 101 99")
    clock.advance(timedelta(hours=1))
    run(any_runtime, "/gutcheck log G1 method 60 61 59 62 58", user="U3")
    clock.advance(timedelta(hours=1))
    run(any_runtime, '/gutcheck decide G1 continue why="adopt it"', user="U4")
    with any_runtime.db.session() as s:
        events = gutcheck_events_for_technique(s, "T1", technique_id)
        assert gutcheck_events_for_technique(s, "T2", technique_id) == []
    assert [(e["from"], e["to"], e["by"], e["at"]) for e in events] == [
        (None, None, "U1", "2026-11-21T10:00:00+00:00"),
        (None, None, "U4", "2026-11-21T11:00:00+00:00"),
    ]
    assert events[0]["why"].startswith("Gut check G1 on P1: The claimed 40% lift reproduced")
    assert events[1]["why"] == "Gut check G1 on P1 decided continue (verdict REPRODUCED): adopt it"
