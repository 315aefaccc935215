"""One redraw of a technique's card at a time, and one count of its tally for many voters.

A burst of votes on one technique (a team voting in the meeting) would otherwise work out and
send the card once per vote: the same queries and ``chat.update`` of the same message dozens
of times, against Slack's rate limit for ``chat.update``. Here the follow-up of a vote that
finds the card's redraw already under way leaves it to that redraw and only marks the card
as changed; the redraw, when done, sees the mark and draws the card again from what is in
the database then. So the last drawing always starts after the last change it must show. A
follow-up whose change is older than the newest drawing's start sends nothing: that drawing
shows it.

The tally each vote's follow-up tells its voter is shared the same way (:class:`Shared`): a
count that began after a vote was recorded includes it, so that vote's follow-up takes that
count (under way or done) instead of counting again.

Moments are ``time.monotonic()`` of this process; a change's moment is taken once it is
committed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
KEEP_SECONDS = 60.0  # how long the moment of a drawing and a count's result are kept


class Coalescer:
    """Keyed single-flight with a re-run: see :meth:`run`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changed: dict[Hashable, bool] = {}  # key being drawn → changed again since it started
        self._began: dict[Hashable, float] = {}  # key → when its newest drawing began

    def run(self, key: Hashable, draw: Callable[[], T], *, nothing: T, since: float | None = None) -> T:
        """``draw()`` now, again while changes arrived during it, and its last result; or
        ``nothing`` at once when a draw of ``key`` is under way (that draw will run again),
        or when one began after the change made at ``since`` (it shows that change)."""
        with self._lock:
            if since is not None and self._began.get(key, float("-inf")) >= since:
                return nothing
            if key in self._changed:
                self._changed[key] = True
                return nothing
            self._changed[key] = False
            self._began[key] = _now_pruned(self._began)
        try:
            while True:
                result = draw()
                with self._lock:
                    if not self._changed[key]:
                        del self._changed[key]
                        return result
                    self._changed[key] = False
                    self._began[key] = time.monotonic()
        except BaseException:
            with self._lock:
                self._changed.pop(key, None)
            raise


class _Run(Generic[T]):
    def __init__(self, started: float) -> None:
        self.started = started
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None


class Shared(Generic[T]):
    """Keyed: a result worked out after a given moment, shared by all who need one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: dict[Hashable, _Run[T]] = {}  # key → its newest run, under way or done

    def get(self, key: Hashable, since: float, work: Callable[[], T]) -> T:
        """``work()``'s result from a run that began at ``since`` or later: one under way or
        done, or a new one."""
        with self._lock:
            run = self._runs.get(key)
            mine = run is None or run.started < since or (run.done.is_set() and run.error is not None)
            if mine:
                run = _Run(time.monotonic())
                self._runs = {k: r for k, r in self._runs.items() if r.started > run.started - KEEP_SECONDS}
                self._runs[key] = run
        assert run is not None
        if not mine:
            run.done.wait()
            if run.error is not None:
                raise run.error
            return run.result  # type: ignore[return-value]  # set when done without an error
        try:
            result = run.result = work()
        except BaseException as exc:
            run.error = exc
            raise
        finally:
            run.done.set()
        return result


def _now_pruned(began: dict[Hashable, float]) -> float:
    """Now, after dropping the moments older than KEEP_SECONDS (the caller holds the lock)."""
    now = time.monotonic()
    for key in [k for k, at in began.items() if at < now - KEEP_SECONDS]:
        del began[key]
    return now


TECHNIQUE_CARDS = Coalescer()
