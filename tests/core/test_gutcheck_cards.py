"""Gut-check cards fit Slack's limits on their own, even at the largest inputs allowed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assay.clock import FixedClock
from assay.commands.context import Ctx
from assay.replies import Actions, Block, Context, Header, Section
from assay.runtime import Runtime
from assay.services.gutcheck.checks import StartInputs, find_gut_check, load_record, start_gut_check
from assay.views.gutcheck.cards import start_card
from tests.core.helpers import run, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry

LONG = "x" * 2990


def within_slack_limits(blocks: list[Block]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        if isinstance(block, Header):
            assert len(block.text) <= 150
        elif isinstance(block, Section):
            assert len(block.text) <= 3000 and len(block.fields) <= 10
            assert all(len(f) <= 2000 for f in block.fields)
        elif isinstance(block, Context):
            assert len(block.texts) <= 10 and all(len(t) <= 3000 for t in block.texts)
        elif isinstance(block, Actions):
            assert len(block.buttons) <= 25


@pytest.fixture
def big(runtime: Runtime, fake_arxiv: FakeArxiv) -> str:
    fake_arxiv.add(AtomEntry("2401.00001", "T" * 300))
    run(runtime, "/paper add 2401.00001")
    # The Slack form takes 3,000 characters per text field (more than a command line holds).
    inputs = StartInputs(paper="P1", claim=LONG, metric="m" * 80, claimed_lift_pct=40.0, success=LONG, kill=LONG)
    start_gut_check(Ctx("T1", "U1", "C1", runtime, "slack"), inputs)
    for i in range(12):
        name = f"{chr(97 + i)}{'r' * 39}"
        run(runtime, f"/gutcheck log G1 {name} " + " ".join(str(0.5 + j / 100) for j in range(5)))
    return "G1"


def test_the_start_and_status_cards_stay_within_slack_limits(runtime: Runtime, big: str) -> None:
    with runtime.db.session() as session:
        record = load_record(session, find_gut_check(session, "T1", "G1"))
    within_slack_limits(start_card(record, runtime.clock.now()))
    within_slack_limits(run(runtime, "/gutcheck status G1").blocks)
    within_slack_limits(run(runtime, "/gutcheck list").blocks)


def test_the_list_keeps_within_fifty_blocks_for_many_gut_checks(runtime: Runtime, big: str) -> None:
    for _ in range(60):
        run(runtime, '/gutcheck start P1 claim="again" metric=acc')
    reply = run(runtime, "/gutcheck list")
    within_slack_limits(reply.blocks)
    assert "…and 21 more." in text_of(reply)
    assert reply.data is not None and len(reply.data["open"]) == 61  # the data keeps every one


def test_an_overdue_open_gut_check_asks_for_a_decision(runtime: Runtime, big: str, clock: FixedClock) -> None:
    clock.advance(timedelta(days=8))
    text = text_of(run(runtime, "/gutcheck status G1"))
    assert "⏰ Time-box ended 2026-11-28 09:00 UTC (1 day ago): decide continue, pivot, kill or extend" in text
