"""Where the work that follows an acknowledgement runs: two pools of its own.

A listener thread that did that work itself would hold one of the 32 listener threads, and
a command arriving meanwhile would wait for a thread before it could even be acknowledged.
So the listener acknowledges and hands the rest over:

- ``quick`` follow-ups (a tally, a redrawn card, App Home: reads and Slack calls) go to a
  small pool, so that under a burst they queue behind the acknowledgements instead of taking
  the interpreter from them, and drain right after;
- ``slow`` commands (arXiv, a PDF, a picture: seconds each, mostly waiting on outside
  services) go to a large one, so 200 at once all start.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from slack_bolt import App

log = logging.getLogger(__name__)
Kind = Literal["quick", "slow"]
THREADS: dict[Kind, int] = {"quick": 1, "slow": 128}
_POOLS: weakref.WeakKeyDictionary[App, dict[Kind, ThreadPoolExecutor]] = weakref.WeakKeyDictionary()


def pool_of(app: App, kind: Kind) -> ThreadPoolExecutor:
    """The app's pool of that kind (made on first use)."""
    pools = _POOLS.setdefault(app, {})
    if kind not in pools:
        pools[kind] = ThreadPoolExecutor(max_workers=THREADS[kind], thread_name_prefix=f"assay-{kind}")
    return pools[kind]


def run_later(app: App, work: Callable[[], None], kind: Kind = "quick") -> None:
    """Run ``work`` in the app's pool of ``kind``; an exception it lets out is logged."""

    def guarded() -> None:
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
