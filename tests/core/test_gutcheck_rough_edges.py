"""What a new user tripped over: wrong handles in hints, time-boxes a day short, totals without
hours, a kill criterion nobody wrote, pairing lost in silence, and negative numbers to decode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assay.clock import FixedClock
from assay.errors import UserError
from assay.runtime import Runtime
from assay.stats import Run, analyze
from assay.views.gutcheck.cards import relative
from assay.views.gutcheck.numbers import difference_text, lift_text
from tests.core.helpers import run, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry


@pytest.fixture
def paper(runtime: Runtime, fake_arxiv: FakeArxiv) -> str:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(runtime, "/paper add 2401.00001")
    return "P1"


def _start(runtime: Runtime, options: str = "") -> str:
    reply = run(runtime, f'/gutcheck start P1 claim="40% faster" metric=latency {options}')
    assert reply.data is not None
    return str(reply.data["id"])


def test_extend_without_a_time_box_names_the_gut_check_being_extended(runtime: Runtime, paper: str) -> None:
    for _ in range(3):
        _start(runtime)
    with pytest.raises(UserError, match=r"`/gutcheck decide G3 extend why=\"\.\.\.\" timebox=3d`"):
        run(runtime, '/gutcheck decide G3 extend why="more data"')


@pytest.mark.parametrize(
    ("box", "shown"), [("7d", "(in 7 days)"), ("3d", "(in 3 days)"), ("36h", "(in 1 day 12 hours)")]
)
def test_a_fresh_time_box_shows_its_whole_length(
    runtime: Runtime, paper: str, clock: FixedClock, box: str, shown: str
) -> None:
    clock.advance(timedelta(milliseconds=1))  # a real clock has moved on by the time the card is drawn
    start = run(runtime, f'/gutcheck start P1 claim="x" metric=m timebox={box}')
    clock.advance(timedelta(milliseconds=5))
    assert shown in text_of(start)
    assert shown in text_of(run(runtime, "/gutcheck status G1"))


def test_relative_times_round_to_the_minute_and_keep_two_units() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert relative(now + timedelta(days=2, hours=23), now) == "in 2 days 23 hours"
    assert relative(now + timedelta(hours=5, minutes=3, seconds=20), now) == "in 5 hours 3 minutes"
    assert relative(now - timedelta(hours=2), now) == "2 hours ago"
    assert relative(now + timedelta(seconds=20), now) == "in less than a minute"


def test_extension_totals_keep_the_hours(runtime: Runtime, paper: str) -> None:
    _start(runtime, "timebox=36h")
    reply = run(runtime, '/gutcheck decide G1 extend why="GPU queue" timebox=1w')
    assert "planned 1d 12h, now 1w 1d 12h" in text_of(reply)


def test_the_sunk_cost_warning_never_quotes_a_kill_criterion_nobody_wrote(runtime: Runtime, paper: str) -> None:
    _start(runtime)
    run(runtime, '/gutcheck decide G1 extend why="one more week" timebox=1w')
    second = text_of(run(runtime, '/gutcheck decide G1 extend why="almost" timebox=1w'))
    assert "Extension number 2" in second
    assert "no kill criterion was written at the start" in second and "“a regression”" not in second


def test_one_extra_seed_says_the_runs_are_no_longer_paired_and_which_run(runtime: Runtime, paper: str) -> None:
    _start(runtime, "claimed-lift=10%")
    run(runtime, "/gutcheck log G1 baseline 100 101 99 seeds=1,2,3")
    paired = run(runtime, "/gutcheck log G1 method 90 91 88 seeds=1,2,3")
    assert paired.data is not None and paired.data["paired"] is True and paired.data["pairing_lost"] is False
    extra = run(runtime, "/gutcheck log G1 method 89 seeds=4")
    assert extra.data is not None and extra.data["paired"] is False and extra.data["pairing_lost"] is True
    text = text_of(extra)
    assert "No longer paired:" in text and "run #7 (method, seed 4) has no partner" in text
    assert "Welch's t test instead of the paired t test" in text
    status = text_of(run(runtime, "/gutcheck status G1"))
    assert "1 run has no partner with the same seed in the other arm (run #7 (method, seed 4))" in status


def test_a_regression_on_a_lower_is_better_metric_is_worded_as_worse() -> None:
    latency = [Run(v) for v in (12.0, 12.5, 11.8, 12.2)]
    slower = [Run(v) for v in (18.6, 18.2, 19.0, 18.9)]
    analysis = analyze(latency, slower, higher_is_better=False, claimed_lift_pct=40)
    lift = lift_text(analysis)
    assert "(worse than the baseline)" in lift and "none of the claim retained" in lift
    assert "% of the claim retained" not in lift
    assert "mean +6.55 (method higher: worse)" in difference_text(analysis)


def test_a_gain_on_a_lower_is_better_metric_is_worded_as_better() -> None:
    latency = [Run(v) for v in (12.0, 12.5, 11.8, 12.2)]
    faster = [Run(v) for v in (7.1, 7.3, 6.9, 7.2)]
    analysis = analyze(latency, faster, higher_is_better=False, claimed_lift_pct=40)
    assert "(method lower: better)" in difference_text(analysis)
    assert "worse" not in lift_text(analysis)
