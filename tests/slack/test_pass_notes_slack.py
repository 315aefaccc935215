"""Reading notes through Slack over HTTP: the form opens with views.open, a submission is
recorded once, posted in the paper's thread and redraws the card, and errors stay in the form."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from assay.ids import ActionId, CallbackId
from assay.storage.models import Paper, PassNote, Technique
from bot.modals.pass_note import NoteTarget
from tests.fakes.atom import AtomEntry
from tests.waiting import wait_until as wait

CHANNEL = "C2147483705"
TRIGGER = "13345224609.738474920.8088930838d88f008e0"  # the fixtures' trigger id
ANN = "U2147483697"  # the fixtures' user


def post_card(slack: Any, fake_arxiv: Any) -> tuple[int, str]:
    """/paper add over HTTP; the paper's row id and its card's ts once that is the home thread."""
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    slack.command("/paper", "add 2401.00001")
    ts = slack.fake.wait_for("chat.postMessage")[0].response["ts"]
    wait(lambda: paper(slack).thread_ts == ts)
    return paper(slack).id or 0, ts


def paper(slack: Any) -> Paper:
    with slack.runtime.db.session() as s:
        return s.exec(select(Paper)).one()


def notes(slack: Any) -> list[PassNote]:
    with slack.runtime.db.session() as s:
        return list(s.exec(select(PassNote).order_by(PassNote.id)).all())  # type: ignore[arg-type]


def state(**fields: Any) -> dict[str, Any]:
    """Submitted form values: text as typed, selects, radio buttons and checkboxes as picked."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "decision":
            element = {"type": "radio_buttons", "selected_option": {"value": value}}
        elif name == "red_flags":
            element = {"type": "checkboxes", "selected_options": [{"value": v} for v in value]}
        elif name in ("relevant", "plausible", "implementable", "reimplement", "viability", "relevance"):
            element = {"type": "static_select", "selected_option": {"value": value}}
        else:
            element = {"type": "plain_text_input", "value": value}
        values[f"pass_fields:{name}"] = {"value": element}
    return values


def submit(slack: Any, metadata: str, view_id: str = "V0001", **fields: Any) -> Any:
    return slack.sender.view_submission(
        CallbackId.PASS_NOTE_MODAL.value, state(**fields), private_metadata=metadata, view_id=view_id
    )


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_pass_without_fields_opens_the_form_at_once(slack: Any, fake_arxiv: Any) -> None:
    post_card(slack, fake_arxiv)
    answer = slack.command("/pass", "1 P1")
    assert answer.status_code == 200 and not answer.text  # an empty ack: the form is the answer
    opened = slack.fake.wait_for("views.open")[0]
    view = opened.params["view"]
    assert opened.params["trigger_id"] == TRIGGER and view["callback_id"] == CallbackId.PASS_NOTE_MODAL.value
    ids = [b.get("block_id") for b in view["blocks"] if b["type"] == "input"]
    assert ids[:4] == ["pass_fields:claim", "pass_fields:problem", "pass_fields:relevant", "pass_fields:plausible"]
    assert ids[-1] == "pass_fields:decision" and len(view["blocks"]) <= 100 and len(view["title"]["text"]) <= 24
    decision = view["blocks"][-1]
    assert decision["optional"] is False and decision["element"]["type"] == "radio_buttons"
    assert notes(slack) == []


def test_a_form_that_fails_to_open_is_answered_in_plain_words_and_logged(
    slack: Any, fake_arxiv: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    post_card(slack, fake_arxiv)

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the form could not be built")

    monkeypatch.setattr("bot.listeners.notes.commands.note_form", broken)
    answer = slack.command("/pass", "1 P1")
    assert answer.status_code == 200
    assert answer.json()["text"] == "⚠️ Something went wrong on our side; nothing was changed. The error was logged."
    assert "opening the form of /pass failed" in caplog.text
    assert slack.fake.calls_to("views.open") == [] and notes(slack) == []


def test_a_submission_is_recorded_posted_in_the_thread_and_redraws_the_card(any_slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = post_card(any_slack, fake_arxiv)
    metadata = NoteTarget(paper_id, 1, False, CHANNEL).encode()
    fields = {"claim": "40% fewer tokens <!channel>", "relevant": "yes", "plausible": "yes", "decision": "continue"}
    first = submit(any_slack, metadata, view_id="V42", **fields, summary="Merges similar tokens.")
    assert first.status_code == 200 and not first.text  # an empty ack closes the form
    post = any_slack.fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == ts)[0]
    assert post.params["channel"] == CHANNEL
    shown = blocks_text(post.params["blocks"])
    assert "*Pass 1* of `P1` by <@U2147483697>" in shown and "Merges similar tokens." in shown
    assert "40% fewer tokens &lt;!channel&gt;" in shown and "<!channel>" not in shown + post.params["text"]
    update = any_slack.fake.wait_for("chat.update")[0]
    assert (update.params["channel"], update.params["ts"]) == (CHANNEL, ts)
    assert "pass 1 of 3 · 1 reader" in blocks_text(update.params["blocks"])
    told = any_slack.fake.wait_for("chat.postEphemeral")[0]
    assert told.params["user"] == ANN and "Pass 1 note on `P1` recorded" in blocks_text(told.params["blocks"])
    again = submit(any_slack, metadata, view_id="V42", **fields, summary="Merges similar tokens.")
    assert again.status_code == 200 and not again.text
    assert len(notes(any_slack)) == 1 and paper(any_slack).stage == "pass 1"
    # The form is recorded before the ack and posted after it: a repeat that recorded nothing posts nothing.
    assert len([c for c in any_slack.fake.calls_to("chat.postMessage") if c.params.get("thread_ts") == ts]) == 1


def test_a_wrong_field_comes_back_in_the_form_and_nothing_is_recorded(slack: Any, fake_arxiv: Any) -> None:
    paper_id, _ = post_card(slack, fake_arxiv)
    metadata = NoteTarget(paper_id, 1, False, CHANNEL).encode()
    answer = submit(slack, metadata, claim="x", minutes="forever", decision="continue")
    body = answer.json()
    assert body["response_action"] == "errors"
    assert "write the time spent in minutes or hours" in body["errors"]["pass_fields:minutes"]
    too_long = submit(slack, metadata, claim="y" * 4001, decision="continue").json()
    assert "the limit is 4,000 characters" in too_long["errors"]["pass_fields:claim"]
    no_decision = submit(slack, metadata, claim="z").json()
    assert "A note needs its decision" in no_decision["errors"]["pass_fields:decision"]
    assert notes(slack) == []


def test_the_gate_is_checked_for_the_clicker_before_the_form_opens(slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = post_card(slack, fake_arxiv)
    slack.sender.action(f"{ActionId.PAPER_PASS.value}:{paper_id}:2", f"{paper_id}:2", message_ts=ts)
    told = slack.fake.wait_for("response_url")[0]
    assert "You have not recorded pass 1 of P1 yet" in told.params["text"]
    assert slack.fake.calls_to("views.open") == []
    slack.sender.action(f"{ActionId.PAPER_PASS.value}:{paper_id}:1", f"{paper_id}:1", message_ts=ts)
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert json.loads(view["private_metadata"]) == {"paper": paper_id, "pass": 1, "force": False, "channel": CHANNEL}


def test_force_from_the_command_opens_a_form_that_records_a_forced_note(slack: Any, fake_arxiv: Any) -> None:
    post_card(slack, fake_arxiv)
    slack.command("/pass", "3 P1 force=yes")
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert "will be marked forced" in blocks_text(view["blocks"])
    submit(slack, view["private_metadata"], reimplement="no", viability="unlikely", decision="stop")
    wait(lambda: len(notes(slack)) == 1)
    assert notes(slack)[0].forced is True and paper(slack).stage == "decided"


def test_revising_opens_the_form_filled_with_the_last_note(slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = post_card(slack, fake_arxiv)
    slack.command("/pass", '2 P1 technique="token merging" red_flags=toy-data implementable=no force=yes decision=stop')
    wait(lambda: len(notes(slack)) == 1)
    slack.sender.action(f"{ActionId.PAPER_PASS.value}:{paper_id}:2", f"{paper_id}:2", message_ts=ts)
    view = slack.fake.wait_for("views.open")[0].params["view"]
    by_id = {b.get("block_id"): b for b in view["blocks"]}
    assert by_id["pass_fields:technique"]["element"]["initial_value"] == "token merging"
    assert by_id["pass_fields:red_flags"]["element"]["initial_options"][0]["value"] == "toy-data"
    assert by_id["pass_fields:implementable"]["element"]["initial_option"]["value"] == "no"
    assert view["title"]["text"].startswith("Revise 2")
    submit(slack, view["private_metadata"], technique="token merging, revised", decision="continue")
    wait(lambda: len(notes(slack)) == 2)
    assert [n.technique for n in notes(slack)] == ["token merging", "token merging, revised"]
    assert all(n.forced for n in notes(slack))  # a revision keeps the mark of the note it revises


def test_a_typed_note_in_slack_is_posted_in_the_thread_and_redraws_the_card(slack: Any, fake_arxiv: Any) -> None:
    _, ts = post_card(slack, fake_arxiv)
    answer = slack.command("/pass", '1 P1 claim="cheaper inference" decision=continue')
    assert answer.status_code == 200
    post = slack.fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == ts)[0]
    assert "cheaper inference" in blocks_text(post.params["blocks"])
    update = slack.fake.wait_for("chat.update")[0]
    assert update.params["ts"] == ts and "*pass 1* · reader <@U2147483697>" in blocks_text(update.params["blocks"])


def test_a_card_that_can_no_longer_be_updated_is_skipped_quietly(slack: Any, fake_arxiv: Any) -> None:
    paper_id, _ = post_card(slack, fake_arxiv)
    slack.fake.fail_next("chat.update", error="message_not_found")
    submit(slack, NoteTarget(paper_id, 1, False, CHANNEL).encode(), claim="x", decision="continue")
    slack.fake.wait_for("chat.update#failed")
    told = slack.fake.wait_for("chat.postEphemeral")[0]
    assert "recorded" in blocks_text(told.params["blocks"])
    assert len(notes(slack)) == 1
    assert all("refused" not in c.params.get("text", "") for c in slack.fake.calls_to("chat.postEphemeral"))


def technique_home(slack: Any) -> str | None:
    with slack.runtime.db.session() as s:
        return s.exec(select(Technique)).one().thread_ts


def test_a_vote_typed_in_slack_redraws_the_technique_card(slack: Any) -> None:
    slack.command("/radar", "add LoRA")
    card = slack.fake.wait_for("chat.postMessage")[0]
    wait(lambda: technique_home(slack) == card.response["ts"])
    slack.command("/radar", "vote LoRA TRIAL")
    update = slack.fake.wait_for("chat.update")[0]
    assert update.params["ts"] == card.response["ts"] and "TRIAL 1" in blocks_text(update.params["blocks"])


def test_a_vote_button_redraws_the_technique_card_too(slack: Any) -> None:
    slack.command("/radar", "add LoRA")
    card = slack.fake.wait_for("chat.postMessage")[0]
    trial = next(
        e for b in card.params["blocks"] if b["type"] == "actions" for e in b["elements"] if e["text"]["text"] == "HOLD"
    )
    wait(lambda: technique_home(slack) == card.response["ts"])
    slack.sender.action(trial["action_id"], trial["value"], message_ts=card.response["ts"])
    update = slack.fake.wait_for("chat.update")[0]
    assert update.params["ts"] == card.response["ts"] and "HOLD 1" in blocks_text(update.params["blocks"])


def test_a_field_too_long_for_the_form_is_kept_when_left_empty(slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = post_card(slack, fake_arxiv)
    long_claim = "a long claim " * 300  # 3,900 characters: the command takes it, a Slack input can't
    slack.command("/pass", f'1 P1 claim="{long_claim.strip()}" problem="cost" decision=continue')
    wait(lambda: len(notes(slack)) == 1)
    slack.sender.action(f"{ActionId.PAPER_PASS.value}:{paper_id}:1", f"{paper_id}:1", message_ts=ts)
    view = slack.fake.wait_for("views.open")[0].params["view"]
    claim = next(b for b in view["blocks"] if b.get("block_id") == "pass_fields:claim")
    assert "initial_value" not in claim["element"] and "leave this empty to keep it" in claim["hint"]["text"]
    submit(slack, view["private_metadata"], problem="cost at scale", decision="continue")
    wait(lambda: len(notes(slack)) == 2)
    newest = notes(slack)[-1]
    assert (newest.claim, newest.problem) == (long_claim.strip(), "cost at scale")
