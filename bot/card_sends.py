"""``chat.update`` of one card one call at a time, the newest drawing last.

Two follow-ups can redraw the same card at once (two votes on one technique): the drawing
made second shows the later state, but its ``chat.update`` could reach Slack first and leave
the card one vote behind. Here the calls for one message take turns, and a drawing older
than the one already sent for that message is not sent at all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

KEEP = 10_000  # messages remembered; the oldest are forgotten first


@dataclass
class _Message:
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0  # the newest drawing sent for it


class CardSends:
    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._lock = threading.Lock()
        self._messages: OrderedDict[Hashable, _Message] = OrderedDict()

    def send(self, message: Hashable, drawn: int, post: Callable[[], object]) -> bool:
        """``post()`` unless a newer drawing of ``message`` was sent; True when it was posted.
        A ``post`` that raises leaves the message as it was (the exception goes on)."""
        state = self._state(message)
        with state.lock:
            if drawn <= state.sent:
                return False
            post()
            state.sent = drawn
            return True

    def _state(self, message: Hashable) -> _Message:
        with self._lock:
            state = self._messages.get(message)
            if state is None:
                state = self._messages[message] = _Message()
                if len(self._messages) > self._keep:
                    self._messages.popitem(last=False)
            else:
                self._messages.move_to_end(message)
            return state


CARD_SENDS = CardSends()
