"""/radar through Slack: the card and its vote buttons, moves in the thread, the paged table, the picture."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from assay.storage.models import Technique, Vote
from tests.core.helpers import run
from tests.waiting import wait_until as wait

CHANNEL = "C2147483705"


def home_ts(slack: Any) -> str | None:
    with slack.runtime.db.session() as s:
        technique = s.exec(select(Technique)).one()
        return technique.thread_ts


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_add_posts_the_card_with_ring_buttons_and_makes_it_the_home_thread(any_slack: Any) -> None:
    assert any_slack.command("/radar", 'add "LoRA fine-tuning" owner=<@U0200|alice> next="try on tickets"').ok
    post = any_slack.fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == CHANNEL and "LoRA fine-tuning" in post.params["text"]
    ring_buttons = buttons(post.params["blocks"])
    assert [b["text"]["text"] for b in ring_buttons] == ["ADOPT", "TRIAL", "ASSESS", "HOLD", "SKIP"]
    assert [b["value"].split(":")[1] for b in ring_buttons] == ["ADOPT", "TRIAL", "ASSESS", "HOLD", "SKIP"]
    assert all(b["action_id"] == f"radar_vote:{b['value']}" for b in ring_buttons)
    wait(lambda: home_ts(any_slack) == post.response["ts"])


def test_a_ring_button_records_the_clickers_vote_and_answers_with_the_tally(slack: Any) -> None:
    slack.command("/radar", "add LoRA")
    card = slack.fake.wait_for("chat.postMessage")[0]
    trial = next(b for b in buttons(card.params["blocks"]) if b["text"]["text"] == "TRIAL")
    assert slack.sender.action(trial["action_id"], trial["value"], user="U0777").status_code == 200
    answer = slack.fake.wait_for("response_url")[0]
    assert answer.params["response_type"] == "ephemeral" and answer.params["replace_original"] is False
    shown = str(answer.params["blocks"])
    assert "You voted *TRIAL* for *LoRA*" in shown and "votes: TRIAL 1" in shown
    with slack.runtime.db.session() as s:
        votes = s.exec(select(Vote)).all()
        assert [(v.team_id, v.user_id, v.ring) for v in votes] == [("T0001", "U0777", "TRIAL")]


def test_a_damaged_vote_button_is_told_and_stores_nothing(slack: Any) -> None:
    slack.command("/radar", "add LoRA")
    slack.fake.wait_for("chat.postMessage")
    slack.sender.action("radar_vote:999:TRIAL", "999:TRIAL")
    answer = slack.fake.wait_for("response_url")[0]
    assert "no longer on the radar" in answer.params["text"]
    with slack.runtime.db.session() as s:
        assert s.exec(select(Vote)).all() == []


def test_a_move_is_posted_in_the_home_thread_and_broadcast_to_the_channel(slack: Any) -> None:
    slack.command("/radar", "add LoRA")
    card = slack.fake.wait_for("chat.postMessage")[0]
    wait(lambda: home_ts(slack) == card.response["ts"])
    slack.command("/radar", 'move LoRA TRIAL why="beat the baseline" owner=@U0200 next="ship to 5%"')
    move = slack.fake.wait_for("chat.postMessage", lambda c: "thread_ts" in c.params)[0]
    assert move.params["thread_ts"] == card.response["ts"] and move.params["reply_broadcast"] in (True, "true", "1")
    assert "ASSESS → TRIAL" in move.params["text"]
    assert "beat the baseline" in str(move.params["blocks"])


def test_the_table_is_paged_within_slacks_limits(slack: Any) -> None:
    for i in range(45):
        run(slack.runtime, f"/radar add technique-{i:02d}", team="T0001")
    ack = slack.command("/radar", "").json()
    blocks = ack["blocks"]
    assert len(blocks) <= 50 and all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
    listed = str(blocks)
    assert "technique-00" in listed and "technique-19" in listed and "technique-20" not in listed
    assert "Page 1 of 3" in listed
    [next_page] = buttons(blocks)
    assert next_page["text"]["text"] == "Next ▶"
    slack.sender.action(next_page["action_id"], next_page["value"])
    page = slack.fake.wait_for("response_url")[0]
    assert page.params["replace_original"] is True
    assert "technique-20" in str(page.params["blocks"]) and "Page 2 of 3" in str(page.params["blocks"])


def test_errors_are_ephemeral_and_say_how_to_fix_it(slack: Any) -> None:
    answer = slack.command("/radar", "vote Nope TRIAL").json()
    assert answer["response_type"] == "ephemeral"
    assert "There is no technique 'Nope'" in answer["text"] and "/radar add" in answer["text"]


def test_image_is_acknowledged_then_uploaded_to_the_channel(slack: Any) -> None:
    slack.command("/radar", "add LoRA")
    slack.fake.wait_for("chat.postMessage")
    ack = slack.command("/radar", "image").json()
    assert "Drawing the radar" in ack["text"]
    complete = slack.fake.wait_for("files.completeUploadExternal")[0]
    assert complete.params["channel_id"] == CHANNEL
    uploaded = slack.fake.wait_for("file_upload")[0]
    assert uploaded.params["bytes"] > 10_000


def test_a_typed_vote_is_confirmed_in_the_ack_and_the_tally_and_card_follow(slack: Any) -> None:
    slack.command("/radar", "add LoRA")
    card = slack.fake.wait_for("chat.postMessage")[0]
    wait(lambda: home_ts(slack) == card.response["ts"])
    slack.fake.stall_next("chat.update")  # the card cannot be redrawn yet: the ack must not wait for it
    ack = slack.command("/radar", "vote LoRA TRIAL", user="U0777").json()
    assert ack["response_type"] == "ephemeral" and "You voted *TRIAL* for *LoRA*" in str(ack["blocks"])
    assert "votes:" not in str(ack)  # the tally comes after the acknowledgement
    tally = slack.fake.wait_for("response_url")[0]
    assert tally.params["response_type"] == "ephemeral" and tally.params["replace_original"] is False
    assert "Official ring: *ASSESS* · votes: TRIAL 1" in str(tally.params["blocks"])
    slack.fake.release()
    update = slack.fake.wait_for("chat.update")[0]
    assert update.params["ts"] == card.response["ts"] and "TRIAL 1" in str(update.params["blocks"])
    with slack.runtime.db.session() as s:
        assert [(v.user_id, v.ring) for v in s.exec(select(Vote)).all()] == [("U0777", "TRIAL")]


def test_each_voter_is_told_a_tally_that_includes_their_own_vote(slack: Any) -> None:
    """Tallies are shared by the votes a count includes: one counted before a vote is never
    told to that voter."""
    slack.command("/radar", "add LoRA")
    card = slack.fake.wait_for("chat.postMessage")[0]
    wait(lambda: home_ts(slack) == card.response["ts"])
    for n, voter in enumerate(("U0001", "U0002", "U0003"), start=1):
        slack.command("/radar", "vote LoRA TRIAL", user=voter)
        tally = slack.fake.wait_for("response_url", lambda c, n=n: f"votes: TRIAL {n}" in str(c.params["blocks"]))
        assert len(tally) == 1
    told = [str(c.params["blocks"]) for c in slack.fake.calls_to("response_url")]
    assert [f"TRIAL {n}" in t for n, t in enumerate(told, start=1)] == [True] * 3
    # The card's last drawing began after the last vote.
    slack.fake.wait_for("chat.update", lambda c: "TRIAL 3" in str(c.params["blocks"]))
