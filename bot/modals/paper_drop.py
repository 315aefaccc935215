"""The "Drop" modal of a paper card: asks for the reason, remembers which card it came from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from assay.commands.parsing import typed_text
from assay.ids import BlockId, CallbackId
from assay.services.papers.library import handle
from assay.storage.models import Paper
from assay.textfmt import truncate
from assay.views.paper.card import paper_title_line

REASON_ACTION = "reason"
TITLE_CHARS = 24  # Slack's limit for a modal title
METADATA_CHARS = 3000  # Slack's limit for private_metadata
INPUT_CHARS = 3000  # Slack's limit for a text input (the command takes more)


@dataclass(frozen=True)
class DropTarget:
    """The paper to drop and the card message the button was on (none when ephemeral)."""

    paper_id: int
    channel: str | None
    ts: str | None

    def encode(self) -> str:
        return json.dumps({"paper": self.paper_id, "channel": self.channel, "ts": self.ts})[:METADATA_CHARS]

    @classmethod
    def decode(cls, metadata: str) -> DropTarget | None:
        """The target from a modal's private_metadata; None when it is not ours or damaged."""
        try:
            data = json.loads(metadata or "")
            paper_id = int(data["paper"])
        except (ValueError, TypeError, KeyError):
            return None
        channel, ts = data.get("channel"), data.get("ts")
        return cls(paper_id, channel if isinstance(channel, str) else None, ts if isinstance(ts, str) else None)


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def drop_modal(paper: Paper, target: DropTarget) -> dict[str, Any]:
    """The modal view asking why ``paper`` is dropped."""
    return {
        "type": "modal",
        "callback_id": CallbackId.PAPER_DROP_MODAL.value,
        "title": _plain(f"Drop {handle(paper)}", TITLE_CHARS),
        "submit": _plain("Drop", TITLE_CHARS),
        "close": _plain("Cancel", TITLE_CHARS),
        "private_metadata": target.encode(),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": truncate(paper_title_line(paper), 3000)}},
            {
                "type": "input",
                "block_id": BlockId.DROP_REASON.value,
                "label": _plain("Why drop it?", 2000),
                "hint": _plain("The reason is kept with the paper and posted in its thread.", 2000),
                "element": {
                    "type": "plain_text_input",
                    "action_id": REASON_ACTION,
                    "multiline": True,
                    "max_length": INPUT_CHARS,
                    "placeholder": _plain("e.g. toy datasets only, no ablation", 150),
                },
            },
        ],
    }


def submitted_reason(view: dict[str, Any]) -> str:
    """The reason typed in a submitted drop modal ("" when missing)."""
    values = (view.get("state") or {}).get("values") or {}
    field = (values.get(BlockId.DROP_REASON.value) or {}).get(REASON_ACTION) or {}
    value = field.get("value")
    return typed_text(value).strip() if isinstance(value, str) else ""
