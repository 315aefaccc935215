"""Who holds an item while it is delivered: a dispatcher holds only what it is posting, checks
its claim right before posting, never makes a post that went out pending again, asks Slack with
no transaction open, and the local shell delivers only its own team's posts."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlmodel import select

from assay.runtime import Runtime
from assay.scheduling.kinds import Kind
from assay.services.schedules import items
from assay.services.schedules.dispatch import Dispatcher
from assay.services.schedules.kinds import COMPOSERS
from assay.services.schedules.leases import LEASE
from assay.services.schedules.messages import OutgoingMessage
from assay.services.schedules.notifier import Posted
from assay.services.workspaces import ensure_workspace
from assay.storage.models import ScheduledItem
from tests.fakes.notifier import RecordingNotifier
from tests.schedules.test_delivery import NOW, plan_posts, rows


@dataclass
class HookedNotifier(RecordingNotifier):
    """Runs ``during_post`` once while the first post is on its way (before it is in Slack),
    and ``during_lookup`` while Slack's history is read."""

    during_post: Callable[[], None] | None = None
    during_lookup: Callable[[], None] | None = None

    def post(self, team_id: str, message: OutgoingMessage, marker: str) -> Posted:
        hook, self.during_post = self.during_post, None
        if hook is not None:
            hook()
        return super().post(team_id, message, marker)

    def find_posted(self, team_id: str, message: OutgoingMessage, marker: str, since: datetime) -> Posted | None:
        if self.during_lookup is not None:
            self.during_lookup()
        return super().find_posted(team_id, message, marker, since)


def dispatcher(runtime: Runtime, notifier: RecordingNotifier, worker: str, **kw: object) -> Dispatcher:
    return Dispatcher(runtime, notifier, COMPOSERS, worker=worker, **kw)  # type: ignore[arg-type]


def sending(runtime: Runtime) -> int:
    return sum(r.status == "sending" for r in rows(runtime))


def test_a_dispatcher_holds_no_more_items_than_it_has_threads(runtime: Runtime) -> None:
    plan_posts(runtime, 10)
    notifier = HookedNotifier()
    held: list[int] = []
    notifier.during_post = lambda: held.append(sending(runtime))
    assert dispatcher(runtime, notifier, "w1", threads=2).run_due(NOW).sent == 10
    assert held[0] <= 2  # the other eight stay pending for any process to take


def test_an_item_taken_over_after_its_lease_ran_out_is_not_posted_by_its_first_holder(runtime: Runtime) -> None:
    plan_posts(runtime, 1)
    notifier = RecordingNotifier()
    slow = dispatcher(runtime, notifier, "slow")
    (item,) = slow.claim(NOW)  # …and the process stalls past its lease
    assert dispatcher(runtime, notifier, "other").run_due(NOW + LEASE + timedelta(seconds=1)).sent == 1
    slow._deliver(item, NOW + LEASE + timedelta(seconds=2))  # it wakes up and carries on
    assert [s.message.text for s in notifier.sent] == ["message 0"]
    assert rows(runtime)[0].status == "sent"


def test_a_post_that_went_out_is_never_made_pending_again(runtime: Runtime) -> None:
    plan_posts(runtime, 1)
    notifier = HookedNotifier()
    late = NOW + LEASE + timedelta(seconds=1)
    other = dispatcher(runtime, notifier, "other")
    notifier.during_post = lambda: other.recover(late)  # the post is slow; another process looks meanwhile
    assert dispatcher(runtime, notifier, "w1").run_due(NOW).sent == 1
    assert rows(runtime)[0].status == "sent"
    assert other.run_due(late + timedelta(seconds=1)).sent == 0
    assert [s.message.text for s in notifier.sent] == ["message 0"]


def test_slack_is_asked_after_a_crash_with_no_transaction_open(any_runtime: Runtime) -> None:
    plan_posts(any_runtime, 1)
    notifier = HookedNotifier()
    (item,) = dispatcher(any_runtime, notifier, "dead").claim(NOW)
    wrote = threading.Event()

    def write_the_row() -> None:  # another thread of the process writes while Slack is asked
        with any_runtime.db.session() as session:
            session.execute(text("UPDATE scheduleditem SET attempts = attempts WHERE id = :id"), {"id": item.id})
        wrote.set()

    def look() -> None:
        writer = threading.Thread(target=write_the_row)
        writer.start()
        assert wrote.wait(timeout=30), "the row was locked while Slack was asked"

    notifier.during_lookup = look
    report = dispatcher(any_runtime, notifier, "alive").run_due(NOW + LEASE + timedelta(seconds=1))
    assert (report.recovered, report.sent) == (1, 1) and wrote.is_set()


def test_the_local_scheduler_delivers_only_its_own_teams_posts(runtime: Runtime) -> None:
    plan_posts(runtime, 2)
    with runtime.db.session() as session:
        ensure_workspace(session, "T2", NOW)
        message = OutgoingMessage("for the other workspace", channel="C9")
        items.plan(
            session,
            team_id="T2",
            kind=Kind.POST,
            key="test:other",
            due_at=NOW,
            now=NOW,
            payload={"message": message.to_json()},
        )
    notifier = RecordingNotifier()
    assert dispatcher(runtime, notifier, "shell", team_id="T1").run_due(NOW).sent == 2
    assert sorted(s.message.text for s in notifier.sent) == ["message 0", "message 1"]
    with runtime.db.session() as session:
        other = session.exec(select(ScheduledItem).where(ScheduledItem.team_id == "T2")).one()
        assert other.status == "pending"  # left for the bot that serves T2
