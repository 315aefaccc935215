"""Buttons and forms carry row ids; a row id of another workspace, clicked or submitted in this
one, reaches nothing: the clicker is told it is not here, and nothing changes in either."""

from __future__ import annotations

import pytest
from sqlmodel import SQLModel, select

from assay.ids import ActionId, BlockId, CallbackId
from assay.storage.models import GutCheck, Paper, Prediction, Technique
from bot.modals.paper_drop import DropTarget
from bot.modals.pass_note import NoteTarget
from tests.slack.test_pass_notes_slack import state
from tests.slack_stack import SlackStack
from tests.waiting import wait_until
from tests.workspaces import Fill, fill_workspaces, rows_by_team

ALPHA, BETA = "T0001", "T0002"


def _id(slack: SlackStack, model: type[SQLModel], team: str) -> int:
    with slack.runtime.db.session() as s:
        rows = s.exec(select(model).where(model.team_id == team)).all()  # type: ignore[attr-defined]
        return int(rows[0].id)


@pytest.fixture
def alpha_ids(any_slack: SlackStack) -> dict[str, int]:
    fill_workspaces(any_slack.runtime, [Fill(ALPHA, marker="ALPHA"), Fill(BETA, marker="BETA")])
    models = {"paper": Paper, "technique": Technique, "gutcheck": GutCheck, "prediction": Prediction}
    return {name: _id(any_slack, model, ALPHA) for name, model in models.items()}


CLICKS = [
    (ActionId.RADAR_VOTE, "{technique}:TRIAL"),
    (ActionId.PAPER_ASSIGN_ME, "{paper}"),
    (ActionId.PAPER_DROP, "{paper}"),
    (ActionId.PAPER_PASS, "{paper}:2"),
    (ActionId.PAPER_START_PASS1, "{paper}"),
    (ActionId.GUTCHECK_DECIDE, "{gutcheck}:kill"),
    (ActionId.GUTCHECK_REMINDER_DECIDE, "{gutcheck}:continue"),
    (ActionId.PREDICTION_RESOLVE, "{prediction}:true"),
]


@pytest.mark.parametrize(("action", "value"), CLICKS, ids=[a.value for a, _ in CLICKS])
def test_a_button_naming_another_workspaces_row_is_not_found(
    any_slack: SlackStack, alpha_ids: dict[str, int], action: ActionId, value: str
) -> None:
    before = rows_by_team(any_slack.runtime)
    answer = any_slack.sender.action(action.value, value.format(**alpha_ids), team=BETA, user="U0BETA1")
    assert answer.status_code == 200
    told = any_slack.fake.wait_for("response_url")[0].params
    assert told["response_type"] == "ephemeral"
    assert any(words in told["text"] for words in ("no longer", "not in this workspace", "no paper", "There is no"))
    assert "ALPHA" not in str(told)
    assert any_slack.fake.calls_to("views.open") == [] and any_slack.fake.calls_to("chat.update") == []
    assert rows_by_team(any_slack.runtime) == before


def test_forms_naming_another_workspaces_paper_are_refused_in_the_form(
    any_slack: SlackStack, alpha_ids: dict[str, int]
) -> None:
    before = rows_by_team(any_slack.runtime)
    note = any_slack.sender.view_submission(
        CallbackId.PASS_NOTE_MODAL.value,
        state(claim="mine", relevant="yes", plausible="yes", decision="continue"),
        private_metadata=NoteTarget(alpha_ids["paper"], 1, False, "C1").encode(),
        team=BETA,
        view_id="VX1",
    ).json()
    drop = any_slack.sender.view_submission(
        CallbackId.PAPER_DROP_MODAL.value,
        {BlockId.DROP_REASON.value: {"reason": {"type": "plain_text_input", "value": "mine now"}}},
        private_metadata=DropTarget(alpha_ids["paper"], "C1", None).encode(),
        team=BETA,
        view_id="VX2",
    ).json()
    for answer in (note, drop):
        assert answer["response_action"] == "errors"
        (message,) = answer["errors"].values()
        assert "no longer" in message or "There is no" in message or "not in this workspace" in message
        assert "ALPHA" not in message
    assert rows_by_team(any_slack.runtime) == before
    assert any_slack.fake.calls_to("chat.postMessage") == []


def test_a_vote_button_of_this_workspace_still_works(any_slack: SlackStack, alpha_ids: dict[str, int]) -> None:
    """The control: the same click on BETA's own technique records the vote."""
    beta_technique = _id(any_slack, Technique, BETA)
    any_slack.sender.action(ActionId.RADAR_VOTE.value, f"{beta_technique}:HOLD", team=BETA, user="U0BETA1")
    told = any_slack.fake.wait_for("response_url")[0].params
    assert "Vote recorded: HOLD for LoRA" in told["text"]
    wait_until(lambda: rows_by_team(any_slack.runtime)["vote"][BETA] == 2)
    assert rows_by_team(any_slack.runtime)["vote"][ALPHA] == 1
