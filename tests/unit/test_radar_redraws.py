"""A technique card's redraws coalesce: one at a time per card, changes made meanwhile drawn
once more right after, the last drawing started after the last change."""

from __future__ import annotations

import threading

import pytest

from assay.services.radar.redraws import Coalescer


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
