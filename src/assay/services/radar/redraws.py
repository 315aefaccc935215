"""One redraw of a technique's card at a time: the changes made while it is worked out are
drawn once, by the same redraw, right after.

A burst of votes on one technique (a team voting in the meeting) would otherwise work out and
send the card once per vote: the same queries and ``chat.update`` of the same message dozens
of times, against Slack's rate limit for ``chat.update``. Here the follow-up of a vote that
finds the card's redraw already under way leaves it to that redraw and only marks the card
as changed; the redraw, when done, sees the mark and draws the card again from what is in
the database then. So the last drawing always starts after the last change it must show.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Coalescer:
    """Keyed single-flight with a re-run: see :meth:`run`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changed: dict[Hashable, bool] = {}  # key being drawn → changed again since it started

    def run(self, key: Hashable, draw: Callable[[], T], *, nothing: T) -> T:
        """``draw()`` now, again while changes arrived during it, and its last result; or
        ``nothing`` at once when a draw of ``key`` is under way (that draw will run again)."""
        with self._lock:
            if key in self._changed:
                self._changed[key] = True
                return nothing
            self._changed[key] = False
        try:
            while True:
                result = draw()
                with self._lock:
                    if not self._changed[key]:
                        del self._changed[key]
                        return result
                    self._changed[key] = False
        except BaseException:
            with self._lock:
                self._changed.pop(key, None)
            raise


TECHNIQUE_CARDS = Coalescer()
