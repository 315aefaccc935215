"""/gutcheck through Slack: the start form, the card as home thread, verdict broadcasts,
the decide buttons and their form, and the plot upload."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlmodel import select

from assay.storage.models import GutCheck, GutCheckDecision
from tests.core.helpers import run
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry
from tests.waiting import wait_until as wait

CHANNEL = "C2147483705"
TEAM = "T0001"
TRIGGER = "13345224609.738474920.8088930838d88f008e0"  # the fixtures' trigger id


def field(name: str, value: str | None, kind: str = "plain_text_input") -> tuple[str, dict[str, Any]]:
    if kind == "static_select":
        element = {"type": kind, "selected_option": {"value": value}}
    elif kind == "users_select":
        element = {"type": kind, "selected_user": value}
    else:
        element = {"type": kind, "value": value}
    return f"gutcheck_fields:{name}", {"value": element}


def form(**overrides: str | None) -> dict[str, Any]:
    values: dict[str, str | None] = {
        "paper": "P1",
        "claim": "40% fewer tokens at equal accuracy",
        "metric": "accuracy",
        "claimed_lift": "40%",
        "success": None,
        "kill": "no gain after 10 seeds",
        "timebox": "7d",
        "alpha": "0.05",
        "technique": None,
        **overrides,
    }
    state = dict(field(name, value) for name, value in values.items())
    state.update([field("higher_is_better", "yes", "static_select"), field("owner", "U0OWNER1", "users_select")])
    if "gutcheck_fields:sd" in state:  # as Slack sends it: under the element's own action id
        state["gutcheck_fields:sd"] = {"gutcheck_plan": state["gutcheck_fields:sd"]["value"]}
    return state


@pytest.fixture
def paper(slack: Any, fake_arxiv: FakeArxiv) -> str:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(slack.runtime, "/paper add 2401.00001", team=TEAM)
    return "P1"


def checks(slack: Any) -> list[GutCheck]:
    with slack.runtime.db.session() as s:
        return list(s.exec(select(GutCheck)).all())


def submit_start(slack: Any, view_id: str = "V0001", **overrides: str | None) -> Any:
    return slack.sender.view_submission(
        "gutcheck_start_modal", form(**overrides), private_metadata=f'{{"channel": "{CHANNEL}"}}', view_id=view_id
    )


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_start_without_criteria_opens_the_form_with_the_paper_filled_in(slack: Any, paper: str) -> None:
    ack = slack.command("/gutcheck", "start 2401.00001")
    assert ack.status_code == 200
    (opened,) = slack.fake.wait_for("views.open")
    assert opened.params["trigger_id"] == TRIGGER
    view = opened.params["view"]
    assert view["callback_id"] == "gutcheck_start_modal" and view["private_metadata"] == f'{{"channel": "{CHANNEL}"}}'
    by_id = {b.get("block_id"): b for b in view["blocks"]}
    assert by_id["gutcheck_fields:paper"]["element"]["initial_value"] == "P1"
    assert by_id["gutcheck_fields:owner"]["element"]["initial_user"] == "U2147483697"
    assert checks(slack) == []


def test_start_form_for_an_unknown_paper_is_refused_ephemerally(slack: Any, paper: str) -> None:
    ack = slack.command("/gutcheck", "start P9").json()
    assert ack["response_type"] == "ephemeral" and "no paper P9" in ack["text"]
    assert slack.fake.calls_to("views.open") == []


def test_start_with_criteria_in_the_command_posts_the_card_without_a_form(slack: Any, paper: str) -> None:
    slack.command("/gutcheck", 'start P1 claim="fewer tokens" metric=tokens higher-is-better=no')
    post = slack.fake.wait_for("chat.postMessage")[0]
    assert "Gut check G1 started" in str(post.params["blocks"])
    assert slack.fake.calls_to("views.open") == []


def test_the_submitted_form_posts_the_card_as_the_home_thread(any_slack: Any, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(any_slack.runtime, "/paper add 2401.00001", team=TEAM)
    assert submit_start(any_slack).status_code == 200
    post = any_slack.fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == CHANNEL
    assert "40% fewer tokens at equal accuracy" in str(post.params["blocks"]) and "no gain after 10 seeds" in str(
        post.params["blocks"]
    )
    wait(lambda: [(c.thread_channel, c.thread_ts) for c in checks(any_slack)] == [(CHANNEL, post.response["ts"])])
    (check,) = checks(any_slack)
    assert (check.owner, check.claimed_lift_pct, check.created_by, check.channel) == (
        "U0OWNER1",
        40.0,
        "U2147483697",
        CHANNEL,
    )


def test_a_form_submitted_twice_records_once(slack: Any, paper: str) -> None:
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: submit_start(slack), range(2)))
    assert [a.status_code for a in answers] == [200, 200]
    slack.fake.wait_for("chat.postMessage")
    assert len(checks(slack)) == 1
    assert submit_start(slack).status_code == 200  # and once more, after the first one finished
    assert len(checks(slack)) == 1 and len(slack.fake.calls_to("chat.postMessage")) == 1


def test_wrong_fields_come_back_next_to_the_field_and_nothing_is_stored(slack: Any, paper: str) -> None:
    answer = submit_start(slack, timebox="soon", claimed_lift="lots", metric=None, paper="P9").json()
    assert answer["response_action"] == "errors"
    errors = answer["errors"]
    assert set(errors) == {"gutcheck_fields:timebox", "gutcheck_fields:claimed_lift", "gutcheck_fields:metric"}
    assert "not a time-box" in errors["gutcheck_fields:timebox"] and "`" not in errors["gutcheck_fields:timebox"]
    unknown_paper = submit_start(slack, paper="P9").json()
    assert unknown_paper == {
        "response_action": "errors",
        "errors": {"gutcheck_fields:paper": unknown_paper["errors"]["gutcheck_fields:paper"]},
    }
    assert "no paper P9" in unknown_paper["errors"]["gutcheck_fields:paper"]
    assert checks(slack) == [] and slack.fake.calls_to("chat.postMessage") == []


def test_logs_update_the_home_thread_and_a_new_verdict_is_broadcast(any_slack: Any, fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(any_slack.runtime, "/paper add 2401.00001", team=TEAM)
    submit_start(any_slack)
    home = any_slack.fake.wait_for("chat.postMessage")[0].response["ts"]
    wait(lambda: checks(any_slack)[0].thread_ts == home)
    any_slack.command("/gutcheck", "log G1 baseline 0.700 0.702 0.698 0.701 0.699")
    update = any_slack.fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == home)[0]
    assert update.params["reply_broadcast"] in (False, "false", "0")
    any_slack.command("/gutcheck", "log G1 method 0.701 0.703 0.699 0.700 0.702")
    verdict = any_slack.fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == home, count=2)[1]
    assert verdict.params["reply_broadcast"] in (True, "true", "1")
    shown = str(verdict.params["blocks"])
    assert "Did not reproduce" in shown and "The claimed 40% lift did not survive" in shown
    confirmation = any_slack.fake.wait_for("response_url", count=2)[1]
    assert confirmation.params["response_type"] == "ephemeral" and "Logged 5 runs for `method`" in str(
        confirmation.params
    )


def _regression(slack: Any) -> None:
    run(slack.runtime, '/gutcheck start P1 claim="x" metric=acc claimed-lift=40%', team=TEAM, channel=CHANNEL)
    run(slack.runtime, "/gutcheck log G1 baseline 0.70 0.71 0.69 0.70 0.71", team=TEAM)
    run(slack.runtime, "/gutcheck log G1 method 0.66 0.65 0.67 0.66 0.65", team=TEAM)


def test_the_status_card_carries_decide_buttons_and_a_hard_kill_offers_only_kill_or_pivot(
    slack: Any, paper: str
) -> None:
    _regression(slack)
    answer = slack.command("/gutcheck", "status G1").json()
    assert answer["response_type"] == "ephemeral" and "hard kill" in str(answer["blocks"])
    assert [(b["text"]["text"], b["value"]) for b in buttons(answer["blocks"])] == [
        ("Kill", "1:kill"),
        ("Pivot", "1:pivot"),
    ]
    assert all(b["action_id"] == f"gutcheck_decide:{b['value']}" for b in buttons(answer["blocks"]))
    slack.sender.action("gutcheck_decide:1:continue", "1:continue")  # a stale card's button
    refused = slack.fake.wait_for("response_url")[0]
    assert "REGRESSION" in refused.params["text"] and slack.fake.calls_to("views.open") == []


def test_a_decide_button_asks_why_then_records_and_announces_the_decision(slack: Any, paper: str) -> None:
    _regression(slack)
    slack.sender.action("gutcheck_decide:1:kill", "1:kill", user="U0LEAD")
    (opened,) = slack.fake.wait_for("views.open")
    view = opened.params["view"]
    assert (
        view["callback_id"] == "gutcheck_decide_modal"
        and [b.get("block_id") for b in view["blocks"]][1] == "decide_why"
    )
    empty = slack.sender.view_submission("gutcheck_decide_modal", {}, private_metadata=view["private_metadata"]).json()
    assert empty["response_action"] == "errors" and "decide_why" in empty["errors"]
    why = {"decide_why": {"value": {"type": "plain_text_input", "value": "worse on every seed"}}}
    assert (
        slack.sender.view_submission(
            "gutcheck_decide_modal", why, private_metadata=view["private_metadata"], user="U0LEAD"
        ).status_code
        == 200
    )
    post = slack.fake.wait_for("chat.postMessage")[0]
    assert (
        post.params["channel"] == CHANNEL
        and "decided kill" in post.params["text"]
        and "worse on every seed" in str(post.params["blocks"])
    )
    slack.sender.view_submission("gutcheck_decide_modal", why, private_metadata=view["private_metadata"], user="U0LEAD")
    with slack.runtime.db.session() as s:
        decisions = s.exec(select(GutCheckDecision)).all()
        assert [(d.decision, d.by, d.verdict_at_decision) for d in decisions] == [("kill", "U0LEAD", "REGRESSION")]
    assert checks(slack)[0].status == "killed"


def test_extending_through_the_form_needs_a_valid_time_box(slack: Any, paper: str) -> None:
    run(slack.runtime, '/gutcheck start P1 claim="x" metric=acc', team=TEAM, channel=CHANNEL)
    slack.sender.action("gutcheck_decide:1:extend", "1:extend")
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert "decide_timebox" in [b.get("block_id") for b in view["blocks"]]
    values = {
        "decide_why": {"value": {"type": "plain_text_input", "value": "cluster was down"}},
        "decide_timebox": {"value": {"type": "plain_text_input", "value": "a while"}},
    }
    bad = slack.sender.view_submission(
        "gutcheck_decide_modal", values, private_metadata=view["private_metadata"]
    ).json()
    assert set(bad["errors"]) == {"decide_timebox"}
    values["decide_timebox"]["value"]["value"] = "3d"
    slack.sender.view_submission(
        "gutcheck_decide_modal", values, private_metadata=view["private_metadata"], view_id="V0002"
    )
    wait(lambda: checks(slack)[0].extensions == 1)


def test_plot_is_uploaded_to_the_channel(slack: Any, paper: str) -> None:
    _regression(slack)
    ack = slack.command("/gutcheck", "plot G1").json()
    assert "Drawing the plot" in ack["text"]
    slack.fake.wait_for("files.completeUploadExternal")
    (upload,) = slack.fake.calls_to("file_upload")
    assert upload.params["bytes"] > 1000
