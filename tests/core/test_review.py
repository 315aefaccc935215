"""/review: the schedule, an agenda built from data, nominations, and closing a review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assay.clock import FixedClock
from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper


@pytest.mark.parametrize(
    ("line", "next_meeting"),
    [
        ('/review schedule "first tue 10:00" tz=Europe/Berlin', "2026-12-01T10:00:00+01:00"),
        ('/review schedule "every mon 09:30" tz=America/New_York', "2026-11-23T09:30:00-05:00"),
        ('/review schedule "last fri of month 16:00" tz=Asia/Kolkata', "2026-11-27T16:00:00+05:30"),
        ('/review schedule "0 10 1-7 * 2"', "2026-12-01T10:00:00+00:00"),
        ("/review schedule first tue 10:00", "2026-12-01T10:00:00+00:00"),  # quotes are optional
    ],
)
def test_schedule_answers_the_next_meeting_with_its_offset(any_runtime: Runtime, line: str, next_meeting: str) -> None:
    assert run(any_runtime, line).data == {"next": next_meeting}


def test_schedule_uses_the_workspace_time_zone_by_default(any_runtime: Runtime) -> None:
    run(any_runtime, "/assay settings tz=Australia/Sydney")
    reply = run(any_runtime, '/review schedule "first tue 10:00"')
    assert reply.data == {"next": "2026-12-01T10:00:00+11:00"} and "AEDT" in text_of(reply)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/review schedule", "Say when"),
        ('/review schedule "sometimes"', "needs a time"),
        ('/review schedule "first tue 10:00" tz=Mars/Olympus', "not a time zone"),
        ('/review schedule "first tue 10:00" lead=soon', "not a lead time"),
        ('/review schedule "first tue 10:00" lead=40d', "at most 30 days"),
        ('/review schedule "0 10 31 2 *"', "never happens"),
    ],
)
def test_bad_schedules_are_refused(any_runtime: Runtime, line: str, says: str) -> None:
    with pytest.raises(UserError, match=says):
        run(any_runtime, line)


def test_the_agenda_is_built_from_data(any_runtime: Runtime, clock: FixedClock) -> None:
    store_paper(any_runtime, "Mixture of Depths")
    run(any_runtime, '/radar add "Speculative decoding"')  # ASSESS without an owner: a decision is due
    run(any_runtime, '/radar add LoRA ring=TRIAL owner=@UBOB next="benchmark" due=2026-11-22')
    run(any_runtime, '/gutcheck start P1 claim="2x faster" metric=latency timebox=1d')
    run(any_runtime, '/predict P1 "it ships" by=2026-11-25 p=0.4')
    run(any_runtime, '/review nominate P1 why="everyone cites it"')
    clock.advance(timedelta(days=3))
    data = run(any_runtime, "/review agenda").data
    assert data is not None
    assert {c["technique"] for c in data["radar_changes"]} == {"Speculative decoding", "LoRA"}
    due = {(d["type"], d.get("id") or d.get("name"), d["why"]) for d in data["decisions_due"]}
    assert due == {
        ("gutcheck", "G1", "time-box ended"),
        ("technique", "LoRA", "TRIAL, next action due 2026-11-22"),
        ("technique", "Speculative decoding", "ASSESS with no owner"),
    }
    assert [(n["ref"], n["why"]) for n in data["nominations"]] == [("P1", "everyone cites it")]
    assert data["predictions_due"] == []  # no meeting scheduled: only what is due by today (11-24)
    clock.advance(timedelta(days=1))
    assert [p["id"] for p in run(any_runtime, "/review agenda").data["predictions_due"]] == ["F1"]  # type: ignore[index]


def test_done_closes_the_meeting_and_the_next_agenda_counts_from_there(any_runtime: Runtime, clock: FixedClock) -> None:
    run(any_runtime, '/radar add "Speculative decoding"')
    run(any_runtime, '/review nominate "Speculative decoding"')
    closed = run(any_runtime, "/review done")
    assert closed.data is not None and closed.data["closed_at"] == clock.now().isoformat()
    clock.advance(timedelta(hours=1))
    run(any_runtime, '/radar move "Speculative decoding" HOLD why="no GPU budget this quarter"')
    data = run(any_runtime, "/review agenda").data
    assert data is not None
    assert [(c["from"], c["to"]) for c in data["radar_changes"]] == [("ASSESS", "HOLD")]
    assert data["nominations"] == [] and data["since"] == datetime(2026, 11, 21, 9, 0, tzinfo=UTC).isoformat()


def test_a_nomination_is_refused_twice_and_for_unknown_things(any_runtime: Runtime) -> None:
    run(any_runtime, '/radar add "Speculative decoding"')
    run(any_runtime, '/review nominate "speculative decoding"', user="UALICE")
    with pytest.raises(UserError, match="already nominated"):
        run(any_runtime, "/review nominate speculative decoding")
    with pytest.raises(NotFound):
        run(any_runtime, "/review nominate P42")


def test_the_agenda_text_escapes_what_people_typed(any_runtime: Runtime) -> None:
    run(any_runtime, '/radar add "Sparse > dense & fast"')
    shown = str(run(any_runtime, "/review agenda").blocks)
    assert "Sparse &gt; dense &amp; fast" in shown


def test_an_agenda_never_shows_another_workspace(any_runtime: Runtime) -> None:
    run(any_runtime, '/radar add "Speculative decoding"', team="T2")
    data = run(any_runtime, "/review agenda").data
    assert data is not None and data["radar_changes"] == [] and data["decisions_due"] == []
