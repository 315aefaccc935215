"""Scheduled posts through the real Slack notifier over loopback: time-box reminders with working
buttons, the digest in its channel, prediction reminders, and recovery that asks Slack first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from assay.clock import FixedClock
from assay.replies import Block, Header, Section
from assay.scheduling.kinds import Kind
from assay.services.schedules import items
from assay.services.schedules.leases import LEASE, marker
from assay.services.schedules.messages import OutgoingMessage
from assay.services.schedules.runner import Jobs
from assay.services.workspaces import ensure_workspace
from assay.storage.models import GutCheck, GutCheckDecision, ScheduledItem
from bot.app import clients_for
from bot.notifier import SlackNotifier
from tests.core.helpers import run
from tests.core.paper_rows import store_paper
from tests.fakes.slack_api import Call
from tests.waiting import wait_until

CHANNEL = "C2147483705"
TEAM = "T0001"
ENDS = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # a 7-day time-box started by the test clock


def jobs(slack: Any) -> Jobs:
    return Jobs(slack.runtime, SlackNotifier(clients_for(None, slack.runtime)), worker="test")


def at(slack: Any, when: datetime) -> None:
    clock = slack.runtime.clock
    assert isinstance(clock, FixedClock)
    clock.set(when)


def posts(slack: Any, *, text: str) -> list[Call]:
    return [c for c in slack.fake.calls_to("chat.postMessage") if text in c.params.get("text", "")]


@pytest.fixture
def gut_check(slack: Any) -> str:
    store_paper(slack.runtime, "Token Merging for Cheap Inference", team=TEAM)
    slack.command("/gutcheck", 'start P1 claim="40% fewer tokens" metric=tokens owner=@U0OWNER1', team=TEAM)
    (card,) = slack.fake.wait_for("chat.postMessage")
    ts = str(card.response["ts"])
    # The card is the gut check's home thread once the bot has recorded it, a moment after
    # Slack answered the post; reminders composed before that would not go to the thread.
    wait_until(lambda: _home_thread(slack) == ts, what="the gut check's home thread recorded")
    return ts


def _home_thread(slack: Any) -> str | None:
    with slack.runtime.db.session() as s:
        return s.exec(select(GutCheck)).one().thread_ts


def test_the_expiry_reminder_buttons_open_the_form_record_the_decision_and_redraw_it(
    slack: Any, gut_check: str
) -> None:
    at(slack, ENDS)
    assert jobs(slack).run_due().sent == 1
    (reminder,) = posts(slack, text="has ended")
    assert reminder.params["thread_ts"] == gut_check and reminder.params["channel"] == CHANNEL
    assert reminder.params["metadata"]["event_type"] == "assay_scheduled"
    kill = next(
        e for b in reminder.params["blocks"] if b["type"] == "actions" for e in b["elements"] if e["value"] == "1:kill"
    )
    slack.sender.action(kill["action_id"], kill["value"], user="U0LEAD", message_ts=reminder.response["ts"])
    (opened,) = slack.fake.wait_for("views.open")
    view = opened.params["view"]
    why = {"decide_why": {"value": {"type": "plain_text_input", "value": "no gain after the sweep"}}}
    answer = slack.sender.view_submission("gutcheck_decide_modal", why, private_metadata=view["private_metadata"])
    assert answer.status_code == 200
    (redrawn,) = slack.fake.wait_for("chat.update", lambda c: c.params.get("ts") == reminder.response["ts"])
    assert "Decided *kill*" in str(redrawn.params["blocks"]) and "actions" not in str(redrawn.params["blocks"])
    with slack.runtime.db.session() as s:
        assert s.exec(select(GutCheck)).one().status == "killed"
        assert [d.why for d in s.exec(select(GutCheckDecision)).all()] == ["no gain after the sweep"]
    at(slack, ENDS + timedelta(days=5))
    assert jobs(slack).run_due().sent == 0  # decided: no escalation


def test_the_digest_reaches_the_digest_channel_and_mentions_the_weeks_papers(slack: Any) -> None:
    run(slack.runtime, '/assay settings digest="mon 09:00" digest-channel=<#C0DIGEST|research>', team=TEAM)
    store_paper(slack.runtime, "Mixture of Depths", team=TEAM)
    at(slack, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    assert jobs(slack).run_due().sent == 1
    (digest,) = slack.fake.wait_for("chat.postMessage")
    assert digest.params["channel"] == "C0DIGEST" and "Mixture of Depths" in str(digest.params["blocks"])
    assert digest.token == "xoxb-test-token-not-real"


def test_a_prediction_reminder_resolves_from_its_buttons(slack: Any) -> None:
    store_paper(slack.runtime, "Mixture of Depths", team=TEAM)
    run(slack.runtime, '/predict P1 "it ships by spring" by=2026-12-15 p=0.7', team=TEAM, channel=CHANNEL)
    at(slack, datetime(2026, 12, 15, 9, 0, tzinfo=UTC))
    assert jobs(slack).run_due().sent == 1
    (reminder,) = slack.fake.wait_for("chat.postMessage")
    assert "F1" in reminder.params["text"]
    slack.sender.action("prediction_resolve:1:true", "1:true", message_ts=reminder.response["ts"])
    (redrawn,) = slack.fake.wait_for("chat.update")
    assert "came true" in str(redrawn.params["blocks"])
    assert run(slack.runtime, "/predict list", team=TEAM).data["resolved"] == 1  # type: ignore[index]


def test_a_due_date_reminder_is_a_direct_message_to_the_owner(slack: Any) -> None:
    run(slack.runtime, '/radar add LoRA ring=TRIAL owner=@U0OWNER1 next="benchmark" due=2026-11-25', team=TEAM)
    at(slack, datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    assert jobs(slack).run_due().sent == 1
    (opened,) = slack.fake.calls_to("conversations.open")
    assert opened.params["users"] == "U0OWNER1"
    assert slack.fake.calls_to("chat.postMessage")[0].params["channel"] == "D0OWNER1"


def test_after_a_crash_the_dispatcher_asks_slack_before_posting_again(slack: Any, gut_check: str) -> None:
    at(slack, ENDS)
    dead = jobs(slack).dispatcher
    dead.worker = "dead"
    for producer in dead.claim(ENDS, limit=10):  # the reminders are composed by a process…
        dead._deliver(producer, ENDS)
    (post_item,) = dead.claim(ENDS)  # …which claims the post, posts it, and dies before marking it
    dead.notifier.post(TEAM, OutgoingMessage.from_json(post_item.payload["message"]), marker(post_item))
    assert len(posts(slack, text="has ended")) == 1
    report = jobs(slack).run_due(ENDS + LEASE + timedelta(seconds=5))
    assert report.recovered == 1 and len(posts(slack, text="has ended")) == 1  # found in Slack: not again
    (looked,) = slack.fake.calls_to("conversations.replies")
    assert looked.params["ts"] == gut_check and looked.params["include_all_metadata"] in (True, "true", "1")
    with slack.runtime.db.session() as s:
        row = s.get(ScheduledItem, post_item.id)
        assert row is not None and row.status == "sent" and row.message_ts is not None


def test_a_scheduled_post_too_long_for_one_message_is_cut_with_where_to_read_the_rest(slack: Any) -> None:
    blocks: list[Block] = [
        Header("Research review agenda"),
        *(Section(f"*Entry {n}*\nwhy it matters") for n in range(80)),
    ]
    message = OutgoingMessage("Research review agenda", blocks, channel=CHANNEL, see="/review agenda")
    with slack.runtime.db.session() as session:
        ensure_workspace(session, TEAM, ENDS)
        payload = {"message": message.to_json()}
        items.plan(session, team_id=TEAM, kind=Kind.POST, key="long", due_at=ENDS, now=ENDS, payload=payload)
    at(slack, ENDS)
    assert jobs(slack).run_due().sent == 1
    (post,) = slack.fake.calls_to("chat.postMessage")  # one message, never several
    shown = post.params["blocks"]
    assert len(shown) == 50 and "*Entry 47*" in str(shown[48]) and "Entry 48" not in str(shown)
    assert shown[-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "… 32 more — see `/review agenda`"}],
    }
