"""Exactly once: claims, retries with backoff, failures kept for operators, and recovery after a
process died between posting and marking."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from assay.clock import FixedClock
from assay.runtime import Runtime
from assay.scheduling.kinds import MAX_ATTEMPTS, Kind
from assay.services.schedules import items
from assay.services.schedules.dispatch import Dispatcher
from assay.services.schedules.kinds import COMPOSERS
from assay.services.schedules.leases import LEASE
from assay.services.schedules.messages import OutgoingMessage
from assay.services.schedules.notifier import DeliveryError
from assay.services.workspaces import ensure_workspace
from assay.storage.models import ScheduledItem
from tests.fakes.notifier import RecordingNotifier

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def plan_posts(runtime: Runtime, count: int, *, due: datetime = NOW) -> None:
    with runtime.db.session() as session:
        ensure_workspace(session, "T1", NOW)
        for n in range(count):
            items.plan(
                session,
                team_id="T1",
                kind=Kind.POST,
                key=f"test:{n}",
                due_at=due,
                now=NOW,
                payload={"message": OutgoingMessage(f"message {n}", channel="C1").to_json()},
            )


def rows(runtime: Runtime) -> list[ScheduledItem]:
    with runtime.db.session() as session:
        return list(session.exec(select(ScheduledItem).order_by(ScheduledItem.id)).all())  # type: ignore[arg-type]


def dispatcher(runtime: Runtime, notifier: RecordingNotifier, worker: str = "w1") -> Dispatcher:
    return Dispatcher(runtime, notifier, COMPOSERS, worker=worker)


def test_nothing_is_posted_before_it_is_due(runtime: Runtime) -> None:
    plan_posts(runtime, 1, due=NOW + timedelta(minutes=5))
    notifier = RecordingNotifier()
    assert dispatcher(runtime, notifier).run_due(NOW).sent == 0
    assert dispatcher(runtime, notifier).run_due(NOW + timedelta(minutes=5)).sent == 1


def test_a_passing_slack_error_is_retried_with_backoff_then_delivered(runtime: Runtime, clock: FixedClock) -> None:
    plan_posts(runtime, 1)
    notifier = RecordingNotifier(failures=[DeliveryError("Slack is rate-limiting me", retry=True)])
    deliver = dispatcher(runtime, notifier)
    assert deliver.run_due(NOW).retried == 1
    (row,) = rows(runtime)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "Slack is rate-limiting me")
    assert row.not_before == NOW + timedelta(seconds=30)
    assert deliver.run_due(NOW + timedelta(seconds=29)).sent == 0  # still backing off
    assert deliver.run_due(NOW + timedelta(seconds=30)).sent == 1
    assert [s.message.text for s in notifier.sent] == ["message 0"]


def test_after_the_last_attempt_the_item_fails_with_its_reason(runtime: Runtime) -> None:
    plan_posts(runtime, 1)
    notifier = RecordingNotifier(failures=[DeliveryError("Slack answered 500", retry=True)] * MAX_ATTEMPTS)
    deliver = dispatcher(runtime, notifier)
    at = NOW
    for _ in range(MAX_ATTEMPTS):
        deliver.run_due(at)
        at += timedelta(hours=1)
    (row,) = rows(runtime)
    assert row.status == "failed" and row.last_error == f"Slack answered 500 after {MAX_ATTEMPTS} attempts"
    assert notifier.sent == []


def test_a_final_slack_error_fails_at_once(runtime: Runtime) -> None:
    plan_posts(runtime, 1)
    notifier = RecordingNotifier(failures=[DeliveryError("This channel is archived.", retry=False)])
    assert dispatcher(runtime, notifier).run_due(NOW).failed == 1
    assert [(r.status, r.attempts, r.last_error) for r in rows(runtime)] == [("failed", 1, "This channel is archived.")]


def _interrupted(runtime: Runtime, notifier: RecordingNotifier) -> ScheduledItem:
    """An item a dead process claimed: leased, maybe posted, never marked."""
    plan_posts(runtime, 1)
    dead = dispatcher(runtime, notifier, worker="dead")
    (item,) = dead.claim(NOW)
    return item


def test_an_interrupted_post_that_reached_slack_is_marked_sent_not_posted_again(runtime: Runtime) -> None:
    notifier = RecordingNotifier()
    item = _interrupted(runtime, notifier)
    notifier.post("T1", OutgoingMessage("message 0", channel="C1"), f"assay-item-{item.id}")  # it did go out
    report = dispatcher(runtime, notifier, worker="alive").run_due(NOW + LEASE + timedelta(seconds=1))
    assert (report.recovered, report.sent) == (1, 0)
    assert len(notifier.sent) == 1 and rows(runtime)[0].status == "sent"


def test_an_interrupted_post_that_never_reached_slack_is_posted_once(runtime: Runtime) -> None:
    notifier = RecordingNotifier()
    _interrupted(runtime, notifier)
    alive = dispatcher(runtime, notifier, worker="alive")
    assert alive.run_due(NOW + timedelta(minutes=1)).sent == 0  # the lease still holds
    assert alive.run_due(NOW + LEASE + timedelta(seconds=1)).sent == 1
    assert alive.run_due(NOW + LEASE + timedelta(minutes=5)).sent == 0
    assert len(notifier.sent) == 1


def test_an_interrupted_post_that_cannot_be_checked_fails_rather_than_risk_a_duplicate(runtime: Runtime) -> None:
    notifier = RecordingNotifier(history_readable=False)
    _interrupted(runtime, notifier)
    dispatcher(runtime, notifier, worker="alive").run_due(NOW + LEASE + timedelta(seconds=1))
    (row,) = rows(runtime)
    assert row.status == "failed" and "not sent again to avoid a duplicate" in (row.last_error or "")
    assert notifier.sent == []


def test_two_dispatchers_on_one_database_deliver_each_item_once(any_runtime: Runtime) -> None:
    plan_posts(any_runtime, 120)
    notifier = RecordingNotifier()
    start = threading.Barrier(2)

    def work(worker: str) -> None:
        start.wait()
        dispatcher(any_runtime, notifier, worker=worker).run_due(NOW)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    texts = sorted(s.message.text for s in notifier.sent)
    assert texts == sorted(f"message {n}" for n in range(120))
    assert {r.status for r in rows(any_runtime)} == {"sent"}


def test_planning_the_same_occurrence_twice_keeps_one_row(any_runtime: Runtime) -> None:
    plan_posts(any_runtime, 3)
    plan_posts(any_runtime, 3)
    assert len(rows(any_runtime)) == 3


@pytest.mark.parametrize("status", ["sent", "failed"])
def test_a_delivered_or_failed_occurrence_is_not_planned_again(runtime: Runtime, status: str) -> None:
    plan_posts(runtime, 1)
    with runtime.db.session() as session:
        session.exec(select(ScheduledItem)).one().status = status
    plan_posts(runtime, 1)
    assert [r.status for r in rows(runtime)] == [status]


def test_an_interrupted_watch_run_fails_visibly_instead_of_running_into_nothing(runtime: Runtime) -> None:
    with runtime.db.session() as session:
        ensure_workspace(session, "T1", NOW)
        items.plan(session, team_id="T1", kind=Kind.WATCH, key="watch:1:day", due_at=NOW, now=NOW, subject=("watch", 1))
    notifier = RecordingNotifier()
    dispatcher(runtime, notifier, worker="dead").claim(NOW)
    dispatcher(runtime, notifier, worker="alive").run_due(NOW + LEASE + timedelta(seconds=1))
    (row,) = rows(runtime)
    assert row.status == "failed" and "interrupted while composing" in (row.last_error or "")
