"""Schedule arithmetic at any instant: month ends, DST both ways, ordinal weekdays, leap days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from assay.errors import UserError
from assay.scheduling.calendar import at_local, local_text, next_fire, next_working_day
from assay.scheduling.phrases import parse_recurrence


def fire(phrase: str, tz: str, after: datetime) -> str:
    found = next_fire(parse_recurrence(phrase).cron, tz, after)
    assert found is not None
    return local_text(found, tz, with_weekday=True)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "after", "expected"),
    [
        ("Europe/Berlin", utc(2026, 12, 1, 8, 59), "Tue 2026-12-01 10:00 CET"),
        ("Europe/Berlin", utc(2026, 12, 1, 9, 0), "Tue 2027-01-05 10:00 CET"),  # at the instant: the next one
        ("America/New_York", utc(2027, 2, 28), "Tue 2027-03-02 10:00 EST"),
        ("America/New_York", utc(2027, 3, 3), "Tue 2027-04-06 10:00 EDT"),  # after the US change
        ("Asia/Tokyo", utc(2026, 12, 31, 12), "Tue 2027-01-05 10:00 JST"),
        ("Australia/Sydney", utc(2027, 3, 15), "Tue 2027-04-06 10:00 AEST"),  # after Sydney leaves DST
    ],
)
def test_first_tuesday_in_several_time_zones(tz: str, after: datetime, expected: str) -> None:
    assert fire("first tue 10:00", tz, after) == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (utc(2027, 1, 30), "Fri 2027-02-26 16:00 CET"),
        (utc(2028, 2, 1), "Fri 2028-02-25 16:00 CET"),  # a leap February
        (utc(2027, 12, 31, 16), "Fri 2028-01-28 16:00 CET"),  # over a year end
        (utc(2027, 10, 1), "Fri 2027-10-29 16:00 CEST"),  # the last Friday before the October change
    ],
)
def test_last_friday_of_the_month(after: datetime, expected: str) -> None:
    assert fire("last fri of month 16:00", "Europe/Berlin", after) == expected


def test_a_month_end_day_skips_months_without_it_and_a_leap_day_waits_for_a_leap_year() -> None:
    assert fire("0 9 31 * *", "UTC", utc(2027, 3, 31, 10)) == "Mon 2027-05-31 09:00 UTC"
    assert fire("0 9 29 2 *", "UTC", utc(2026, 12, 1)) == "Tue 2028-02-29 09:00 UTC"


def test_a_time_skipped_by_spring_forward_happens_just_after_the_gap() -> None:
    assert fire("every sun 02:30", "Europe/Berlin", utc(2027, 3, 27)) == "Sun 2027-03-28 03:30 CEST"
    assert fire("every sun 02:30", "America/New_York", utc(2027, 3, 13)) == "Sun 2027-03-14 03:30 EDT"


def test_a_time_repeated_by_fall_back_happens_once() -> None:
    cron = parse_recurrence("daily 02:30").cron
    first = next_fire(cron, "Europe/Berlin", utc(2026, 10, 24, 12))
    assert first is not None and local_text(first, "Europe/Berlin") == "2026-10-25 02:30 CEST"
    second = next_fire(cron, "Europe/Berlin", first)
    assert second is not None and local_text(second, "Europe/Berlin") == "2026-10-26 02:30 CET"


def test_weekly_schedules_keep_their_wall_time_across_dst() -> None:
    cron = parse_recurrence("every mon 09:00").cron
    before = next_fire(cron, "Europe/Berlin", utc(2026, 10, 13))
    after = next_fire(cron, "Europe/Berlin", utc(2026, 10, 27))
    assert before is not None and after is not None
    assert (before.hour, after.hour) == (7, 8)  # 09:00 CEST is 07:00 UTC, 09:00 CET is 08:00 UTC


def test_a_local_date_and_time_become_one_instant() -> None:
    assert at_local(date(2027, 3, 28), time(2, 30), "Europe/Berlin") == utc(2027, 3, 28, 1, 30)
    assert at_local(date(2026, 10, 25), time(2, 30), "Europe/Berlin") == utc(2026, 10, 25, 0, 30)
    assert at_local(date(2026, 12, 1), time(9, 0), "Asia/Kolkata") == utc(2026, 12, 1, 3, 30)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (utc(2026, 12, 4, 16), "Mon 2026-12-07 17:00 CET"),  # Friday → Monday
        (utc(2026, 12, 5, 16), "Mon 2026-12-07 17:00 CET"),  # Saturday → Monday
        (utc(2026, 12, 1, 16), "Wed 2026-12-02 17:00 CET"),
        (utc(2027, 3, 26, 16), "Mon 2027-03-29 17:00 CEST"),  # over the spring change: same wall time
    ],
)
def test_one_working_day_later_skips_weekends_and_keeps_the_wall_time(start: datetime, expected: str) -> None:
    assert local_text(next_working_day(start, "Europe/Berlin"), "Europe/Berlin", with_weekday=True) == expected


@pytest.mark.parametrize(
    ("phrase", "cron"),
    [
        ("first tue 10:00", {"day": "1st tue", "hour": "10", "minute": "0"}),
        ("every mon 09:30", {"day_of_week": "mon", "hour": "9", "minute": "30"}),
        ("last fri of month 16:00", {"day": "last fri", "hour": "16"}),
        ("Last Friday of the month 4pm", {"day": "last fri", "hour": "16"}),
        ("2nd wednesday 11:00", {"day": "2nd wed"}),
        ("weekdays 08:15", {"day_of_week": "mon-fri", "minute": "15"}),
        ("0 10 * * 2", {"day_of_week": "tue"}),  # crontab: 2 is Tuesday (APScheduler 3 would read Wednesday)
        ("0 9 * * 0", {"day_of_week": "sun"}),
        ("0 9 * * 7", {"day_of_week": "sun"}),
        ("30 9 * * 1-5", {"day_of_week": "mon,tue,wed,thu,fri"}),
        ("0 9 * * 5-7", {"day_of_week": "fri,sat,sun"}),
        ("0 10 1-7 * 2", {"day": "1-7", "day_of_week": "tue"}),
    ],
)
def test_phrases_and_cron_lines_become_cron_fields(phrase: str, cron: dict[str, str]) -> None:
    parsed = parse_recurrence(phrase).cron
    assert {key: parsed[key] for key in cron} == cron


def test_a_cron_line_restricting_day_and_weekday_means_both() -> None:
    assert fire("0 10 1-7 * 2", "UTC", utc(2026, 12, 2)) == "Tue 2027-01-05 10:00 UTC"


@pytest.mark.parametrize(
    ("phrase", "says"),
    [
        ("", "Say when"),
        ("first tue", "needs a time"),
        ("tue 25:00", "not a time of day"),
        ("mon 10", "HH:MM"),
        ("first blah 10:00", "not a weekday"),
        ("0 25 * * *", "not a valid cron line"),
        ("13pm tue 10:00", "not a schedule"),
    ],
)
def test_schedules_that_make_no_sense_are_refused_with_examples(phrase: str, says: str) -> None:
    with pytest.raises(UserError, match=says):
        parse_recurrence(phrase)
