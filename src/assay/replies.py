"""Transport-neutral replies.

A command answers with a :class:`Reply`: a short text, a list of neutral blocks (a small
subset of Slack's layout vocabulary with no Slack dependency), machine-readable ``data``,
where the answer goes and which earlier messages to redraw. ``bot`` renders it as Block
Kit; the shell and the CLI render the same blocks as text (:func:`render_text`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from assay.ids import ActionId
from assay.textfmt import to_plain


@dataclass(frozen=True)
class Button:
    action: ActionId
    label: str
    value: str
    style: Literal["primary", "danger"] | None = None


@dataclass(frozen=True)
class Header:
    text: str  # plain text


@dataclass(frozen=True)
class Section:
    text: str  # mrkdwn
    fields: tuple[str, ...] = ()
    button: Button | None = None


@dataclass(frozen=True)
class Context:
    texts: tuple[str, ...]  # mrkdwn


@dataclass(frozen=True)
class Divider:
    pass


@dataclass(frozen=True)
class Actions:
    buttons: tuple[Button, ...]


Block = Header | Section | Context | Divider | Actions


@dataclass(frozen=True)
class HomeRef:
    """The entity whose home thread a posted message becomes (``kind`` and row id)."""

    kind: Literal["paper", "technique", "gutcheck"]
    id: int


@dataclass(frozen=True)
class ThreadRef:
    channel: str
    ts: str


@dataclass
class Announcement:
    """A message posted besides the reply: into a home thread, or to the channel."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    thread: ThreadRef | None = None
    channel: str | None = None  # when no thread: post at the top of this channel
    broadcast: bool = False  # in a thread, also show it in the channel
    home: HomeRef | None = None


_DRAWINGS = itertools.count(1)


@dataclass
class CardUpdate:
    """A message posted earlier, to redraw in place with new content (a card whose state
    changed). Transports that never posted it leave it alone; one that can no longer be
    updated (deleted, too old) is skipped, never an error for the person who acted."""

    message: ThreadRef
    text: str
    blocks: list[Block] = field(default_factory=list)
    # When it was drawn, counted in this process: of two drawings of one card the later one
    # shows the later state, so a transport that gets them out of order keeps the later.
    drawn: int = field(default_factory=lambda: next(_DRAWINGS), compare=False, repr=False)


@dataclass
class Reply:
    """What a command answers.

    ``visibility="channel"`` posts the reply in the channel where the command was typed (and
    records it as the home thread of ``home``); ``"ephemeral"`` shows it to the caller only.
    ``updates`` redraw messages posted earlier (cards whose state this command changed).
    ``homes``: people besides the caller whose App Home this changed (a new reader, an owner).
    ``follow_up``: the rest of the answer, worked out once the quick part is shown. Slack
    acknowledges with the quick part (the change is recorded by then) and delivers the rest
    right after; terminals show both at once (:meth:`completed`).
    """

    text: str
    blocks: list[Block] = field(default_factory=list)
    data: dict[str, Any] | None = None
    ok: bool = True
    visibility: Literal["ephemeral", "channel"] = "ephemeral"
    home: HomeRef | None = None
    image_path: Path | None = None
    image_thread: ThreadRef | None = None  # upload the picture into this thread (else the channel)
    announcements: list[Announcement] = field(default_factory=list)
    updates: list[CardUpdate] = field(default_factory=list)
    homes: tuple[str, ...] = ()
    follow_up: Callable[[], Reply] | None = None
    home_shows_it: bool = True  # False: nothing App Home shows changed (a vote: Home has no tallies)

    def completed(self) -> Reply:
        """The whole answer at once: the quick part followed by its follow-up."""
        if self.follow_up is None:
            return self
        rest = self.follow_up().completed()
        return replace(
            self,
            blocks=[*self.blocks, *rest.blocks],
            data=rest.data if rest.data is not None else self.data,
            announcements=[*self.announcements, *rest.announcements],
            updates=[*self.updates, *rest.updates],
            homes=tuple(dict.fromkeys([*self.homes, *rest.homes])),
            follow_up=None,
            home_shows_it=self.changed_something or rest.changed_something,
        )

    @property
    def changed_something(self) -> bool:
        """A reply that posts, announces or redraws reports a change; lists and cards shown to
        the caller alone do not (so Home is refreshed only when it may be out of date)."""
        if not self.home_shows_it:
            return False
        return self.visibility == "channel" or bool(self.announcements or self.updates)


def render_text(blocks: list[Block], fallback: str = "") -> str:
    """Render neutral blocks as plain terminal text (shell, CLI)."""
    if not blocks:
        return to_plain(fallback)
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Header):
            lines += [block.text, "=" * min(len(block.text), 72)]
        elif isinstance(block, Section):
            lines.append(to_plain(block.text))
            lines += ["  " + to_plain(f).replace("\n", "\n  ") for f in block.fields]
            if block.button:
                lines.append(f"  [{block.button.label}]")
        elif isinstance(block, Context):
            lines.append("  ".join(to_plain(t) for t in block.texts))
        elif isinstance(block, Divider):
            lines.append("-" * 40)
        elif isinstance(block, Actions):
            lines.append(" ".join(f"[{b.label}]" for b in block.buttons))
    return "\n".join(lines)
