"""Due-date reminders of TRIAL and ASSESS techniques."""

from __future__ import annotations

from datetime import date

from assay.replies import Block, Context, Section
from assay.storage.models import Technique
from assay.textfmt import esc, truncate, user


def _quoted(name: str) -> str:
    shown = esc(name)
    return f'"{shown}"' if " " in shown else shown


def due_text(technique: Technique, *, overdue: bool) -> str:
    when = "was due a week ago" if overdue else "is due today"
    return f"The next action on {technique.name} ({technique.ring}) {when}."


def due_blocks(technique: Technique, *, overdue: bool, today: date) -> list[Block]:
    """What is due, since when, and the commands that move it along."""
    assert technique.due is not None
    name = _quoted(technique.name)
    action = esc(truncate(technique.next_action or "(no next action written down)", 1000))
    if overdue:
        late = (today - technique.due).days
        opener = (
            f"⏰ {user(technique.owner)}: the next action on *{esc(technique.name)}* ({technique.ring}) was due "
            f"{technique.due.isoformat()}, {late} days ago, and its date has not moved."
        )
    else:
        opener = f"📌 The next action on *{esc(technique.name)}* ({technique.ring}) is due today."
    return [
        Section(f"{opener}\n*Next action:* {action}"),
        Context(
            (
                f'Done? Record what you found with `/radar move {name} <ring> why="..."`. Need more time? '
                f"`/radar edit {name} due=YYYY-MM-DD`.",
            )
        ),
    ]
