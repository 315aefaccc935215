"""The gut-check start form through Slack: the design and spread fields, the plan shown on
Enter in the spread field (a block action and views.update), and per-field refusals."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from tests.slack.test_gutcheck_slack import CHANNEL, checks, form, paper, submit_start
from tests.slack_requests import fixture

__all__ = ["paper"]  # the fixture, shared with the other gut-check Slack tests


def test_the_form_asks_for_the_design_and_the_spread(slack: Any, paper: str) -> None:
    slack.command("/gutcheck", "start P1")
    (opened,) = slack.fake.wait_for("views.open")
    by_id = {b.get("block_id"): b for b in opened.params["view"]["blocks"]}
    runs = by_id["gutcheck_fields:runs"]
    assert runs["optional"] and "Runs per arm" in runs["label"]["text"]
    assert "percent of the metric" in by_id["gutcheck_fields:sd"]["hint"]["text"]
    assert len(opened.params["view"]["blocks"]) <= 100


def test_runs_and_spread_from_the_form_fix_the_design_and_the_card_shows_the_plan(slack: Any, paper: str) -> None:
    assert submit_start(slack, runs="8", sd="2%").status_code == 200
    post = slack.fake.wait_for("chat.postMessage")[0]
    card = str(post.params["blocks"])
    assert "fixed: 8 runs per arm" in card and "Plan: with sd 2%" in card
    (check,) = checks(slack)
    assert (check.planned_runs, check.sd_pct) == (8, 2.0)


def spread_entered(slack: Any, **overrides: str | None) -> Any:
    """Enter pressed in the start form's spread field: a block action from the open modal."""
    state = form(**overrides)
    payload = fixture("block_actions")
    payload.update(
        container={"type": "view", "view_id": "V0PLAN"},
        view={
            "id": "V0PLAN",
            "hash": "h1",
            "type": "modal",
            "callback_id": "gutcheck_start_modal",
            "private_metadata": f'{{"channel": "{CHANNEL}"}}',
            "state": {"values": state},
        },
        actions=[
            {
                "action_id": "gutcheck_plan",
                "block_id": "gutcheck_fields:sd",
                "type": "plain_text_input",
                "value": overrides.get("sd") or "",
                "action_ts": "1700000001.000001",
            }
        ],
    )
    payload.pop("message"), payload.pop("channel")
    return slack.sender.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def test_enter_in_the_spread_field_shows_the_runs_the_claim_needs_and_keeps_what_was_typed(
    slack: Any, paper: str
) -> None:
    assert spread_entered(slack, sd="10%", runs="2").status_code == 200
    (update,) = slack.fake.wait_for("views.update")
    assert update.params["view_id"] == "V0PLAN" and update.params["hash"] == "h1"
    blocks = {b.get("block_id"): b for b in update.params["view"]["blocks"]}
    plan = blocks["gutcheck_plan"]["elements"][0]["text"]
    assert plan.startswith("Cannot plan yet:") and "3 to 10,000 runs per arm" in plan
    assert blocks["gutcheck_fields:claim"]["element"]["initial_value"] == "40% fewer tokens at equal accuracy"
    assert spread_entered(slack, sd="10%", runs="3").status_code == 200
    second = slack.fake.wait_for("views.update", count=2)[1]
    text = {b.get("block_id"): b for b in second.params["view"]["blocks"]}["gutcheck_plan"]["elements"][0]["text"]
    assert "the claimed 40% lift needs 4 runs per arm for 80% power read sequentially, 3 with a fixed design" in text
    assert checks(slack) == []  # nothing is started by pressing Enter


def test_a_success_above_the_claim_is_refused_next_to_the_success_field(slack: Any, paper: str) -> None:
    answer = submit_start(slack, success="60%", sd="0.004").json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"gutcheck_fields:sd"}  # each field's problem, one at a time
    answer = submit_start(slack, success="60%").json()
    assert set(answer["errors"]) == {"gutcheck_fields:success"}
    assert "more than the claimed 40% lift" in answer["errors"]["gutcheck_fields:success"]
    assert checks(slack) == []
