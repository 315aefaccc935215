"""A recording notifier: what the scheduler would post, without Slack (a fake, not a mock)."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import datetime

from assay.replies import render_text
from assay.services.schedules.messages import OutgoingMessage
from assay.services.schedules.notifier import CannotVerify, DeliveryError, Posted


@dataclass
class Sent:
    team_id: str
    message: OutgoingMessage
    marker: str
    ts: str

    @property
    def text(self) -> str:
        return render_text(self.message.blocks, self.message.text)


@dataclass
class RecordingNotifier:
    sent: list[Sent] = field(default_factory=list)
    failures: list[DeliveryError] = field(default_factory=list)  # raised by the next posts, in order
    history_readable: bool = True
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def post(self, team_id: str, message: OutgoingMessage, marker: str) -> Posted:
        with self._lock:
            if self.failures:
                raise self.failures.pop(0)
            ts = f"1800000000.{next(self._ts):06d}"
            self.sent.append(Sent(team_id, message, marker, ts))
            return Posted(message.channel or f"D-{message.user}", ts)

    def find_posted(self, team_id: str, message: OutgoingMessage, marker: str, since: datetime) -> Posted | None:
        if not self.history_readable:
            raise CannotVerify("no history here")
        with self._lock:
            for sent in self.sent:
                if sent.marker == marker and sent.team_id == team_id:
                    return Posted(message.channel or "", sent.ts)
        return None

    def texts(self) -> list[str]:
        with self._lock:
            return [s.text for s in self.sent]
