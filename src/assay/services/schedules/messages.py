"""A scheduled Slack message as data: where it goes, its text and neutral blocks.

Composed messages are stored (as ``post`` items) before they are sent, so they are kept as
JSON: the neutral blocks of :mod:`assay.replies` round-trip through :func:`blocks_to_json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assay.ids import ActionId
from assay.replies import Actions, Announcement, Block, Button, Context, Divider, Header, Section


@dataclass(frozen=True)
class OutgoingMessage:
    """One message: in a channel, in a thread (``thread_ts``), or to a person (``user``)."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    channel: str | None = None
    thread_ts: str | None = None
    broadcast: bool = False  # a thread reply also shown in the channel
    user: str | None = None  # a direct message to this user
    see: str | None = None  # the command showing all of it, if it is cut to fit one message

    @property
    def where(self) -> str:
        """Where it goes, for logs and the local shell (no message text: it may be private)."""
        if self.user:
            return f"DM to {self.user}"
        if self.thread_ts:
            return f"thread {self.thread_ts} in {self.channel}"
        return f"channel {self.channel}"

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "blocks": blocks_to_json(self.blocks),
            "channel": self.channel,
            "thread_ts": self.thread_ts,
            "broadcast": self.broadcast,
            "user": self.user,
            "see": self.see,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutgoingMessage:
        return cls(
            text=str(data.get("text") or ""),
            blocks=blocks_from_json(data.get("blocks") or []),
            channel=data.get("channel"),
            thread_ts=data.get("thread_ts"),
            broadcast=bool(data.get("broadcast")),
            user=data.get("user"),
            see=data.get("see"),
        )

    @classmethod
    def from_announcement(cls, note: Announcement) -> OutgoingMessage:
        if note.thread is not None:
            return cls(note.text, list(note.blocks), note.thread.channel, note.thread.ts, note.broadcast)
        return cls(note.text, list(note.blocks), note.channel)


def _button_json(b: Button) -> dict[str, Any]:
    return {"action": b.action.value, "label": b.label, "value": b.value, "style": b.style}


def _button(data: dict[str, Any]) -> Button:
    return Button(ActionId(data["action"]), str(data["label"]), str(data["value"]), data.get("style"))


def blocks_to_json(blocks: list[Block]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Header):
            out.append({"type": "header", "text": block.text})
        elif isinstance(block, Section):
            section: dict[str, Any] = {"type": "section", "text": block.text, "fields": list(block.fields)}
            if block.button is not None:
                section["button"] = _button_json(block.button)
            out.append(section)
        elif isinstance(block, Context):
            out.append({"type": "context", "texts": list(block.texts)})
        elif isinstance(block, Divider):
            out.append({"type": "divider"})
        elif isinstance(block, Actions):
            out.append({"type": "actions", "buttons": [_button_json(b) for b in block.buttons]})
    return out


def blocks_from_json(data: list[dict[str, Any]]) -> list[Block]:
    blocks: list[Block] = []
    for item in data:
        kind = item.get("type")
        if kind == "header":
            blocks.append(Header(str(item["text"])))
        elif kind == "section":
            button = _button(item["button"]) if item.get("button") else None
            blocks.append(Section(str(item["text"]), tuple(item.get("fields") or ()), button))
        elif kind == "context":
            blocks.append(Context(tuple(item.get("texts") or ())))
        elif kind == "divider":
            blocks.append(Divider())
        elif kind == "actions":
            blocks.append(Actions(tuple(_button(b) for b in item.get("buttons") or ())))
    return blocks
