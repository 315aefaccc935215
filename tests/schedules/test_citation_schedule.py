"""The daily citation refresh runs on its own: at 06:00 on the team's clocks, once a day however
many planners run, and a paper whose priority changed hears it in its home thread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from assay.clock import FixedClock
from assay.runtime import Runtime
from assay.services.schedules.runner import Jobs
from assay.services.workspaces import ensure_workspace
from assay.storage.models import Paper
from tests.conftest import Fakes
from tests.core.helpers import run, scheduled
from tests.fakes.atom import AtomEntry
from tests.fakes.notifier import RecordingNotifier

# The test clock starts Saturday 2026-11-21 09:00 UTC.


def _queue_a_paper(runtime: Runtime, fakes: Fakes, team: str = "T1") -> None:
    fakes.arxiv.add(AtomEntry("2511.00001", "Routers", published="2025-11-21T12:00:00Z", summary="A new architecture."))
    fakes.s2.add("2511.00001", citations=24)  # 2 a month: MEDIUM
    assert run(runtime, "/paper add 2511.00001", team=team).data["priority"] == "MEDIUM"  # type: ignore[index]
    with runtime.db.session() as s:  # as if posted in Slack: the card's thread is the paper's home
        paper = s.exec(select(Paper).where(Paper.arxiv_id == "2511.00001")).one()
        paper.thread_channel, paper.thread_ts = "C1", "1700.0001"


def _workspace(runtime: Runtime) -> None:
    with runtime.db.session() as session:
        ensure_workspace(session, "T1", runtime.clock.now())


def _set(clock: FixedClock, *when: int) -> None:
    clock.set(datetime(*when, tzinfo=UTC))


def test_the_refresh_runs_at_six_and_says_a_new_priority_in_the_home_thread(
    runtime: Runtime, fakes: Fakes, clock: FixedClock
) -> None:
    notifier = RecordingNotifier()
    jobs = Jobs(runtime, notifier, worker="test")
    run(runtime, "/assay settings tz=Europe/Berlin")
    _queue_a_paper(runtime, fakes)
    jobs.run_due()
    assert [(k, d) for k, d, _ in scheduled(runtime, "papers.")] == [
        ("papers.citations", datetime(2026, 11, 22, 5, 0, tzinfo=UTC))  # 06:00 in Berlin
    ]
    fakes.s2.add("2511.00001", citations=303)  # 25 a month: HIGH
    _set(clock, 2026, 11, 22, 4, 59)
    assert jobs.run_due().sent == 0 and notifier.sent == []
    _set(clock, 2026, 11, 22, 5, 0)
    assert jobs.run_due().sent == 1
    (note,) = notifier.sent
    assert (note.message.channel, note.message.thread_ts) == ("C1", "1700.0001")
    assert "`P1` is now HIGH (was MEDIUM): citations rose to 25.2 a month" in note.text
    assert [s for _, _, s in scheduled(runtime, "papers.")] == ["sent", "pending"]  # and tomorrow's


def test_many_planners_add_one_refresh_a_day(runtime: Runtime, fakes: Fakes) -> None:
    _workspace(runtime)
    for worker in ("one", "two", "three"):
        Jobs(runtime, RecordingNotifier(), worker=worker).run_due()
    assert [s for _, _, s in scheduled(runtime, "papers.")] == ["pending"]


def test_a_new_time_zone_moves_the_refresh(runtime: Runtime, fakes: Fakes) -> None:
    _workspace(runtime)
    Jobs(runtime, RecordingNotifier(), worker="test").run_due()
    assert [(d, s) for _, d, s in scheduled(runtime, "papers.")] == [
        (datetime(2026, 11, 22, 6, 0, tzinfo=UTC), "pending")
    ]
    run(runtime, "/assay settings tz=Asia/Tokyo")
    assert [(d, s) for _, d, s in scheduled(runtime, "papers.")] == [
        (datetime(2026, 11, 21, 21, 0, tzinfo=UTC), "pending")  # Sunday 06:00 in Tokyo, the same day's row
    ]


def test_a_refresh_more_than_a_day_late_is_stale_and_the_next_one_runs(
    runtime: Runtime, fakes: Fakes, clock: FixedClock
) -> None:
    jobs = Jobs(runtime, RecordingNotifier(), worker="test")
    _queue_a_paper(runtime, fakes)
    jobs.run_due()
    clock.advance(timedelta(days=2))  # down across Sunday's refresh and past its grace
    assert jobs.run_due().stale == 1
    assert [s for _, _, s in scheduled(runtime, "papers.")] == ["stale", "pending"]
