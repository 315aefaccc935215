"""Gut-check time-boxes speak up: the day before, at the end, then to the channel; a decision
silences them, an extension moves them, and nothing is ever posted twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assay.clock import FixedClock
from assay.commands.context import Ctx
from assay.ids import ActionId
from assay.replies import Actions, HomeRef
from assay.runtime import Runtime
from assay.services.schedules.runner import Jobs
from assay.services.threads import set_home
from tests.core.helpers import run, scheduled
from tests.core.paper_rows import store_paper
from tests.fakes.notifier import RecordingNotifier

START = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # the test clock: a Saturday
ENDS = START + timedelta(days=7)  # Saturday 2026-11-28 09:00 UTC


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def jobs(any_runtime: Runtime, notifier: RecordingNotifier) -> Jobs:
    store_paper(any_runtime, "Token Merging for Cheap Inference")
    run(
        any_runtime,
        '/gutcheck start P1 claim="40% fewer tokens" metric=tokens owner=@UOWNER kill="no gain at 10 seeds"',
    )
    set_home(Ctx("T1", "U1", "C1", any_runtime), HomeRef("gutcheck", 1), "C1", "1700000000.000100")
    return Jobs(any_runtime, notifier, worker="test")


def at(runtime: Runtime, when: datetime) -> None:
    clock = runtime.clock
    assert isinstance(clock, FixedClock)
    clock.set(when)


def test_the_day_before_reminder_goes_to_the_home_thread_once(
    any_runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    at(any_runtime, ENDS - timedelta(days=1, minutes=1))
    assert jobs.run_due().sent == 0
    at(any_runtime, ENDS - timedelta(days=1))
    assert jobs.run_due().sent == 1
    assert jobs.run_due().sent == 0  # run again: nothing twice
    (sent,) = notifier.sent
    assert (sent.message.channel, sent.message.thread_ts) == ("C1", "1700000000.000100")
    assert "time-box ends tomorrow" in sent.text and "<@UOWNER>" in sent.message.blocks[0].text  # type: ignore[union-attr]
    buttons = next(b for b in sent.message.blocks if isinstance(b, Actions)).buttons
    assert [b.label for b in buttons] == ["Continue", "Pivot", "Kill", "Extend"]
    assert {b.action for b in buttons} == {ActionId.GUTCHECK_REMINDER_DECIDE}


def test_expiry_then_escalation_to_the_channel_one_working_day_later(
    any_runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    at(any_runtime, ENDS)
    report = jobs.run_due()
    assert (report.sent, report.stale) == (1, 1)  # the day-before reminder is pointless now: stale, logged
    assert "has ended" in notifier.sent[-1].text and "no gain at 10 seeds" in notifier.sent[-1].text
    # Saturday's expiry: the next working day is Monday, same time.
    at(any_runtime, datetime(2026, 11, 30, 8, 59, tzinfo=UTC))
    assert jobs.run_due().sent == 0
    at(any_runtime, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    assert jobs.run_due().sent == 1
    escalation = notifier.sent[-1].message
    assert escalation.broadcast and escalation.thread_ts == "1700000000.000100"
    assert "<@UOWNER>" in escalation.text and "no decision" in notifier.sent[-1].text


def test_a_decided_gut_check_gets_no_reminder_while_an_undecided_one_does(
    any_runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    run(any_runtime, '/gutcheck start P1 claim="second claim" metric=acc')
    run(any_runtime, '/gutcheck decide G1 kill why="saw enough"')
    at(any_runtime, ENDS + timedelta(days=3))
    report = jobs.run_due()
    assert (report.sent, report.stale) == (1, 1)  # G2's expiry reminder (its day-before one is too late); no G1
    assert all("G2" in text for text in notifier.texts())
    assert {status for _, _, status in scheduled(any_runtime, "gutcheck.")} >= {"cancelled", "sent"}


def test_an_extension_moves_the_reminders_to_the_new_end(
    any_runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    at(any_runtime, ENDS - timedelta(hours=2))
    run(any_runtime, '/gutcheck decide G1 extend why="one more seed sweep" timebox=3d')
    at(any_runtime, ENDS + timedelta(hours=1))
    assert jobs.run_due().sent == 0
    at(any_runtime, ENDS + timedelta(days=2))
    assert jobs.run_due().sent == 1 and "ends tomorrow" in notifier.sent[-1].text
    at(any_runtime, ENDS + timedelta(days=3))
    assert jobs.run_due().sent == 1
    assert "2026-12-01" in notifier.sent[-1].text  # the new end, Tuesday 2026-12-01 09:00


def test_a_reminder_planned_for_an_old_end_is_moot_even_if_it_was_not_cancelled(
    any_runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    from sqlmodel import select

    from assay.storage.models import GutCheck

    with any_runtime.db.session() as session:
        check = session.exec(select(GutCheck)).one()
        check.timebox_ends = ENDS + timedelta(days=30)  # changed behind the planner's back
    at(any_runtime, ENDS)
    report = jobs.run_due()
    assert report.sent == 0 and report.cancelled == 2


def test_a_reminder_writes_times_on_the_team_clocks_as_they_are_when_it_goes_out(
    any_runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    run(any_runtime, "/assay settings tz=Asia/Tokyo")  # after the reminders were planned in UTC
    at(any_runtime, ENDS)
    assert jobs.run_due().sent == 1
    shown = notifier.sent[0].text + str(notifier.sent[0].message.blocks)
    assert "2026-11-28 18:00 JST" in shown and "09:00 UTC" not in shown
