"""A technique card's redraws coalesce: one at a time per card, changes made meanwhile drawn
once more right after, the last drawing started after the last change."""

from __future__ import annotations

import threading
import time

import pytest

from assay.services.radar.redraws import Coalescer, Shared


def test_a_redraw_asked_while_one_runs_is_left_to_it_and_it_draws_again() -> None:
    coalescer = Coalescer()
    started, release = threading.Event(), threading.Event()
    draws: list[int] = []

    def draw() -> str:
        draws.append(len(draws) + 1)
        if len(draws) == 1:
            started.set()
            assert release.wait(10)
        return f"drawing {len(draws)}"

    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(coalescer.run("card", draw, nothing="-")))
    first.start()
    assert started.wait(10)
    # Two more changes while the first drawing is under way: neither draws, both are covered.
    assert coalescer.run("card", draw, nothing="-") == "-"
    assert coalescer.run("card", draw, nothing="-") == "-"
    release.set()
    first.join(10)
    assert results == ["drawing 2"] and draws == [1, 2]  # drawn once more, from the newest state
    assert coalescer.run("card", draw, nothing="-") == "drawing 3"  # idle again: draws at once


def test_other_cards_are_drawn_meanwhile() -> None:
    coalescer = Coalescer()
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        assert release.wait(10)
        return "slow"

    thread = threading.Thread(target=coalescer.run, args=("card A", slow), kwargs={"nothing": "-"})
    thread.start()
    assert started.wait(10)
    assert coalescer.run("card B", lambda: "B", nothing="-") == "B"
    release.set()
    thread.join(10)


def test_a_failed_drawing_frees_the_card_for_the_next() -> None:
    coalescer = Coalescer()

    def broken() -> str:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        coalescer.run("card", broken, nothing="-")
    assert coalescer.run("card", lambda: "drawn", nothing="-") == "drawn"


def test_a_change_older_than_the_newest_drawing_is_left_to_it_and_a_newer_one_draws() -> None:
    coalescer = Coalescer()
    before = time.monotonic()
    assert coalescer.run("card", lambda: "drawn", nothing="-", since=before) == "drawn"
    # That drawing began after the change made at ``before``: it shows it.
    assert coalescer.run("card", lambda: "again", nothing="-", since=before) == "-"
    assert coalescer.run("card", lambda: "again", nothing="-", since=time.monotonic()) == "again"


def test_a_count_that_began_after_a_vote_is_shared_and_an_older_one_is_not() -> None:
    shared: Shared[int] = Shared()
    counts: list[int] = []

    def count() -> int:
        counts.append(len(counts) + 1)
        return len(counts)

    vote = time.monotonic()
    assert shared.get("LoRA", vote, count) == 1
    assert shared.get("LoRA", vote, count) == 1  # the count began after this vote: shared
    assert shared.get("QLoRA", vote, count) == 2  # another technique counts for itself
    later = time.monotonic()
    assert shared.get("LoRA", later, count) == 3  # a vote after that count needs a new one
    assert counts == [1, 2, 3]


def test_a_vote_waits_for_a_count_under_way_that_began_after_it() -> None:
    shared: Shared[str] = Shared()
    vote = time.monotonic()
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        assert release.wait(10)
        return "tally"

    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(shared.get("LoRA", vote, slow)))
    first.start()
    assert started.wait(10)
    joined = threading.Thread(target=lambda: results.append(shared.get("LoRA", vote, lambda: "a second count")))
    joined.start()
    release.set()
    first.join(10)
    joined.join(10)
    assert results == ["tally", "tally"]


def test_a_failed_count_is_not_shared_with_the_next_vote() -> None:
    shared: Shared[str] = Shared()
    vote = time.monotonic()

    def broken() -> str:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        shared.get("LoRA", vote, broken)
    assert shared.get("LoRA", vote, lambda: "counted") == "counted"
