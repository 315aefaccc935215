"""Recurring and dated posts: the weekly digest, review reminders, watches, due dates and
prediction reviews, each at its time on the team's clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assay.clock import FixedClock
from assay.runtime import Runtime
from assay.services.schedules.runner import Jobs
from tests.conftest import Fakes
from tests.core.helpers import run, scheduled
from tests.core.paper_rows import store_paper
from tests.fakes.atom import AtomEntry
from tests.fakes.notifier import RecordingNotifier

# The test clock starts Saturday 2026-11-21 09:00 UTC.


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def jobs(runtime: Runtime, notifier: RecordingNotifier) -> Jobs:
    return Jobs(runtime, notifier, worker="test")


def at(runtime: Runtime, *when: int, tz: timedelta = timedelta(0)) -> datetime:
    clock = runtime.clock
    assert isinstance(clock, FixedClock)
    instant = datetime(*when, tzinfo=UTC) - tz
    clock.set(instant)
    return instant


def test_the_weekly_digest_reaches_its_channel_with_the_weeks_papers(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    reply = run(runtime, '/assay settings tz=Europe/Berlin digest="mon 09:00" digest-channel=<#CDIGEST>')
    assert reply.data is not None and reply.data["next_digest"] == "2026-11-23T09:00:00+01:00"
    store_paper(runtime, "Mixture of Depths", priority="HIGH", priority_score=8)
    run(runtime, "/radar add LoRA ring=TRIAL owner=@UBOB next=benchmark")
    at(runtime, 2026, 11, 23, 7, 59)
    assert jobs.run_due().sent == 0
    at(runtime, 2026, 11, 23, 8, 0)  # 09:00 in Berlin
    assert jobs.run_due().sent == 1
    (digest,) = notifier.sent
    assert digest.message.channel == "CDIGEST"
    assert "Mixture of Depths" in digest.text and "1 paper added" in digest.text
    assert "LoRA" in digest.text and "new in TRIAL" in digest.text
    at(runtime, 2026, 11, 30, 8, 0)  # the next Monday: a quiet week posts nothing
    assert jobs.run_due().sent == 0
    assert [s for _, _, s in scheduled(runtime, "digest.")] == ["sent", "sent", "pending"]


def test_digest_off_cancels_the_planned_digest(runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier) -> None:
    run(runtime, '/assay settings digest="mon 09:00" digest-channel=<#CDIGEST>')
    store_paper(runtime, "Mixture of Depths")
    reply = run(runtime, "/assay settings digest=off")
    assert reply.data is not None and reply.data["digest"] is None and "weekly digest off" in reply.text
    at(runtime, 2026, 11, 23, 9, 0)
    assert jobs.run_due().sent == 0


def test_a_digest_set_where_it_was_typed_goes_to_that_channel(runtime: Runtime) -> None:
    reply = run(runtime, '/assay settings digest="fri 16:00"', channel="CHERE")
    assert reply.data is not None and reply.data["digest_channel"] == "CHERE"


def test_a_due_trial_technique_sends_its_owner_a_dm_then_a_nudge_a_week_later(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    run(runtime, "/assay settings tz=America/New_York")
    run(runtime, '/radar add LoRA ring=TRIAL owner=@UBOB next="benchmark on our data" due=2026-11-25')
    at(runtime, 2026, 11, 25, 13, 59)
    assert jobs.run_due().sent == 0
    at(runtime, 2026, 11, 25, 14, 0)  # 09:00 EST
    assert jobs.run_due().sent == 1
    assert notifier.sent[0].message.user == "UBOB" and "is due today" in notifier.sent[0].text
    at(runtime, 2026, 12, 2, 14, 0)
    assert jobs.run_due().sent == 1
    assert "7 days ago" in notifier.sent[1].text


def test_moving_a_technique_out_of_trial_cancels_its_reminders(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    run(runtime, '/radar add LoRA ring=TRIAL owner=@UBOB next="benchmark" due=2026-11-25')
    run(runtime, '/radar move LoRA ADOPT why="it won the benchmark"')
    at(runtime, 2026, 12, 9, 9, 0)
    assert jobs.run_due().sent == 0
    assert {s for _, _, s in scheduled(runtime, "radar.")} == {"cancelled"}


def test_a_new_due_date_replans_the_reminder(runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier) -> None:
    run(runtime, '/radar add LoRA ring=TRIAL owner=@UBOB next="benchmark" due=2026-11-25')
    run(runtime, "/radar edit LoRA due=2026-11-27")
    at(runtime, 2026, 11, 25, 9, 0)
    assert jobs.run_due().sent == 0
    at(runtime, 2026, 11, 27, 9, 0)
    assert jobs.run_due().sent == 1 and "2026-11-27" not in notifier.sent[0].text  # "due today"


def test_a_prediction_is_brought_back_on_its_review_date_until_resolved(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    store_paper(runtime, "Mixture of Depths")
    run(runtime, '/predict P1 "we ship it by spring" by=2026-12-15 p=0.6', channel="CPRED")
    run(runtime, '/predict P1 "the speed-up holds" by=2026-12-15 p=0.3', channel="CPRED")
    run(runtime, "/predict resolve F2 false")
    at(runtime, 2026, 12, 15, 9, 0)
    assert jobs.run_due().sent == 1
    (sent,) = notifier.sent
    assert sent.message.channel == "CPRED" and "F1" in sent.text and "[It came true]" in sent.text


def test_the_review_reminder_posts_the_agenda_at_the_lead_time(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    reply = run(runtime, '/review schedule "first tue 10:00" tz=Europe/Berlin lead=1d', channel="CREVIEW")
    assert reply.data == {"next": "2026-12-01T10:00:00+01:00"}
    run(runtime, '/radar add "Speculative decoding"')
    run(runtime, '/review nominate "speculative decoding" why="two teams asked"')
    at(runtime, 2026, 11, 30, 8, 59)
    assert jobs.run_due().sent == 0
    at(runtime, 2026, 11, 30, 9, 0)
    assert jobs.run_due().sent == 1
    (sent,) = notifier.sent
    assert sent.message.channel == "CREVIEW" and "Research review agenda" in sent.text
    assert sent.message.see == "/review agenda"  # where to read it all if it is cut to one message
    assert "Speculative decoding" in sent.text and "two teams asked" in sent.text


def test_with_no_lead_time_the_agenda_goes_out_as_the_meeting_starts(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    run(runtime, '/review schedule "first tue 10:00" tz=UTC lead=0m', channel="CREVIEW")
    at(runtime, 2026, 12, 1, 10, 0, 20)  # the scheduler's minute tick comes a little after
    assert jobs.run_due().sent == 1 and "Research review agenda" in notifier.sent[0].text


def test_a_review_reminder_delivered_after_the_meeting_is_stale_and_on_the_agenda(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    run(runtime, '/review schedule "first tue 10:00" tz=UTC lead=1d', channel="CREVIEW")
    at(runtime, 2026, 12, 1, 10, 31)  # the bot was down across the reminder and the meeting
    report = jobs.run_due()
    assert (report.sent, report.stale) == (0, 1)
    agenda = run(runtime, "/review agenda")
    assert agenda.data is not None and agenda.data["stale"][0]["kind"] == "review.reminder"
    assert "Not delivered on time" in agenda.text or "review reminder" in str(agenda.blocks)


def test_the_watch_runs_once_a_day_and_posts_only_new_papers(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier, fakes: Fakes
) -> None:
    entry = AtomEntry("2611.00002", "Fastformer", published="2026-11-20T12:00:00Z")
    fakes.arxiv.add(entry)
    fakes.listing.announce(entry, "new", "cs.LG")
    at(runtime, 2026, 11, 23, 8, 0)  # Monday
    run(runtime, "/paper watch cs.LG", channel="CWATCH")
    at(runtime, 2026, 11, 23, 9, 0)
    assert jobs.run_due().sent == 1
    assert notifier.sent[0].message.channel == "CWATCH" and "Fastformer" in notifier.sent[0].text
    at(runtime, 2026, 11, 24, 9, 0)
    assert jobs.run_due().sent == 0  # the same listing the next day: nothing new, no post
    assert [s for _, _, s in scheduled(runtime, "watch.")] == ["sent", "sent", "pending"]


def test_east_of_the_listing_the_watch_waits_for_the_days_list(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier, fakes: Fakes
) -> None:
    """09:00 in Tokyo is midnight UTC, before arXiv rebuilds its feeds: the run goes at 06:00 UTC."""
    entry = AtomEntry("2611.00002", "Fastformer", published="2026-11-20T12:00:00Z")
    fakes.arxiv.add(entry)
    fakes.listing.announce(entry, "new", "cs.LG")
    run(runtime, "/assay settings tz=Asia/Tokyo")
    at(runtime, 2026, 11, 23, 8, 0)  # 17:00 in Tokyo: today's run is past, tomorrow's is planned
    run(runtime, "/paper watch cs.LG", channel="CWATCH")
    at(runtime, 2026, 11, 24, 0, 0)  # 09:00 in Tokyo
    assert jobs.run_due().sent == 0
    at(runtime, 2026, 11, 24, 6, 0)  # 15:00 in Tokyo
    assert jobs.run_due().sent == 1 and "Fastformer" in notifier.sent[0].text


def test_a_new_time_zone_moves_wall_clock_reminders(runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier) -> None:
    run(runtime, '/radar add LoRA ring=TRIAL owner=@UBOB next="benchmark" due=2026-11-25')
    run(runtime, "/assay settings tz=Asia/Tokyo")
    at(runtime, 2026, 11, 25, 0, 0)  # 09:00 in Tokyo
    assert jobs.run_due().sent == 1


def test_the_digest_counts_reading_passes_once_however_often_revised(
    runtime: Runtime, jobs: Jobs, notifier: RecordingNotifier
) -> None:
    run(runtime, '/assay settings digest="mon 09:00" digest-channel=<#CDIGEST>')
    store_paper(runtime, "Mixture of Depths")
    run(runtime, '/pass 1 P1 claim="x" decision=continue', user="UANN")
    run(runtime, '/pass 1 P1 claim="x, revised" decision=continue', user="UANN")
    run(runtime, '/pass 2 P1 technique="y" decision=stop', user="UANN")
    run(runtime, '/pass 1 P1 claim="z" decision=stop', user="UBOB")
    at(runtime, 2026, 11, 23, 9, 0)
    assert jobs.run_due().sent == 1
    assert "3 reading passes completed" in notifier.sent[0].text
