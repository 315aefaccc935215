"""Slack's retries of events (X-Slack-Retry-Num): each event is handled once, by whichever
replica claims its event_id first; a claim the database cannot take is a 500, so Slack retries."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import select

from assay.clock import FixedClock
from assay.runtime import Runtime, build_runtime
from assay.services.once import claim_once, event_key, forget_handled
from assay.services.schedules.runner import Jobs
from assay.storage.models import DiscussionMessage, HandledRequest, Paper
from tests.conftest import NO_PACING
from tests.core.paper_rows import store_paper
from tests.fakes.notifier import RecordingNotifier
from tests.fakes.slack_api import FakeSlack
from tests.slack_stack import SlackStack, serve_app
from tests.waiting import wait_until

CHANNEL = "C2147483705"
HOME = "1700000000.000001"
DROPPED = "was handled already"


def _home_paper(runtime: Runtime) -> None:
    paper = store_paper(runtime, "Attention", team="T0001")
    with runtime.db.session() as s:
        row = s.get(Paper, paper.id)
        assert row is not None
        row.thread_channel, row.thread_ts = CHANNEL, HOME


def _reply(ts: str = "1700000100.000200", text: str = "Nice") -> dict[str, Any]:
    return {"type": "message", "channel": CHANNEL, "user": "U7", "text": text, "ts": ts, "thread_ts": HOME}


def _edit(text: str, at: str) -> dict[str, Any]:
    message = {"ts": "1700000100.000200", "text": text}
    return {"type": "message", "subtype": "message_changed", "channel": CHANNEL, "ts": at, "message": message}


def _discussion(runtime: Runtime) -> list[str]:
    with runtime.db.session() as s:
        return [m.text for m in s.exec(select(DiscussionMessage)).all()]


def _drops(caplog: pytest.LogCaptureFixture) -> int:
    return sum(DROPPED in r.getMessage() for r in caplog.records)


def test_a_retried_edit_arriving_after_a_later_edit_does_not_undo_it(
    any_slack: SlackStack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.listeners.events")
    _home_paper(any_slack.runtime)
    send = any_slack.sender.event
    assert send(_reply(), event_id="Ev1").status_code == 200
    wait_until(lambda: _discussion(any_slack.runtime) == ["Nice"])
    send(_edit("first edit", "1700000200.0"), event_id="Ev2")
    wait_until(lambda: _discussion(any_slack.runtime) == ["first edit"])
    send(_edit("second edit", "1700000300.0"), event_id="Ev3")
    wait_until(lambda: _discussion(any_slack.runtime) == ["second edit"])
    # Slack thought Ev2 went unanswered and sends it again, after Ev3.
    assert send(_edit("first edit", "1700000200.0"), event_id="Ev2", retry_num=1).status_code == 200
    assert _drops(caplog) == 1  # decided before the answer: the listener never saw it
    assert send(_reply(), event_id="Ev1", retry_num=2).status_code == 200
    assert _drops(caplog) == 2
    assert _discussion(any_slack.runtime) == ["second edit"]


@pytest.fixture
def second_replica(any_runtime: Runtime, fake_slack: FakeSlack, clock: FixedClock) -> Iterator[SlackStack]:
    """Another `assay serve` on the same database: its own engine, pool and app."""
    other = build_runtime(any_runtime.settings, clock=clock, migrate_schema=False, pacing=NO_PACING)
    with serve_app(other, fake_slack) as stack:
        yield stack
    other.close()


def test_a_retry_that_lands_on_another_replica_is_dropped_there(
    any_slack: SlackStack, second_replica: SlackStack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.listeners.events")
    _home_paper(any_slack.runtime)
    any_slack.sender.event(_reply(), event_id="Ev10")
    wait_until(lambda: _discussion(any_slack.runtime) == ["Nice"])
    second_replica.sender.event(_reply(), event_id="Ev10", retry_num=1)
    assert _drops(caplog) == 1


def test_the_same_event_at_two_replicas_at_once_is_handled_by_one(
    any_slack: SlackStack, second_replica: SlackStack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.listeners.events")
    _home_paper(any_slack.runtime)
    senders = [any_slack.sender, second_replica.sender] * 4
    with ThreadPoolExecutor(len(senders)) as pool:
        answers = list(pool.map(lambda s: s.event(_reply(), event_id="Ev20", retry_num=1).status_code, senders))
    assert answers == [200] * len(senders)
    assert _drops(caplog) == len(senders) - 1
    wait_until(lambda: _discussion(any_slack.runtime) == ["Nice"])
    with any_slack.runtime.db.session() as s:
        keys = s.exec(select(HandledRequest.key).where(HandledRequest.key == "event:Ev20")).all()
    assert keys == ["event:Ev20"]


def test_an_event_whose_claim_fails_is_answered_500_and_handled_when_slack_retries(
    slack: SlackStack, caplog: pytest.LogCaptureFixture
) -> None:
    _home_paper(slack.runtime)
    failures = iter([True])

    def refuse_the_first_claim(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO HANDLEDREQUEST") and next(failures, False):
            raise RuntimeError("disk I/O error")

    engine = slack.runtime.db.engine
    event.listen(engine, "before_cursor_execute", refuse_the_first_claim)
    try:
        assert slack.sender.event(_reply(), event_id="Ev30").status_code == 500
        assert _discussion(slack.runtime) == []
        assert slack.sender.event(_reply(), event_id="Ev30", retry_num=1).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", refuse_the_first_claim)
    wait_until(lambda: _discussion(slack.runtime) == ["Nice"])


def test_event_keys_are_kept_a_day_then_forgotten_by_the_planner(runtime: Runtime, clock: FixedClock) -> None:
    start = clock.now()
    assert claim_once(runtime.db, "T1", event_key("Ev40"), start)
    jobs = Jobs(runtime, RecordingNotifier())
    clock.set(start + timedelta(minutes=10))
    jobs.plan()
    assert not claim_once(runtime.db, "T1", event_key("Ev40"), clock.now())  # Slack's retries are long over
    clock.set(start + timedelta(hours=24, seconds=1))
    jobs.plan()
    assert claim_once(runtime.db, "T1", event_key("Ev40"), clock.now())
    assert forget_handled(runtime.db, clock.now()) == 0  # the new claim is fresh
