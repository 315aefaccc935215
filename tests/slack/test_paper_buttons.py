"""The card's buttons over HTTP: /paper add posts the card, block_actions and the drop modal work."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from assay.ids import ActionId, BlockId, CallbackId
from assay.storage.models import HandledRequest, Paper
from bot.modals.paper_drop import DropTarget, drop_modal
from tests.fakes.atom import AtomEntry
from tests.fakes.slack_api import Call
from tests.waiting import wait_until as _wait

CHANNEL = "C2147483705"


def _post_card(slack: Any, fake_arxiv: Any) -> tuple[int, str]:
    """/paper add over HTTP; the paper's row id and the card's ts once it is the home thread."""
    fake_arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need", categories=["cs.CL"]))
    slack.command("/paper", "add 1706.03762")
    card = slack.fake.wait_for("chat.postMessage")[0]
    ts = card.response["ts"]
    _wait(lambda: _paper(slack).thread_ts == ts)
    paper_id = _paper(slack).id
    assert paper_id is not None
    button = _buttons(card.params["blocks"])["Assign to me"]
    assert button == f"{ActionId.PAPER_ASSIGN_ME.value}:{paper_id}"  # what a click sends back
    return paper_id, ts


def _paper(slack: Any) -> Paper:
    with slack.runtime.db.session() as s:
        return s.exec(select(Paper)).one()


def _buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    return {e["text"]["text"]: e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


def _click(slack: Any, action: ActionId, paper_id: int, ts: str, **kw: Any) -> None:
    response = slack.sender.action(f"{action.value}:{paper_id}", str(paper_id), message_ts=ts, **kw)
    assert response.status_code == 200


def _ephemeral(slack: Any, words: str) -> Call:
    return slack.fake.wait_for("response_url", lambda c: words in c.params.get("text", ""))[0]


def test_assign_to_me_redraws_the_card_in_place_and_tells_the_thread(any_slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = _post_card(any_slack, fake_arxiv)
    _click(any_slack, ActionId.PAPER_ASSIGN_ME, paper_id, ts, user="U0000BOB")
    told = _ephemeral(any_slack, "You are now the reader of `P1`")
    assert told.params["response_type"] == "ephemeral" and told.params["replace_original"] is False
    update = any_slack.fake.wait_for("chat.update")[0]
    assert (update.params["channel"], update.params["ts"]) == (CHANNEL, ts)
    assert "*unread* · reader <@U0000BOB>" in _json(update.params["blocks"])
    note = any_slack.fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == ts)[0]
    assert note.params["text"] == "📖 <@U0000BOB> is now the reader of `P1`."
    assert _paper(any_slack).reader == "U0000BOB"


def test_start_pass1_on_a_card_posted_before_notes_opens_the_pass_1_form(slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = _post_card(slack, fake_arxiv)
    _click(slack, ActionId.PAPER_START_PASS1, paper_id, ts, user="U0000ANN")  # the old button, value = row id
    opened = slack.fake.wait_for("views.open")[0]
    assert opened.params["view"]["callback_id"] == CallbackId.PASS_NOTE_MODAL.value
    assert json.loads(opened.params["view"]["private_metadata"])["pass"] == 1
    assert (_paper(slack).stage, _paper(slack).reader) == ("unread", None)  # opening the form changes nothing


def test_drop_asks_for_the_reason_in_a_modal_and_records_it_once(any_slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = _post_card(any_slack, fake_arxiv)
    _click(any_slack, ActionId.PAPER_DROP, paper_id, ts)
    opened = any_slack.fake.wait_for("views.open")[0]
    view = opened.params["view"]
    assert opened.params["trigger_id"] and view["callback_id"] == CallbackId.PAPER_DROP_MODAL.value
    assert [b.get("block_id") for b in view["blocks"]][-1] == BlockId.DROP_REASON.value
    assert _paper(any_slack).stage == "unread"  # opening the form changes nothing
    values = {BlockId.DROP_REASON.value: {"reason": {"type": "plain_text_input", "value": " toy data & no ablation "}}}
    first = any_slack.sender.view_submission(
        CallbackId.PAPER_DROP_MODAL.value, values, private_metadata=view["private_metadata"], view_id="V42"
    )
    assert first.status_code == 200 and not first.text  # an empty ack closes the modal
    note = any_slack.fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == ts)[0]
    assert note.params["text"] == "🗑️ <@U2147483697> dropped `P1`: toy data &amp; no ablation"
    update = any_slack.fake.wait_for("chat.update")[0]
    assert (update.params["channel"], update.params["ts"]) == (CHANNEL, ts)
    assert "Dropped: toy data &amp; no ablation" in _json(update.params["blocks"])
    assert _buttons(update.params["blocks"]) == {}  # a dropped card has no buttons left
    again = any_slack.sender.view_submission(
        CallbackId.PAPER_DROP_MODAL.value, values, private_metadata=view["private_metadata"], view_id="V42"
    )
    assert again.status_code == 200
    paper = _paper(any_slack)
    assert (paper.stage, paper.dropped_reason) == ("dropped", "toy data & no ablation")
    with any_slack.runtime.db.session() as s:
        assert len(s.exec(select(HandledRequest).where(HandledRequest.key == "view_submission:V42")).all()) == 1
    assert len(any_slack.fake.calls_to("chat.postMessage")) == 2  # the card and one thread note


def test_a_drop_without_a_reason_keeps_the_modal_open_with_an_error(slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = _post_card(slack, fake_arxiv)
    metadata = DropTarget(paper_id, CHANNEL, ts).encode()
    values = {BlockId.DROP_REASON.value: {"reason": {"type": "plain_text_input", "value": "   "}}}
    answer = slack.sender.view_submission(CallbackId.PAPER_DROP_MODAL.value, values, private_metadata=metadata)
    assert answer.json()["response_action"] == "errors"
    assert "Say why" in answer.json()["errors"][BlockId.DROP_REASON.value]
    assert _paper(slack).stage == "unread"


def test_drop_on_a_dropped_paper_says_so_instead_of_opening_the_form(slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = _post_card(slack, fake_arxiv)
    slack.command("/paper", 'drop P1 reason="weak baselines"')
    _click(slack, ActionId.PAPER_DROP, paper_id, ts)
    _ephemeral(slack, "P1 was already dropped: weak baselines")
    assert slack.fake.calls_to("views.open") == []


def test_a_click_from_another_workspace_never_touches_the_paper(slack: Any, fake_arxiv: Any) -> None:
    paper_id, ts = _post_card(slack, fake_arxiv)
    for action in (ActionId.PAPER_ASSIGN_ME, ActionId.PAPER_START_PASS1, ActionId.PAPER_DROP):
        _click(slack, action, paper_id, ts, team="T0002", user="U0000EVE")
    slack.sender.action(f"{ActionId.PAPER_PASS.value}:{paper_id}:2", f"{paper_id}:2", team="T0002", user="U0000EVE")
    _wait(lambda: len(slack.fake.calls_to("response_url")) == 4)
    assert all("not in this workspace" in c.params["text"] for c in slack.fake.calls_to("response_url"))
    values = {BlockId.DROP_REASON.value: {"reason": {"type": "plain_text_input", "value": "mine"}}}
    metadata = DropTarget(paper_id, CHANNEL, ts).encode()
    refused = slack.sender.view_submission(
        CallbackId.PAPER_DROP_MODAL.value, values, private_metadata=metadata, team="T0002"
    )
    assert refused.json()["response_action"] == "errors"
    paper = _paper(slack)
    assert (paper.reader, paper.stage) == (None, "unread")
    assert slack.fake.calls_to("chat.update") == [] and slack.fake.calls_to("views.open") == []


def test_a_damaged_button_value_is_answered_not_crashed(slack: Any) -> None:
    slack.sender.action(f"{ActionId.PAPER_ASSIGN_ME.value}:x", "not-a-number")
    _ephemeral(slack, "This button is damaged")


def test_the_drop_modal_fits_slacks_limits() -> None:
    paper = Paper(
        id=7, team_id="T1", number=123456789, arxiv_id="1", title="x" * 5000, published=_now(), added_at=_now()
    )
    view = drop_modal(paper, DropTarget(7, "C1", "1.2"))
    assert len(view["title"]["text"]) <= 24 and len(view["private_metadata"]) <= 3000
    assert len(view["blocks"][0]["text"]["text"]) <= 3000
    assert DropTarget.decode(view["private_metadata"]) == DropTarget(7, "C1", "1.2")
    assert DropTarget.decode("not json") is None and DropTarget.decode('{"paper": "x"}') is None


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime(2026, 11, 21, tzinfo=UTC)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
