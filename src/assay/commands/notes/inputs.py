"""What people type in reading notes, read strictly: ratings, minutes, red-flag codes.

Each reader raises ValueError with a message for the person who typed it (pydantic turns it
into an answer naming the field), so the slash command and the Slack form share the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated

from pydantic import BeforeValidator

from assay.reading.passes import RED_FLAGS
from assay.textfmt import esc

MAX_MINUTES = 7 * 24 * 60  # a week of reading is the most one note records
_MINUTES = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes|h|hr|hrs|hours)?\s*$", re.IGNORECASE)


def parse_rating(value: object) -> object:
    """A whole number from 1 to 5."""
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise ValueError(f"give a whole number from 1 to 5, not `{esc(text)}`")
        value = int(text)
    if isinstance(value, int) and not 1 <= value <= 5:
        raise ValueError(f"give a whole number from 1 to 5, not {value}")
    return value


def parse_minutes(value: object) -> object:
    """``8``, ``45m``, ``2h``, ``1.5h`` as whole minutes, more than zero and at most a week."""
    if isinstance(value, str):
        match = _MINUTES.match(value)
        if not match:
            raise ValueError(f"write the time spent in minutes or hours, e.g. `45`, `45m` or `2h`, not `{esc(value)}`")
        amount = float(match.group(1)) * (60 if (match.group(2) or "m").lower().startswith("h") else 1)
        value = round(amount)
    if isinstance(value, int) and not 0 < value <= MAX_MINUTES:
        raise ValueError(f"the time spent must be between 1 minute and a week ({MAX_MINUTES} minutes)")
    return value


def parse_red_flags(value: object) -> object:
    """Codes of the seven red flags, comma- or space-separated (``none`` for none), each once."""
    words: Iterable[object]
    if isinstance(value, str):
        words = [] if value.strip().lower() in ("", "none", "-") else re.split(r"[\s,;]+", value.strip())
    elif isinstance(value, list | tuple):
        words = value
    else:
        return value
    codes: list[str] = []
    for word in words:
        code = str(word).strip().lower().strip("`")
        if not code:
            continue
        if code not in RED_FLAGS:
            raise ValueError(f"`{esc(code)}` is not one of the seven red flags: {', '.join(RED_FLAGS)}")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


NoteRating = Annotated[int, BeforeValidator(parse_rating)]
Minutes = Annotated[int, BeforeValidator(parse_minutes)]
RedFlags = Annotated[tuple[str, ...], BeforeValidator(parse_red_flags)]
