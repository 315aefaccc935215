"""Neutral reply blocks → Slack Block Kit, within Slack's limits.

Limits (Slack's documented ones): 50 blocks per message, 3000 characters per section text,
10 fields of 2000 characters, 150 per header, 75 per button label, 10 context elements.
Longer content is split over several sections; replies past 50 blocks are paginated, scheduled
posts are cut to one message (:func:`one_message`).
"""

from __future__ import annotations

import re
from typing import Any

from assay.ids import ActionId
from assay.replies import Actions, Block, Button, Context, Divider, Header, Section
from assay.textfmt import truncate

MAX_BLOCKS = 50
SECTION_TEXT = 3000
FIELD_TEXT = 2000
MAX_FIELDS = 10
HEADER_TEXT = 150
BUTTON_TEXT = 75
CONTEXT_ELEMENTS = 10
FALLBACK_TEXT = 3000


def action_pattern(action: ActionId) -> re.Pattern[str]:
    """Listeners match action ids with this: each button's id is ``<action>:<value>``
    because Slack requires action ids to be unique within a message."""
    return re.compile(rf"^{re.escape(action.value)}(:.*)?$")


def _mrkdwn(text: str, limit: int) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": truncate(text or " ", limit)}


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text or " ", limit), "emoji": True}


def button(b: Button) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "action_id": truncate(f"{b.action.value}:{b.value}", 255, ""),
        "text": _plain(b.label, BUTTON_TEXT),
        "value": truncate(b.value, 2000, ""),
    }
    if b.style:
        element["style"] = b.style
    return element


def split_text(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """Split at line breaks so each piece fits; a single huge line is cut hard."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def to_block_kit(blocks: list[Block]) -> list[dict[str, Any]]:
    """Every block rendered (not yet paginated)."""
    out: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Header):
            out.append({"type": "header", "text": _plain(block.text, HEADER_TEXT)})
        elif isinstance(block, Section):
            pieces = split_text(block.text)
            for i, piece in enumerate(pieces):
                section: dict[str, Any] = {"type": "section", "text": _mrkdwn(piece, SECTION_TEXT)}
                if i == len(pieces) - 1:
                    if block.fields:
                        section["fields"] = [_mrkdwn(f, FIELD_TEXT) for f in block.fields[:MAX_FIELDS]]
                    if block.button:
                        section["accessory"] = button(block.button)
                out.append(section)
        elif isinstance(block, Context):
            elements = [_mrkdwn(t, SECTION_TEXT) for t in block.texts[:CONTEXT_ELEMENTS]]
            out.append({"type": "context", "elements": elements})
        elif isinstance(block, Divider):
            out.append({"type": "divider"})
        elif isinstance(block, Actions):
            for start in range(0, len(block.buttons), 25):
                chunk = block.buttons[start : start + 25]
                out.append({"type": "actions", "elements": [button(b) for b in chunk]})
    return out


def paginate(rendered: list[dict[str, Any]], per_message: int = MAX_BLOCKS) -> list[list[dict[str, Any]]]:
    """Split rendered blocks into messages of at most ``per_message`` blocks."""
    if not rendered:
        return [[]]
    return [rendered[i : i + per_message] for i in range(0, len(rendered), per_message)]


def one_message(rendered: list[dict[str, Any]], see: str | None = None) -> list[dict[str, Any]]:
    """The blocks cut to fit one message: what does not fit becomes "… N more — see <command>"
    (a closing row of buttons is kept, so the post can still be acted on)."""
    if len(rendered) <= MAX_BLOCKS:
        return rendered
    closing = rendered[-1:] if rendered[-1].get("type") == "actions" else []
    kept = rendered[: MAX_BLOCKS - 1 - len(closing)]
    hidden = len(rendered) - len(kept) - len(closing)
    more = f"… {hidden} more — see `{see}`" if see else f"… {hidden} more not shown"
    return [*kept, {"type": "context", "elements": [_mrkdwn(more, SECTION_TEXT)]}, *closing]


def fallback(text: str) -> str:
    return truncate(text or "Assay", FALLBACK_TEXT)
