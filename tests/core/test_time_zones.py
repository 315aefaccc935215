"""Every time Assay shows is on the workspace's clocks, with the zone's abbreviation."""

from __future__ import annotations

import pytest

from assay.runtime import Runtime
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper

# The test clock stands at 2026-11-21 09:00 UTC; a 7-day time-box ends 2026-11-28 09:00 UTC.


@pytest.fixture
def berlin(runtime: Runtime) -> Runtime:
    run(runtime, "/assay settings tz=Europe/Berlin")
    store_paper(runtime, "Token Merging for Cheap Inference")
    return runtime


def test_gut_check_deadlines_show_in_the_workspace_zone(berlin: Runtime) -> None:
    started = text_of(run(berlin, '/gutcheck start P1 claim="fewer tokens" metric=tokens'))
    assert "2026-11-28 10:00 CET" in started and "UTC" not in started
    assert "2026-11-28 10:00 CET" in text_of(run(berlin, "/gutcheck status G1"))
    assert "2026-11-28 10:00 CET" in text_of(run(berlin, "/gutcheck list"))


def test_radar_history_shows_in_the_workspace_zone(berlin: Runtime) -> None:
    run(berlin, "/radar add LoRA")
    history = text_of(run(berlin, "/radar history LoRA"))
    assert "2026-11-21 10:00 CET" in history and "UTC" not in history


def test_a_summer_time_shows_its_summer_abbreviation(runtime: Runtime) -> None:
    run(runtime, "/assay settings tz=America/New_York")
    store_paper(runtime, "Token Merging for Cheap Inference")
    run(runtime, '/gutcheck start P1 claim="fewer tokens" metric=tokens timebox=1w')
    assert "2026-11-28 04:00 EST" in text_of(run(runtime, "/gutcheck status G1"))


def test_reading_notes_and_runs_show_the_workspace_zone(berlin: Runtime) -> None:
    note = text_of(run(berlin, '/pass 1 P1 claim="x" decision=continue'))
    assert "2026-11-21 10:00 CET" in note
    run(berlin, '/gutcheck start P1 claim="fewer tokens" metric=tokens')
    run(berlin, "/gutcheck log G1 baseline 1 2 3")
    assert "2026-11-21 10:00 CET" in text_of(run(berlin, "/gutcheck runs G1"))


def test_without_a_setting_times_are_utc(runtime: Runtime) -> None:
    store_paper(runtime, "Token Merging for Cheap Inference")
    assert "2026-11-28 09:00 UTC" in text_of(run(runtime, '/gutcheck start P1 claim="x" metric=tokens'))


def test_the_zone_is_read_at_once_even_inside_a_write(berlin: Runtime) -> None:
    """A first ``ctx.now()`` inside a unit of work that writes: on SQLite a second write
    transaction would wait for the first one's lock until it timed out."""
    from sqlalchemy import text

    from assay.commands.context import Ctx

    ctx = Ctx("T1", "U1", "C1", berlin)
    with berlin.db.session() as session:
        session.execute(text("UPDATE workspace SET name = name"))  # holds the write lock
        assert ctx.timezone == "Europe/Berlin"
