"""/paper add through Slack: acknowledged at once, card posted, ts kept as the home thread."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from assay.storage.models import DiscussionMessage, Paper, Workspace
from tests.fakes.atom import AtomEntry
from tests.waiting import wait_until as _wait


def test_add_acknowledges_with_a_working_state_then_posts_the_card(any_slack: Any, fake_arxiv: Any) -> None:
    fake_arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need", version=5, categories=["cs.CL"]))
    ack = any_slack.command("/paper", "add 1706.03762")
    assert ack.status_code == 200 and "⏳" in ack.json()["text"]
    post = any_slack.fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "C2147483705"
    assert "Attention Is All You Need" in post.params["text"]
    blocks = post.params["blocks"]
    assert "Attention Is All You Need" in blocks[0]["text"]["text"]
    buttons = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["Assign to me", "Start pass 1", "Start pass 2", "Start pass 3", "Drop"]
    _wait(lambda: _thread(any_slack) == ("T0001", "C2147483705", post.response["ts"]))


def _thread(slack: Any) -> tuple[str, str | None, str | None]:
    with slack.runtime.db.session() as s:
        paper = s.exec(select(Paper)).one()
        return paper.team_id, paper.thread_channel, paper.thread_ts


def test_show_then_reports_the_home_thread(slack: Any, fake_arxiv: Any) -> None:
    fake_arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need"))
    slack.command("/paper", "add 1706.03762")
    slack.fake.wait_for("chat.postMessage")
    _wait(lambda: _thread(slack)[2] is not None)
    shown = slack.command("/paper", "show P1").json()
    assert "1 reply" not in str(shown) and "0 replies in the thread" in str(shown)


def test_arxiv_failure_after_the_ack_is_told_ephemerally(slack: Any, fake_arxiv: Any) -> None:
    fake_arxiv.mode = "http500"
    slack.command("/paper", "add 1706.03762")
    told = slack.fake.wait_for("response_url")[0]
    assert told.params["response_type"] == "ephemeral" and "HTTP error 500" in told.params["text"]
    assert slack.fake.calls_to("chat.postMessage") == []


def test_rate_limited_posts_are_retried_after_retry_after(slack: Any, fake_arxiv: Any) -> None:
    fake_arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need"))
    slack.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    slack.command("/paper", "add 1706.03762")
    assert slack.fake.wait_for("chat.postMessage")
    assert len(slack.fake.calls_to("chat.postMessage#failed")) == 1


def test_not_in_channel_joins_then_posts(slack: Any, fake_arxiv: Any) -> None:
    fake_arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need"))
    slack.fake.fail_next("chat.postMessage", error="not_in_channel")
    slack.command("/paper", "add 1706.03762")
    slack.fake.wait_for("conversations.join")
    slack.fake.wait_for("chat.postMessage")


def test_thread_replies_are_discussion_once_even_when_slack_retries(slack: Any, fake_arxiv: Any) -> None:
    fake_arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need"))
    slack.command("/paper", "add 1706.03762")
    home = slack.fake.wait_for("chat.postMessage")[0].response["ts"]
    _wait(lambda: _thread(slack)[2] == home)
    reply = {
        "type": "message",
        "channel": "C2147483705",
        "user": "U7",
        "text": "Nice",
        "ts": "1700000100.000200",
        "thread_ts": home,
    }
    assert slack.sender.event(reply).status_code == 200
    assert slack.sender.event(reply, retry_num=1).status_code == 200
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C2147483705",
        "ts": "1700000200.000300",
        "message": {"ts": "1700000100.000200", "text": "edited"},
    }
    slack.sender.event(edited, event_id="Ev2")
    _wait(lambda: _discussion(slack) == [("edited", False)])
    assert "1 reply in the thread" in str(slack.command("/paper", "show P1").json())
    slack.sender.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": "C2147483705",
            "deleted_ts": "1700000100.000200",
            "ts": "1700000300.0",
        },
        event_id="Ev3",
    )
    _wait(lambda: _discussion(slack) == [("", True)])


def test_uninstall_deletes_the_workspace_data(slack: Any, fake_arxiv: Any) -> None:
    fake_arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need"))
    slack.command("/paper", "add 1706.03762")
    slack.fake.wait_for("chat.postMessage")
    slack.sender.event({"type": "app_uninstalled"}, event_id="Ev9")
    _wait(lambda: _count(slack, Workspace) == 0 and _count(slack, Paper) == 0)


def _discussion(slack: Any) -> list[tuple[str, bool]]:
    with slack.runtime.db.session() as s:
        return [(m.text, m.deleted) for m in s.exec(select(DiscussionMessage)).all()]


def _count(slack: Any, model: Any) -> int:
    with slack.runtime.db.session() as s:
        return len(s.exec(select(model)).all())
