"""Where scheduled messages go: Slack (``bot.notifier``) or the local console.

The scheduler only knows this protocol, so the core stays Slack-free: ``assay serve`` hands it
the Slack notifier, ``assay shell`` and ``assay jobs run-due`` without Slack credentials a
:class:`PrintNotifier` that writes each message to the terminal.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TextIO

from assay.replies import render_text
from assay.services.schedules.messages import OutgoingMessage


class DeliveryError(Exception):
    """Posting failed. ``retry`` says whether trying again later may work (429, 5xx, timeouts)
    or not (the channel is gone, the bot was removed); ``reason`` is for people, without secrets.
    ``maybe_sent``: no answer came (a timeout), so the post may have gone through."""

    def __init__(self, reason: str, *, retry: bool, maybe_sent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.maybe_sent = maybe_sent


class CannotVerify(Exception):
    """The notifier cannot tell whether an interrupted delivery reached Slack."""


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


class Notifier(Protocol):
    def post(self, team_id: str, message: OutgoingMessage, marker: str) -> Posted:
        """Post ``message`` in workspace ``team_id``, tagged with ``marker`` so that
        :meth:`find_posted` can recognise it later; raises DeliveryError."""
        ...

    def find_posted(self, team_id: str, message: OutgoingMessage, marker: str, since: datetime) -> Posted | None:
        """The message tagged ``marker`` if it was posted after ``since``, None if it was not;
        raises CannotVerify when there is no way to tell."""
        ...


class PrintNotifier:
    """Scheduled posts for a terminal: each message rendered as text with where it would go."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self._lock = threading.Lock()
        self._count = 0

    def post(self, team_id: str, message: OutgoingMessage, marker: str) -> Posted:
        del marker
        with self._lock:
            self._count += 1
            body = render_text(message.blocks, message.text)
            print(f"\n[scheduled post · {message.where}]\n{body}\n", file=self.out, flush=True)
            return Posted(message.channel or message.user or team_id, f"local.{self._count:06d}")

    def find_posted(self, team_id: str, message: OutgoingMessage, marker: str, since: datetime) -> Posted | None:
        # A terminal has no history to look in; printing again after a crash is harmless.
        return None
