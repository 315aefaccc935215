"""Answers to reading-workflow changes (assign, drop) and their thread notes.

The same replies serve the slash commands and the card's buttons: an ephemeral answer to
the person who acted and, when the paper has a home thread, a note there for the team and
the card redrawn in place.
"""

from __future__ import annotations

from typing import Any

from assay.replies import Announcement, Reply, Section, ThreadRef
from assay.services.papers.card import CardState
from assay.services.papers.library import handle
from assay.services.papers.workflow import PaperChange
from assay.storage.models import Paper
from assay.textfmt import esc, truncate, user
from assay.views.paper.card import card_updates


def _data(paper: Paper) -> dict[str, Any]:
    return {"handle": handle(paper), "stage": paper.stage, "reader": paper.reader}


def thread_note(paper: Paper, text: str) -> list[Announcement]:
    """A note in the paper's home thread, or nothing when the card was never posted."""
    if not paper.thread_channel or not paper.thread_ts:
        return []
    return [Announcement(text=text, blocks=[Section(text)], thread=ThreadRef(paper.thread_channel, paper.thread_ts))]


def _named(paper: Paper) -> str:
    return f"`{handle(paper)}` ({esc(truncate(paper.title, 80))})"


def assigned_reply(
    change: PaperChange, by: str, card: CardState | None = None, *, clicked: ThreadRef | None = None
) -> Reply:
    """``card``: the paper's card state after the change, to redraw the posted card (and
    the ``clicked`` copy, when the change came from a button on another one)."""
    paper = change.paper
    if not change.changed:
        text = f"{user(paper.reader)} is already the reader of {_named(paper)}. Nothing changed."
        return Reply(text=text, blocks=[Section(text)], data=_data(paper))
    who = "You are" if paper.reader == by else f"{user(paper.reader)} is"
    text = f"{who} now the reader of {_named(paper)}; its stage stays *{esc(paper.stage)}*."
    if change.reader_before:
        text += f" The reader before was {user(change.reader_before)}."
    note = f"📖 {user(paper.reader)} is now the reader of `{handle(paper)}`"
    note += "." if paper.reader == by else f" (assigned by {user(by)})."
    return Reply(
        text=text,
        blocks=[Section(text)],
        data=_data(paper),
        announcements=thread_note(paper, note),
        updates=card_updates(card, also=clicked),
        homes=tuple(u for u in (paper.reader, change.reader_before) if u),
    )


def dropped_reply(
    change: PaperChange, by: str, card: CardState | None = None, *, clicked: ThreadRef | None = None
) -> Reply:
    paper = change.paper
    reason = esc(truncate(paper.dropped_reason or "", 1500))
    text = f"{_named(paper)} is dropped. The reason is kept with the paper: {reason}"
    note = f"🗑️ {user(by)} dropped `{handle(paper)}`: {reason}"
    data = {**_data(paper), "dropped_reason": paper.dropped_reason}
    return Reply(
        text=text,
        blocks=[Section(text)],
        data=data,
        announcements=thread_note(paper, note),
        updates=card_updates(card, also=clicked),
        homes=(paper.reader,) if paper.reader else (),
    )
