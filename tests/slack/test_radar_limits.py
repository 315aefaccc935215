"""Radar messages stay within Slack's limits even with long names, long text and many votes."""

from __future__ import annotations

from typing import Any

from assay.runtime import Runtime
from bot.render import paginate, to_block_kit
from tests.core.helpers import run

LONG = "x" * 2500


def assert_within_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "context":
            assert len(block["elements"]) <= 10


def slack_pages(reply: Any) -> list[list[dict[str, Any]]]:
    return paginate(to_block_kit(reply.blocks))


def test_a_page_of_long_rows_is_one_message_that_lists_every_row(runtime: Runtime) -> None:
    names = [f"{i:02d}-" + "n" * 77 for i in range(45)]
    for name in names:
        run(runtime, f'/radar add {name} owner=@U200 next="{LONG}" description="{LONG}"')
    reply = run(runtime, "/radar page=1")
    [page] = slack_pages(reply)
    assert_within_limits(page)
    listed = str(page)
    assert all(name in listed for name in names[:20]) and names[20] not in listed
    [card] = slack_pages(run(runtime, f"/radar show {names[0]}"))
    assert_within_limits(card)


def test_many_votes_and_a_long_history_fit_in_one_message(runtime: Runtime) -> None:
    long_name = "t" * 80
    run(runtime, f"/radar add {long_name}")
    for i in range(80):
        run(runtime, f'/radar vote {long_name} {"TRIAL" if i % 2 else "HOLD"} why="{"w" * 900}"', user=f"U{i:04d}")
    [votes] = slack_pages(run(runtime, f"/radar votes {long_name}"))
    assert_within_limits(votes)
    assert "and 20 more votes" in str(votes)
    rings = ["TRIAL", "HOLD"] * 40
    for ring in rings:
        extra = ' owner=@U200 next="go"' if ring == "TRIAL" else ""
        run(runtime, f'/radar move {long_name} {ring} why="{"r" * 900}"{extra}')
    [history] = slack_pages(run(runtime, f"/radar history {long_name}"))
    assert_within_limits(history)
    assert "earlier entries not shown" in str(history)
