"""Reusable field types for typed requests (validation with messages users understand)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from assay.arxiv.ids import ArxivId, parse_arxiv_id
from assay.commands.parsing import parse_channel, parse_user
from assay.errors import UserError
from assay.limits import NAME_MAX, TEXT_MAX
from assay.textfmt import esc


def _arxiv(value: object) -> ArxivId:
    if isinstance(value, ArxivId):
        return value
    return parse_arxiv_id(str(value))


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _date(value: object) -> object:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise UserError(f"`{value}` is not a date. Write dates as YYYY-MM-DD, e.g. 2026-12-01.") from None
    return value


_PCT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%?\s*$")


def _percent(value: object) -> object:
    if isinstance(value, str):
        match = _PCT.match(value)
        if not match:
            raise UserError(f"`{value}` is not a percentage. Write it like `40%` or `12.5%`.")
        return float(match.group(1))
    return value


ArxivRef = Annotated[ArxivId, BeforeValidator(_arxiv)]
UserRef = Annotated[str, BeforeValidator(lambda v: parse_user(str(v)))]
ChannelRef = Annotated[str, BeforeValidator(lambda v: parse_channel(str(v)))]
Lowercase = BeforeValidator(_lower)
IsoDate = Annotated[date, BeforeValidator(_date)]
Percent = Annotated[float, BeforeValidator(_percent)]


def _bounded(limit: int) -> AfterValidator:
    """Not empty, and at most ``limit`` characters. Checked by hand rather than with
    max_length, so that the message says how long the text is and names the limit."""

    def check(value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        if len(value) > limit:
            raise ValueError(f"is {len(value):,} characters long; the limit is {limit:,} characters")
        return value

    return AfterValidator(check)


# Text anyone types (claims, reasons, notes, statements); names, handles and short words.
Text = Annotated[str, _bounded(TEXT_MAX)]
ShortText = Annotated[str, _bounded(NAME_MAX)]
# Reading notes take the same text; the name stays for the note requests that use it.
NoteText = Text
NOTE_TEXT_MAX = TEXT_MAX
Rating = Annotated[int, Field(ge=1, le=5)]

_YES = {"yes", "y", "true", "1", "on"}
_NO = {"no", "n", "false", "0", "off"}


def parse_yes_no(value: object) -> object:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise ValueError(f"write `yes` or `no`, not `{esc(str(value))}`")
    return value


YesNo = Annotated[bool, BeforeValidator(parse_yes_no)]
