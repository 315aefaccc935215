"""Where the work that follows an acknowledgement runs: two pools of its own.

A listener thread that did that work itself would hold one of the 32 listener threads, and
a command arriving meanwhile would wait for a thread before it could even be acknowledged.
So the listener acknowledges and hands the rest over:

- ``quick`` follow-ups (a tally, a redrawn card, App Home: reads and Slack calls) go to a
  small pool that gives way to acknowledgements: each starts once no request has been
  acknowledged for ``QUIET`` seconds (or after waiting ``MAX_DEFER``), so under a burst they queue behind
  the acknowledgements instead of taking the interpreter and the CPU from them, and drain
  right after. An acknowledgement has a 3-second deadline; a follow-up has none;
- ``slow`` commands (arXiv, a PDF, a picture: seconds each, mostly waiting on outside
  services) go to a pool of 24 threads, fewer than PostgreSQL's 30 pooled connections so
  that they never take the last one from the listeners; they give way the same way. 200
  at once are all acknowledged at once and answered within 200 × their time / 24.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Literal

from slack_bolt import App

log = logging.getLogger(__name__)
Kind = Literal["quick", "slow"]
THREADS: dict[Kind, int] = {"quick": 2, "slow": 24}
MAX_DEFER = 5.0  # seconds a follow-up gives way to acknowledgements, at most
QUIET = 0.05  # seconds without an acknowledgement after which quick follow-ups start
_POOLS: weakref.WeakKeyDictionary[App, dict[Kind, ThreadPoolExecutor]] = weakref.WeakKeyDictionary()


class AckGate:
    """Counts the requests being acknowledged; quick follow-ups wait for a pause with none."""

    def __init__(self) -> None:
        self._busy = 0
        self._last_done = 0.0  # when the last acknowledgement ended (monotonic)
        self._idle = threading.Condition()

    @contextmanager
    def acknowledging(self) -> Iterator[None]:
        with self._idle:
            self._busy += 1
        try:
            yield
        finally:
            with self._idle:
                self._busy -= 1
                self._last_done = time.monotonic()
                if self._busy == 0:
                    self._idle.notify_all()

    def give_way(self, since: float) -> None:
        """Return once no request has been acknowledged for ``QUIET`` seconds, or MAX_DEFER
        after ``since``. A pause, not a moment: in a burst the next request arrives a moment
        after the last was answered, and a follow-up started in that gap would take the
        interpreter from every acknowledgement of the burst until it ends."""
        deadline = since + MAX_DEFER
        with self._idle:
            while (now := time.monotonic()) < deadline:
                if self._busy:
                    self._idle.wait(deadline - now)
                elif now - self._last_done < QUIET:
                    self._idle.wait(min(deadline, self._last_done + QUIET) - now)
                else:
                    return


_GATES: weakref.WeakKeyDictionary[App, AckGate] = weakref.WeakKeyDictionary()


def gate_of(app: App) -> AckGate:
    """The app's gate: the HTTP front counts requests through it (bot/server.py)."""
    return _GATES.setdefault(app, AckGate())


def pool_of(app: App, kind: Kind) -> ThreadPoolExecutor:
    """The app's pool of that kind (made on first use)."""
    pools = _POOLS.setdefault(app, {})
    if kind not in pools:
        pools[kind] = ThreadPoolExecutor(max_workers=THREADS[kind], thread_name_prefix=f"assay-{kind}")
    return pools[kind]


def run_later(app: App, work: Callable[[], None], kind: Kind = "quick") -> None:
    """Run ``work`` in the app's pool of ``kind``; an exception it lets out is logged."""

    queued = time.monotonic()

    def guarded() -> None:
        gate_of(app).give_way(queued)
        try:
            work()
        except Exception:
            log.exception("the work that followed an acknowledgement failed")

    pool_of(app, kind).submit(guarded)


def finish_follow_ups(app: App) -> None:
    """Wait for the work already handed over (at shutdown, after the listeners): slow
    commands first, since they end by handing quick follow-ups over."""
    pools = _POOLS.pop(app, {})
    for kind in ("slow", "quick"):
        if kind in pools:
            pools[kind].shutdown(wait=True)
