"""Quick follow-ups give way to acknowledgements: they start after a pause, not in a gap."""

from __future__ import annotations

import threading
import time

import pytest

from bot import followups
from bot.followups import QUIET, AckGate


def test_an_idle_gate_lets_a_follow_up_start_at_once() -> None:
    gate = AckGate()
    started = time.monotonic()
    gate.give_way(started)
    assert time.monotonic() - started < followups.MAX_DEFER


def test_a_follow_up_waits_for_a_pause_after_the_last_acknowledgement() -> None:
    gate = AckGate()
    entered, leave, done = threading.Event(), threading.Event(), threading.Event()

    def acknowledge() -> None:
        with gate.acknowledging():
            entered.set()
            leave.wait(10)

    def follow_up() -> None:
        gate.give_way(time.monotonic())
        done.set()

    ack = threading.Thread(target=acknowledge)
    ack.start()
    entered.wait(10)
    waiting = threading.Thread(target=follow_up)
    waiting.start()
    assert not done.wait(QUIET * 2)  # an acknowledgement is under way
    leave.set()
    assert done.wait(10)
    let_go = time.monotonic()
    ack.join()
    waiting.join()
    assert let_go - gate._last_done >= QUIET  # not in the gap right after it: after a pause


def test_a_burst_longer_than_max_defer_lets_the_follow_up_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(followups, "MAX_DEFER", 0.2)
    gate = AckGate()
    with gate.acknowledging():
        started = time.monotonic()
        gate.give_way(started)  # returns although the acknowledgement never ends
        assert time.monotonic() - started >= 0.2 * 0.9
