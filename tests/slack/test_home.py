"""App Home over HTTP: published when opened, within Slack's 100 blocks, refreshed when a change
touches someone's desk, and its buttons work from the Home tab."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from assay.clock import FixedClock
from tests.core.helpers import run
from tests.core.paper_rows import store_paper

TEAM = "T0001"
ME = "U2147483697"


def open_home(slack: Any, user: str = ME, tab: str = "home") -> Any:
    event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": tab, "event_ts": "1700000000.1"}
    return slack.sender.event(event, event_id=f"EvHome{user}{tab}")


def published(slack: Any, user: str = ME) -> dict[str, Any]:
    (call,) = slack.fake.wait_for("views.publish", lambda c: c.params.get("user_id") == user)
    view = call.params["view"]
    return view if isinstance(view, dict) else json.loads(view)


def text(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def test_opening_home_publishes_my_desk(slack: Any) -> None:
    rt = slack.runtime
    store_paper(rt, "Mixture of Depths", team=TEAM, reader=ME, priority="HIGH", priority_score=8)
    store_paper(rt, "Someone Else's Paper", team=TEAM, reader="U0OTHER")
    run(rt, f'/gutcheck start P1 claim="2x faster decoding" metric=latency owner=@{ME}', team=TEAM)
    run(rt, f'/radar add LoRA ring=TRIAL owner=@{ME} next="benchmark on tickets" due=2026-12-01', team=TEAM)
    run(rt, '/review schedule "first tue 10:00"', team=TEAM)
    assert open_home(slack).status_code == 200
    view = published(slack)
    shown = text(view)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert "Mixture of Depths" in shown and "Someone Else" not in shown
    assert "2x faster decoding" in shown and "2026-11-28 09:00 UTC" in shown
    assert "benchmark on tickets" in shown and "TRIAL 1" in shown
    assert "next review Tue 2026-12-01 10:00 UTC" in shown
    buttons = [b["accessory"] for b in view["blocks"] if b.get("accessory")]
    assert buttons[0]["action_id"].startswith("paper_pass:") and buttons[0]["value"] == "1:1"


def test_an_overdue_gut_check_offers_the_decision_on_home(slack: Any) -> None:
    rt = slack.runtime
    store_paper(rt, "Mixture of Depths", team=TEAM)
    run(rt, f'/gutcheck start P1 claim="2x faster" metric=latency owner=@{ME} timebox=1d', team=TEAM)
    clock = rt.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(days=2))
    open_home(slack)
    actions = [b for b in published(slack)["blocks"] if b["type"] == "actions"]
    assert [e["text"]["text"] for e in actions[0]["elements"]] == ["Continue", "Pivot", "Kill", "Extend"]
    assert "ended" in text(published(slack))


def test_home_stays_within_100_blocks_with_a_crowded_desk(slack: Any) -> None:
    rt = slack.runtime
    for n in range(40):
        store_paper(rt, f"Paper {n}", team=TEAM, reader=ME)
        run(rt, f'/radar add "Technique {n}" ring=TRIAL owner=@{ME} next="try it"', team=TEAM)
    for n in range(40):
        run(rt, f'/gutcheck start P{n + 1} claim="claim {n}" metric=acc owner=@{ME} timebox=1s', team=TEAM)
    clock = rt.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(days=1))
    open_home(slack)
    view = published(slack)
    assert len(view["blocks"]) <= 100
    assert "and 30 more papers" in text(view) and "and 30 more gut checks" in text(view)


def test_a_change_refreshes_the_homes_it_touches_and_a_read_does_not(slack: Any) -> None:
    store_paper(slack.runtime, "Mixture of Depths", team=TEAM)
    slack.command("/radar", "", team=TEAM)  # a read: nobody's Home changes
    slack.command("/paper", "assign P1 <@U0BOB>", team=TEAM)
    bob = published(slack, "U0BOB")
    assert "Mixture of Depths" in text(bob)
    assert published(slack, ME)["type"] == "home"  # the person who assigned it too
    assert len(slack.fake.calls_to("views.publish")) == 2


def test_the_messages_tab_draws_nothing(slack: Any) -> None:
    open_home(slack, tab="messages")
    open_home(slack)  # then Home, so we know the first event was handled
    published(slack)
    assert len(slack.fake.calls_to("views.publish")) == 1


def test_a_pass_button_on_home_opens_the_note_form(slack: Any) -> None:
    store_paper(slack.runtime, "Mixture of Depths", team=TEAM, reader=ME)
    slack.sender.home_action("paper_pass:1:1", "1:1")
    (opened,) = slack.fake.wait_for("views.open")
    assert "Pass 1" in json.dumps(opened.params["view"])


def test_home_shows_nothing_of_another_workspace(slack: Any) -> None:
    store_paper(slack.runtime, "Their Paper", team="T0OTHER", reader=ME)
    open_home(slack)
    assert "Their Paper" not in text(published(slack)) and "Reading* — 0" in text(published(slack))
