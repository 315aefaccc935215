"""The gut-check start form: the criteria written down before the first run.

Each start-form field sits in its own input block, ``gutcheck_fields:<field>``, named
after the field of the core's start request, so the core's per-field errors land next to
the field that caused them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from assay.commands.parsing import typed_text
from assay.ids import ActionId, BlockId, CallbackId
from assay.services.gutcheck.inputs import MAX_METRIC_NAME
from assay.textfmt import truncate

VALUE_ACTION = "value"
TITLE_CHARS = 24  # Slack's limit for a modal title
METADATA_CHARS = 3000  # Slack's limit for private_metadata
TEXT_MAX = 3000


def plain(text: str, limit: int = 150) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def field_block_id(field: str) -> str:
    return f"{BlockId.GUTCHECK_FIELDS.value}:{field}"


def _text_input(
    field: str,
    label: str,
    *,
    hint: str = "",
    placeholder: str = "",
    initial: str | None = None,
    optional: bool = False,
    multiline: bool = False,
    max_length: int = TEXT_MAX,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": VALUE_ACTION,
        "multiline": multiline,
        "max_length": max_length,
    }
    if placeholder:
        element["placeholder"] = plain(placeholder)
    if initial:
        element["initial_value"] = initial
    block: dict[str, Any] = {
        "type": "input",
        "block_id": field_block_id(field),
        "label": plain(label, 2000),
        "optional": optional,
        "element": element,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _yes_no(field: str, label: str, chosen: str = "yes") -> dict[str, Any]:
    options = [
        {"text": plain("Higher is better"), "value": "yes"},
        {"text": plain("Lower is better"), "value": "no"},
    ]
    return {
        "type": "input",
        "block_id": field_block_id(field),
        "label": plain(label, 2000),
        "element": {
            "type": "static_select",
            "action_id": VALUE_ACTION,
            "options": options,
            "initial_option": options[1] if chosen == "no" else options[0],
        },
    }


def _owner(user_id: str) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "users_select", "action_id": VALUE_ACTION}
    if user_id:
        element["initial_user"] = user_id
    return {
        "type": "input",
        "block_id": field_block_id("owner"),
        "label": plain("Owner", 2000),
        "optional": True,
        "element": element,
    }


def start_modal(
    *,
    channel: str | None,
    paper: str | None,
    user_id: str,
    values: Mapping[str, str | None] | None = None,
    plan: str | None = None,
) -> dict[str, Any]:
    """The start form; ``channel`` (where the command was typed) gets the gut check's card.

    ``values`` (what was typed so far) and ``plan`` (the runs the claim needs) rebuild the form
    after Enter in the spread field; the block and action ids stay the same, so Slack keeps
    every input as the user left it.
    """
    typed = dict(values or {})

    def given(field: str, default: str | None = None) -> str | None:
        return typed.get(field) or default

    blocks = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "Write the claim and the criteria down *before* the first run: they are fixed once you start.",
            },
        },
        _text_input("paper", "Paper", placeholder="P3 or an arXiv id", initial=given("paper", paper), max_length=200),
        _text_input(
            "claim", "Claim", placeholder="40% fewer tokens at equal accuracy", initial=given("claim"), multiline=True
        ),
        _text_input("metric", "Metric", placeholder="accuracy", initial=given("metric"), max_length=MAX_METRIC_NAME),
        _yes_no("higher_is_better", "Direction", given("higher_is_better", "yes") or "yes"),
        _text_input(
            "claimed_lift",
            "Claimed lift",
            placeholder="40%",
            initial=given("claimed_lift"),
            optional=True,
            max_length=20,
            hint="The improvement the paper claims, in percent of the baseline.",
        ),
        _spread(given("sd")),
        {
            "type": "context",
            "block_id": BlockId.GUTCHECK_PLAN.value,
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": truncate(
                        plan or "Press Enter in the spread field to see how many runs the claim needs.", 2900
                    ),
                }
            ],
        },
        _text_input(
            "runs",
            "Runs per arm (fixed design)",
            placeholder="leave empty to read the verdict any time",
            initial=given("runs"),
            optional=True,
            max_length=6,
            hint="Empty: the verdict stays honest however often you look (sequential). A number N fixes the "
            "design: the verdict comes at N runs per arm, and only a regression stops it earlier.",
        ),
        _text_input(
            "success",
            "Success criterion",
            initial=given("success"),
            optional=True,
            multiline=True,
            hint="A percentage in it (20%, or 20% on the held-out set) is the threshold; without one, half the "
            "claimed lift applies. It may not ask for more than the claim.",
        ),
        _text_input(
            "kill",
            "Kill criterion",
            initial=given("kill"),
            optional=True,
            multiline=True,
            hint="What makes you stop. A significant regression always does.",
        ),
        _owner(given("owner", user_id) or ""),
        _text_input(
            "timebox", "Time-box", initial=given("timebox", "7d"), max_length=12, hint="A number and s, m, h, d or w."
        ),
        _text_input("alpha", "Significance level", initial=given("alpha", "0.05"), max_length=12, optional=True),
        _text_input("technique", "Technique on the radar", initial=given("technique"), optional=True, max_length=200),
    ]
    return {
        "type": "modal",
        "callback_id": CallbackId.GUTCHECK_START_MODAL.value,
        "title": plain("Start a gut check", TITLE_CHARS),
        "submit": plain("Start", TITLE_CHARS),
        "close": plain("Cancel", TITLE_CHARS),
        "private_metadata": json.dumps({"channel": channel})[:METADATA_CHARS],
        "blocks": blocks,
    }


def _spread(initial: str | None) -> dict[str, Any]:
    """The spread field: Enter in it asks the bot for the plan (an action, not a submission)."""
    block = _text_input(
        "sd",
        "Run-to-run spread (sd)",
        placeholder="1.5%",
        initial=initial,
        optional=True,
        max_length=20,
        hint="How much one run typically differs from the next, in percent of the metric (runs of 0.70 that "
        "wander by about ±0.01 are 1.4%). With a claimed lift it tunes the test; press Enter to see how many "
        "runs the claim needs.",
    )
    block["dispatch_action"] = True
    block["element"]["action_id"] = ActionId.GUTCHECK_PLAN.value
    block["element"]["dispatch_action_config"] = {"trigger_actions_on": ["on_enter_pressed"]}
    return block


def element_value(element: dict[str, Any]) -> str | None:
    kind = element.get("type")
    if kind == "static_select":
        option = element.get("selected_option") or {}
        return option.get("value") if isinstance(option.get("value"), str) else None
    if kind == "users_select":
        picked = element.get("selected_user")
        return picked if isinstance(picked, str) else None
    value = element.get("value")
    return typed_text(value) if isinstance(value, str) else None


def start_form_values(view: dict[str, Any]) -> dict[str, str | None]:
    """Field name → what was typed or picked in a submitted start form."""
    values = (view.get("state") or {}).get("values") or {}
    prefix = f"{BlockId.GUTCHECK_FIELDS.value}:"
    # Each field block holds one element (the spread's carries the plan action's id).
    return {
        block_id.removeprefix(prefix): element_value(next(iter((actions or {}).values()), {}) or {})
        for block_id, actions in values.items()
        if block_id.startswith(prefix)
    }


def metadata_channel(view: dict[str, Any]) -> str | None:
    try:
        channel = json.loads(str(view.get("private_metadata") or "")).get("channel")
    except (ValueError, AttributeError):
        return None
    return channel if isinstance(channel, str) and channel else None
