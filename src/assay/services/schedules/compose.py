"""What a producer item turns into at its due time: messages, and changes made with them.

A composer reads the database as it is at delivery time (so an agenda or a digest shows the
latest state), and has no side effects of its own: the dispatcher stores its messages and
applies its follow-ups in the same transaction that marks the item done, so a crash while
composing leaves the item to be composed again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from assay.runtime import Runtime
from assay.services.schedules.messages import OutgoingMessage
from assay.storage.models import ScheduledItem

FollowUp = Callable[[Session, datetime], None]


@dataclass
class Composition:
    messages: list[OutgoingMessage] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)  # run in the marking transaction


class Stale(Exception):
    """Too late to matter (the meeting has started, the time-box is over): marked stale."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Moot(Exception):
    """Nothing to say any more (the gut check was decided, the technique moved): cancelled."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Composer = Callable[[Runtime, ScheduledItem, datetime], Composition]
