"""The reading-note form (a modal) for one pass, and reading a submitted one.

Each field of the pass sits in its own input block, ``pass_fields:<field>``, named after
the core's note field, so the core's per-field errors land next to the field that caused
them. A reader who noted this pass before finds their note filled in: submitting revises it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from assay.commands.parsing import typed_text
from assay.ids import BlockId, CallbackId
from assay.reading.passes import PASS_QUESTION, PASS_TIME, RED_FLAGS, NoteField, Viability, note_fields
from assay.services.notes.form import NoteForm
from assay.services.papers.library import handle
from assay.storage.models import PassNote
from assay.textfmt import truncate
from assay.views.paper.card import paper_title_line
from assay.views.times import shown_time

VALUE_ACTION = "value"
TITLE_CHARS = 24  # Slack's limits: modal title and buttons, private_metadata, an input's text
METADATA_CHARS = 3000
INPUT_CHARS = 3000
MAX_BLOCKS = 100


def _plain(text: str, limit: int = 150) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def field_block_id(field: str) -> str:
    return f"{BlockId.PASS_FIELDS.value}:{field}"


@dataclass(frozen=True)
class NoteTarget:
    """Which paper and pass a note form is for, whether it skips the gate, where to answer."""

    paper_id: int
    pass_number: int
    force: bool
    channel: str | None
    keep: tuple[str, ...] = ()  # fields of the last version too long to show: kept when left empty

    def encode(self) -> str:
        data: dict[str, Any] = {
            "paper": self.paper_id,
            "pass": self.pass_number,
            "force": self.force,
            "channel": self.channel,
        }
        if self.keep:
            data["keep"] = list(self.keep)
        return json.dumps(data)[:METADATA_CHARS]

    @classmethod
    def decode(cls, metadata: str) -> NoteTarget | None:
        """The target from a modal's private_metadata; None when it is not ours or damaged."""
        try:
            data = json.loads(metadata or "")
            keep = tuple(str(name) for name in data.get("keep") or ())
            target = cls(
                int(data["paper"]), int(data["pass"]), bool(data.get("force")), data.get("channel") or None, keep
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return target if target.pass_number in (1, 2, 3) else None


def _option(value: str, label: str | None = None) -> dict[str, Any]:
    return {"text": _plain(label or value, 75), "value": value}


def _choices(field: NoteField) -> list[dict[str, Any]]:
    if field.kind == "yes-no":
        return [_option("yes"), _option("no")]
    if field.kind == "rating":
        return [_option(str(n)) for n in range(1, 6)]
    if field.kind == "viability":
        return [_option(v.value, v.value.replace("-", " ")) for v in Viability]
    if field.kind == "decision":
        return [_option("continue", "Continue"), _option("stop", "Stop here")]
    return [_option(code, f"{code} — {meaning}") for code, meaning in RED_FLAGS.items()]


def _shown(previous: PassNote | None, field: NoteField) -> str | list[str] | None:
    """What the reader gave for ``field`` last time, as the form shows it."""
    if previous is None:
        return None
    value = getattr(previous, field.name)
    if value is None or value == []:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def _element(field: NoteField, initial: str | list[str] | None) -> dict[str, Any]:
    if field.kind in ("text", "minutes"):
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": VALUE_ACTION,
            "multiline": field.kind == "text",
            "max_length": INPUT_CHARS if field.kind == "text" else 12,
        }
        # A text longer than the form takes (the slash command takes 4,000) is not filled in.
        if isinstance(initial, str) and len(initial) <= INPUT_CHARS:
            element["initial_value"] = initial
        if field.kind == "minutes":
            element["placeholder"] = _plain("e.g. 8, 45m or 2h")
        return element
    options = _choices(field)
    kind = {"red-flags": "checkboxes", "decision": "radio_buttons"}.get(field.kind, "static_select")
    element = {"type": kind, "action_id": VALUE_ACTION, "options": options}
    if kind == "static_select":
        element["placeholder"] = _plain("Choose")
    wanted = initial if isinstance(initial, list) else [initial]
    picked = [o for o in options if o["value"] in wanted]
    if picked and kind == "checkboxes":
        element["initial_options"] = picked
    elif picked:
        element["initial_option"] = picked[0]
    return element


def too_long(previous: PassNote | None) -> tuple[str, ...]:
    """Fields of the last version longer than the form takes (the slash command takes 4,000)."""
    if previous is None:
        return ()
    texts = [f.name for f in note_fields(previous.pass_number) if f.kind == "text"]
    return tuple(name for name in texts if len(getattr(previous, name) or "") > INPUT_CHARS)


def _input(field: NoteField, previous: PassNote | None) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": field_block_id(field.name),
        "label": _plain(field.label, 2000),
        "optional": field.kind != "decision",
        "element": _element(field, _shown(previous, field)),
    }
    hint = field.hint
    if field.name in too_long(previous):
        hint = (
            "Your last version of this field is longer than this form takes, so it is not shown: leave this "
            "empty to keep it, or write over it here."
        )
    if hint:
        block["hint"] = _plain(hint, 2000)
    return block


def note_modal(form: NoteForm, target: NoteTarget) -> dict[str, Any]:
    """The form for ``form.pass_number``, filled with the reader's last note of it if any."""
    n, paper = form.pass_number, form.paper
    intro = f"{paper_title_line(paper)}\n*Pass {n}* ({PASS_TIME[n]}): {PASS_QUESTION[n]}"
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": truncate(intro, 3000)}}]
    notes = []
    if form.previous is not None:
        noted = shown_time(form.previous.created_at, form.timezone)
        notes.append(f"You are revising your note of {noted}; that version is kept.")
    if form.forced:
        notes.append(f"⏭️ You have not noted pass {n - 1}: this note will be marked forced.")
    notes.append("Only the decision is required. The note is posted in the paper's thread.")
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(" ".join(notes), 3000)}]})
    blocks += [_input(field, form.previous) for field in note_fields(n)]
    verb = "Revise" if form.previous is not None else "Pass"
    return {
        "type": "modal",
        "callback_id": CallbackId.PASS_NOTE_MODAL.value,
        "title": _plain(f"{verb} {n} · {handle(paper)}", TITLE_CHARS),
        "submit": _plain("Record", TITLE_CHARS),
        "close": _plain("Cancel", TITLE_CHARS),
        "private_metadata": target.encode(),
        "blocks": blocks[:MAX_BLOCKS],
    }


def _value(element: dict[str, Any]) -> str | list[str] | None:
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons"):
        option = element.get("selected_option") or {}
        return option.get("value") if isinstance(option.get("value"), str) else None
    if kind == "checkboxes":
        return [str(o.get("value")) for o in element.get("selected_options") or [] if isinstance(o, dict)]
    value = element.get("value")
    return typed_text(value) if isinstance(value, str) else None


def note_form_values(view: dict[str, Any]) -> dict[str, str | list[str] | None]:
    """Field name → what was typed or picked in a submitted note form."""
    values = (view.get("state") or {}).get("values") or {}
    prefix = f"{BlockId.PASS_FIELDS.value}:"
    return {
        block_id.removeprefix(prefix): _value((actions or {}).get(VALUE_ACTION) or {})
        for block_id, actions in values.items()
        if block_id.startswith(prefix)
    }
