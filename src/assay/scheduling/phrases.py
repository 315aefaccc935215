"""Schedules as people write them — ``first tue 10:00``, ``every mon 09:30``, ``last fri of month
16:00`` — or as a five-field cron line, turned into APScheduler cron fields.

Cron lines follow crontab(5): minute, hour, day of month, month, day of week with 0 or 7 for
Sunday. APScheduler 3 numbers weekdays from Monday, so weekday numbers are translated to names
here. Unlike classic cron, a line that restricts both the day of month and the weekday needs
both (``0 10 1-7 * 2`` is the first Tuesday), which is what people mean by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assay.errors import UserError
from assay.scheduling.calendar import CRON_FIELD_NAMES, trigger

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINALS = {
    "first": "1st", "1st": "1st", "second": "2nd", "2nd": "2nd", "third": "3rd", "3rd": "3rd",
    "fourth": "4th", "4th": "4th", "fifth": "5th", "5th": "5th", "last": "last",
}  # fmt: skip
_ORDINAL_WORDS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth", "last": "last"}
_CRON_TOKEN = re.compile(r"^[0-9*/,\-A-Za-z]+$")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
EXAMPLES = '"first tue 10:00", "every mon 09:30", "last fri of month 16:00" or a cron line like "0 10 * * 2"'


@dataclass(frozen=True)
class Recurrence:
    """A recurring time: APScheduler cron fields plus how to say it."""

    cron: dict[str, str]
    description: str


def parse_recurrence(text: str) -> Recurrence:
    """A phrase or a cron line → :class:`Recurrence`; UserError with examples when it is neither."""
    cleaned = " ".join(text.strip().lower().replace(",", " , ").split()).replace(" , ", ",")
    if not cleaned:
        raise UserError(f"Say when, e.g. {EXAMPLES}.")
    tokens = cleaned.split(" ")
    if len(tokens) == 5 and all(_CRON_TOKEN.match(t) for t in tokens) and any(c.isdigit() for c in tokens[0]):
        return _from_cron(tokens, text)
    return _from_phrase(tokens, text)


def _from_phrase(tokens: list[str], original: str) -> Recurrence:
    words = [t for t in tokens if t not in {"every", "each", "of", "the", "month", "at", "on"}]
    if not words:
        raise UserError(f"`{original}` is not a schedule. Write it like {EXAMPLES}.")
    hour, minute = _parse_time(words[-1], original)
    head = words[:-1]
    at = f"{hour:02d}:{minute:02d}"
    cron = {"minute": str(minute), "hour": str(hour), "day": "*", "month": "*", "day_of_week": "*"}
    if head in (["day"], ["daily"]):
        return Recurrence(cron, f"every day at {at}")
    if head in (["weekday"], ["weekdays"]):
        cron["day_of_week"] = "mon-fri"
        return Recurrence(cron, f"every weekday at {at}")
    if len(head) == 1:
        day = _weekday(head[0], original)
        cron["day_of_week"] = WEEKDAYS[day]
        return Recurrence(cron, f"every {WEEKDAY_NAMES[day]} at {at}")
    if len(head) == 2 and head[0] in _ORDINALS:
        day = _weekday(head[1], original)
        ordinal = _ORDINALS[head[0]]
        cron["day"] = f"{ordinal} {WEEKDAYS[day]}"
        return Recurrence(cron, f"the {_ORDINAL_WORDS[ordinal]} {WEEKDAY_NAMES[day]} of every month at {at}")
    raise UserError(f"`{original}` is not a schedule I understand. Write it like {EXAMPLES}.")


def _parse_time(word: str, original: str) -> tuple[int, int]:
    match = _TIME.match(word)
    if not match:
        raise UserError(f"`{original}` needs a time at the end, like `10:00` or `4pm`.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            raise UserError(f"`{word}` is not a time: with am/pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match.group(2) is None:
        raise UserError(f"`{word}` is not a time. Write it as HH:MM, e.g. `10:00`.")
    if hour > 23 or minute > 59:
        raise UserError(f"`{word}` is not a time of day. Hours go 0–23 and minutes 0–59.")
    return hour, minute


def _weekday(word: str, original: str) -> int:
    for index, name in enumerate(WEEKDAYS):
        if word.startswith(name) and WEEKDAY_NAMES[index].lower().startswith(word):
            return index
    if word == "tues" or word == "thurs":
        return WEEKDAYS.index(word[:3])
    raise UserError(f"`{word}` in `{original}` is not a weekday. Use mon, tue, wed, thu, fri, sat or sun.")


def _from_cron(tokens: list[str], original: str) -> Recurrence:
    cron = dict(zip(CRON_FIELD_NAMES, tokens, strict=True))
    cron["day_of_week"] = _cron_weekdays(cron["day_of_week"], original)
    try:
        trigger(cron, "UTC")
    except ValueError as exc:
        raise UserError(
            f"`{original}` is not a valid cron line ({exc}). Fields: minute hour day month weekday."
        ) from None
    return Recurrence(cron, f"cron `{' '.join(tokens)}`")


def _cron_weekdays(field: str, original: str) -> str:
    """crontab weekdays (0/7 Sunday, names allowed) → APScheduler names (``mon,wed``)."""
    if field == "*":
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() else 1
        if step_text and not step_text.isdigit():
            raise UserError(f"`{part}` in `{original}` is not a weekday step.")
        if body == "*":
            start, end = 0, 6
        else:
            first, dash, last = body.partition("-")
            start = _cron_day(first, original)
            end = _cron_day(last, original) if dash else start
            if end < start and end == 0:  # "5-7" or "5-0": up to Sunday
                end = 7
        days.update(d % 7 for d in range(start, end + 1, step))
    # crontab 0 = Sunday; APScheduler 0 = Monday.
    return ",".join(WEEKDAYS[(d - 1) % 7] for d in sorted(days, key=lambda d: (d - 1) % 7))


def _cron_day(word: str, original: str) -> int:
    if word.isdigit() and 0 <= int(word) <= 7:
        return int(word)
    for index, name in enumerate(WEEKDAYS):
        if word == name:
            return (index + 1) % 7
    raise UserError(f"`{word}` in `{original}` is not a cron weekday (0–7 or sun–sat).")
