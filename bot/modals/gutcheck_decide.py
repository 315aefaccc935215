"""The gut-check decision form: why continue, pivot, kill or extend (and, to extend, how long)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from assay.ids import BlockId, CallbackId
from assay.services.gutcheck.decisions import Decision
from assay.textfmt import truncate
from bot.modals.gutcheck import METADATA_CHARS, TEXT_MAX, TITLE_CHARS, VALUE_ACTION, element_value, plain


@dataclass(frozen=True)
class DecideTarget:
    """The gut check (``G<n>``) and decision a decide form is for, and where to answer."""

    gutcheck: str
    decision: Decision
    channel: str | None
    reminder: tuple[str, str] | None = None  # (channel, ts) of a reminder to redraw once decided

    def encode(self) -> str:
        data: dict[str, Any] = {"gutcheck": self.gutcheck, "decision": self.decision.value, "channel": self.channel}
        if self.reminder is not None:
            data["reminder"] = list(self.reminder)
        return json.dumps(data)

    @classmethod
    def decode(cls, metadata: str) -> DecideTarget | None:
        try:
            data = json.loads(metadata or "")
            reminder = data.get("reminder")
            where = (str(reminder[0]), str(reminder[1])) if isinstance(reminder, list) and len(reminder) == 2 else None
            return cls(str(data["gutcheck"]), Decision(data["decision"]), data.get("channel") or None, where)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def decide_modal(target: DecideTarget, claim: str) -> dict[str, Any]:
    """Asks why (and, to extend, for how long) before the decision is recorded."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": truncate(f"*{target.gutcheck}*: {claim}", 3000)},
        },
        {
            "type": "input",
            "block_id": BlockId.DECIDE_WHY.value,
            "label": plain(f"Why {target.decision.value}?", 2000),
            "hint": plain("Kept with the decision and posted in the gut check's thread.", 2000),
            "element": {
                "type": "plain_text_input",
                "action_id": VALUE_ACTION,
                "multiline": True,
                "max_length": TEXT_MAX,
            },
        },
    ]
    if target.decision is Decision.EXTEND:
        blocks.append(
            {
                "type": "input",
                "block_id": BlockId.DECIDE_TIMEBOX.value,
                "label": plain("Extend by", 2000),
                "hint": plain("A number and s, m, h, d or w. Every extension is counted and shown.", 2000),
                "element": {
                    "type": "plain_text_input",
                    "action_id": VALUE_ACTION,
                    "initial_value": "3d",
                    "max_length": 12,
                },
            }
        )
    return {
        "type": "modal",
        "callback_id": CallbackId.GUTCHECK_DECIDE_MODAL.value,
        "title": plain(f"{target.decision.value.capitalize()} {target.gutcheck}", TITLE_CHARS),
        "submit": plain(target.decision.value.capitalize(), TITLE_CHARS),
        "close": plain("Cancel", TITLE_CHARS),
        "private_metadata": target.encode()[:METADATA_CHARS],
        "blocks": blocks,
    }


def decide_form_values(view: dict[str, Any]) -> tuple[str, str | None]:
    """(why, timebox) typed in a submitted decide form; "" and None when missing."""
    values = (view.get("state") or {}).get("values") or {}
    why = element_value((values.get(BlockId.DECIDE_WHY.value) or {}).get(VALUE_ACTION) or {}) or ""
    timebox = element_value((values.get(BlockId.DECIDE_TIMEBOX.value) or {}).get(VALUE_ACTION) or {})
    return why.strip(), timebox
