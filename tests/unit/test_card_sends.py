"""Redraws of one card reach Slack one at a time and newest last: a drawing older than the one
already sent is not sent."""

from __future__ import annotations

import threading

import pytest

from assay.replies import CardUpdate, ThreadRef
from bot.card_sends import CardSends

CARD = ("T1", "C1", "1700000000.000100")


def test_a_drawing_older_than_the_one_sent_is_not_sent() -> None:
    sends, posted = CardSends(), []
    older, newer = CardUpdate(ThreadRef("C1", "1"), "old"), CardUpdate(ThreadRef("C1", "1"), "new")
    assert older.drawn < newer.drawn  # drawn in that order
    assert sends.send(CARD, newer.drawn, lambda: posted.append(newer.text)) is True
    assert sends.send(CARD, older.drawn, lambda: posted.append(older.text)) is False
    assert posted == ["new"]
    assert sends.send(("T1", "C1", "another card"), older.drawn, lambda: posted.append("other")) is True


def test_while_one_drawing_is_being_sent_the_next_waits_its_turn() -> None:
    sends, posted = CardSends(), []
    sending, release = threading.Event(), threading.Event()

    def slow() -> None:
        sending.set()
        assert release.wait(10)
        posted.append(1)

    first = threading.Thread(target=sends.send, args=(CARD, 1, slow))
    first.start()
    assert sending.wait(10)
    second = threading.Thread(target=sends.send, args=(CARD, 2, lambda: posted.append(2)))
    second.start()
    second.join(0.2)
    assert second.is_alive() and posted == []  # waits for the first call to Slack to end
    release.set()
    first.join(10)
    second.join(10)
    assert posted == [1, 2]


def test_a_failed_send_leaves_the_card_to_be_sent_again() -> None:
    sends, posted = CardSends(), []

    def refused() -> None:
        raise OSError("Slack did not answer")

    with pytest.raises(OSError):
        sends.send(CARD, 5, refused)
    assert sends.send(CARD, 5, lambda: posted.append(5)) is True and posted == [5]


def test_only_the_newest_messages_are_remembered() -> None:
    sends = CardSends(keep=2)
    for ts in ("1", "2", "3"):
        sends.send(("T1", "C1", ts), 9, lambda: None)
    assert sends.send(("T1", "C1", "1"), 1, lambda: None) is True  # forgotten: sent again
    assert sends.send(("T1", "C1", "3"), 1, lambda: None) is False
