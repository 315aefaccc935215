"""Answers to reading-workflow changes (assign, start pass 1, drop) and their thread notes.

The same replies serve the slash commands and the card's buttons: an ephemeral answer to
the person who acted and, when the paper has a home thread, a note there for the team.
"""

from __future__ import annotations

from typing import Any

from assay.replies import Announcement, Reply, Section, ThreadRef
from assay.services.papers.library import handle
from assay.services.papers.workflow import PaperChange
from assay.storage.models import Paper
from assay.textfmt import esc, truncate, user


def _data(paper: Paper) -> dict[str, Any]:
    return {"handle": handle(paper), "stage": paper.stage, "reader": paper.reader}


def thread_note(paper: Paper, text: str) -> list[Announcement]:
    """A note in the paper's home thread, or nothing when the card was never posted."""
    if not paper.thread_channel or not paper.thread_ts:
        return []
    return [Announcement(text=text, blocks=[Section(text)], thread=ThreadRef(paper.thread_channel, paper.thread_ts))]


def _named(paper: Paper) -> str:
    return f"`{handle(paper)}` ({esc(truncate(paper.title, 80))})"


def assigned_reply(change: PaperChange, by: str) -> Reply:
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
    return Reply(text=text, blocks=[Section(text)], data=_data(paper), announcements=thread_note(paper, note))


def pass1_reply(change: PaperChange, by: str) -> Reply:
    paper = change.paper
    h = handle(paper)
    later = (
        f"Pass-1 notes (claim, problem, relevant, plausible, decision) will be recorded with "
        f"`/pass 1 {h}` once reading notes arrive in Assay. Until then, write them as a reply in the "
        "card's thread: replies there are kept as the paper's discussion."
    )
    if change.stage_before != "new":
        reader = f" with {user(paper.reader)} as reader" if paper.reader else ""
        text = f"{_named(paper)} is already at *{esc(paper.stage)}*{reader}. Its stage was not changed."
        if change.changed:
            text += " You are now its reader."
        return Reply(text=text, blocks=[Section(text), Section(later)], data=_data(paper))
    reader = "You are its reader." if paper.reader == by else f"{user(paper.reader)} stays its reader."
    text = f"{_named(paper)} is now at *pass 1*. {reader}"
    note = f"📖 {user(by)} started pass 1 of `{h}`."
    return Reply(
        text=text, blocks=[Section(text), Section(later)], data=_data(paper), announcements=thread_note(paper, note)
    )


def dropped_reply(change: PaperChange, by: str) -> Reply:
    paper = change.paper
    reason = esc(truncate(paper.dropped_reason or "", 1500))
    text = f"{_named(paper)} is dropped. The reason is kept with the paper: {reason}"
    note = f"🗑️ {user(by)} dropped `{handle(paper)}`: {reason}"
    data = {**_data(paper), "dropped_reason": paper.dropped_reason}
    return Reply(text=text, blocks=[Section(text)], data=data, announcements=thread_note(paper, note))
