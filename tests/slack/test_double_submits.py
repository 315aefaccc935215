"""Every form, submitted several times at once (a double click, a flaky network), records once
and posts once: the view's id and hash are claimed in the transaction of the change."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlmodel import SQLModel, func, select

from assay.ids import BlockId, CallbackId
from assay.services.gutcheck.decisions import Decision
from assay.storage.models import GutCheck, GutCheckDecision, HandledRequest, Paper, PassNote
from bot.modals.gutcheck_decide import DecideTarget
from bot.modals.paper_drop import DropTarget
from bot.modals.pass_note import NoteTarget
from tests.core.helpers import run
from tests.core.paper_rows import store_paper
from tests.slack.test_gutcheck_slack import form
from tests.slack.test_pass_notes_slack import state
from tests.slack_stack import SlackStack
from tests.waiting import wait_until

TEAM, CHANNEL, HOME = "T0001", "C2147483705", "1700000000.000001"
AT_ONCE = 4


@pytest.fixture
def paper_id(any_slack: SlackStack) -> int:
    paper = store_paper(any_slack.runtime, "Token Merging", team=TEAM)
    with any_slack.runtime.db.session() as s:
        row = s.get(Paper, paper.id)
        assert row is not None
        row.thread_channel, row.thread_ts = CHANNEL, HOME
    return paper.id or 0


def _count(slack: SlackStack, model: type[SQLModel]) -> int:
    with slack.runtime.db.session() as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def _at_once(submit: Callable[[], Any]) -> list[int]:
    with ThreadPoolExecutor(AT_ONCE) as pool:
        return [r.status_code for r in pool.map(lambda _: submit(), range(AT_ONCE))]


def _posted(slack: SlackStack) -> int:
    return len(slack.fake.calls_to("chat.postMessage"))


def test_a_pass_note_form_submitted_at_once_records_one_note(any_slack: SlackStack, paper_id: int) -> None:
    metadata = NoteTarget(paper_id, 1, False, CHANNEL).encode()
    values = state(claim="fewer tokens", relevant="yes", plausible="yes", decision="continue")

    def submit() -> Any:
        return any_slack.sender.view_submission(
            CallbackId.PASS_NOTE_MODAL.value, values, private_metadata=metadata, view_id="VNOTE"
        )

    assert _at_once(submit) == [200] * AT_ONCE
    any_slack.fake.wait_for("chat.postMessage")
    assert _count(any_slack, PassNote) == 1 and _count(any_slack, HandledRequest) == 1
    assert submit().status_code == 200  # and once more after all of them finished
    assert _count(any_slack, PassNote) == 1 and _posted(any_slack) == 1


def test_a_drop_form_submitted_at_once_drops_once(any_slack: SlackStack, paper_id: int) -> None:
    metadata = DropTarget(paper_id, CHANNEL, HOME).encode()
    values = {BlockId.DROP_REASON.value: {"reason": {"type": "plain_text_input", "value": "toy data"}}}

    def submit() -> Any:
        return any_slack.sender.view_submission(
            CallbackId.PAPER_DROP_MODAL.value, values, private_metadata=metadata, view_id="VDROP"
        )

    answers = _at_once(submit)
    assert answers == [200] * AT_ONCE
    any_slack.fake.wait_for("chat.postMessage")
    with any_slack.runtime.db.session() as s:
        assert s.exec(select(Paper.stage, Paper.dropped_reason)).one() == ("dropped", "toy data")
    assert _posted(any_slack) == 1  # one note in the thread, not one per submission


def test_a_gut_check_start_form_submitted_at_once_starts_one(any_slack: SlackStack, paper_id: int) -> None:
    def submit() -> Any:
        return any_slack.sender.view_submission(
            CallbackId.GUTCHECK_START_MODAL.value,
            form(),
            private_metadata=f'{{"channel": "{CHANNEL}"}}',
            view_id="VSTART",
        )

    assert _at_once(submit) == [200] * AT_ONCE
    any_slack.fake.wait_for("chat.postMessage")
    assert _count(any_slack, GutCheck) == 1 and _posted(any_slack) == 1


def test_a_decide_form_submitted_at_once_decides_once(any_slack: SlackStack, paper_id: int) -> None:
    run(any_slack.runtime, '/gutcheck start P1 claim="5% better" metric=accuracy', team=TEAM, channel=CHANNEL)
    metadata = DecideTarget("G1", Decision.EXTEND, CHANNEL).encode()
    values = {
        BlockId.DECIDE_WHY.value: {"value": {"type": "plain_text_input", "value": "more seeds"}},
        BlockId.DECIDE_TIMEBOX.value: {"value": {"type": "plain_text_input", "value": "3d"}},
    }

    def submit() -> Any:
        return any_slack.sender.view_submission(
            CallbackId.GUTCHECK_DECIDE_MODAL.value, values, private_metadata=metadata, view_id="VDECIDE"
        )

    assert _at_once(submit) == [200] * AT_ONCE
    wait_until(lambda: _posted(any_slack) >= 1)
    with any_slack.runtime.db.session() as s:
        extensions = s.exec(select(GutCheck.extensions)).one()
    assert (extensions, _count(any_slack, GutCheckDecision)) == (1, 1)
    assert submit().status_code == 200
    assert _count(any_slack, GutCheckDecision) == 1 and _posted(any_slack) == 1
