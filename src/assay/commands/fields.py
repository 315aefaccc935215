"""Reusable field types for typed requests (validation with messages users understand)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from assay.arxiv.ids import ArxivId, parse_arxiv_id
from assay.commands.parsing import parse_channel, parse_user
from assay.errors import UserError


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


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


ArxivRef = Annotated[ArxivId, BeforeValidator(_arxiv)]
UserRef = Annotated[str, BeforeValidator(lambda v: parse_user(str(v)))]
ChannelRef = Annotated[str, BeforeValidator(lambda v: parse_channel(str(v)))]
Lowercase = BeforeValidator(_lower)
IsoDate = Annotated[date, BeforeValidator(_date)]
Percent = Annotated[float, BeforeValidator(_percent)]
Text = Annotated[str, Field(max_length=3000), AfterValidator(_text)]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_text)]
Rating = Annotated[int, Field(ge=1, le=5)]
