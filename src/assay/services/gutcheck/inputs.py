"""What people type for gut checks, read strictly: time-boxes, run values, seeds, arm names.

Each reader raises ValueError with a message for the person who typed it (pydantic turns
it into a "that didn't work" answer naming the field), so the same rules serve the slash
command and the Slack form.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from assay.commands.parsing import parse_user
from assay.errors import UserError
from assay.stats.runs import MAX_ABS_VALUE
from assay.textfmt import esc

MAX_TIMEBOX = timedelta(days=366)
MAX_ARM_NAME = 40
MAX_METRIC_NAME = 80
# Seeds are stored in a 32-bit integer column (PostgreSQL's integer).
SEED_RANGE = (-(2**31), 2**31 - 1)
MAX_RUNS_PER_LOG = 1000

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_UNIT_WORDS = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week"}
_DURATION = re.compile(r"^\s*(\d{1,7})\s*([smhdwSMHDW])\s*$")
_ARM = re.compile(r"^[^\W_][\w.+/-]*$")
_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%?\s*$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_NON_FINITE = {"nan", "inf", "infinity"}


def parse_timebox(text: str) -> timedelta:
    """``7d``, ``36h``, ``2w``, ``90m``, ``30s`` as a duration; at most 366 days."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(
            f"`{esc(text)}` is not a time-box. Write a whole number and a unit: s, m, h, d or w "
            "(e.g. `7d`, `36h`, `2w`)"
        )
    seconds = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if seconds <= 0:
        raise ValueError("a time-box must be longer than zero")
    if seconds > MAX_TIMEBOX.total_seconds():
        raise ValueError("a time-box can be at most a year (366d); decide and extend instead")
    return timedelta(seconds=seconds)


def describe_duration(delta: timedelta) -> str:
    """A duration the way it would be typed back: ``7d``, ``36h``, ``1w 2d``…"""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "0s"
    parts: list[str] = []
    for unit in ("w", "d", "h", "m", "s"):
        count, seconds = divmod(seconds, _UNITS[unit])
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts[:2])


def parse_percent(value: object) -> object:
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if not match:
            raise ValueError(f"write a percentage like `40%` or `12.5%`, not `{esc(str(value))}`")
        return float(match.group(1))
    return value


def _claimed_lift(value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(
            "a claimed lift is the improvement the paper reports, above 0% (for a "
            "lower-is-better metric say `higher-is-better=no` and give the reduction as a "
            "positive percentage; leave `claimed-lift=` out when nothing was claimed)"
        )
    if value > 1_000_000:
        raise ValueError("a claimed lift above 1,000,000% cannot be checked")
    return value


def success_percentage(text: str | None) -> float | None:
    """The success threshold when ``success=`` is a percentage alone (``20%``), else None.

    Words around a number (``"20% on MMLU"``) stay words: guessing which number was meant
    would fix a criterion nobody wrote down.
    """
    if text is None or "%" not in text:
        return None
    match = _PERCENT.match(text)
    return float(match.group(1)) if match else None


def parse_arm(text: str) -> str:
    """An arm name: one word of letters, digits and ``. + - / _``, at most 40, not a number.

    Names are case-folded so ``Baseline`` and ``baseline`` are the same arm.
    """
    name = text.strip()
    if _is_number(name):
        raise ValueError(
            f"`{esc(name)}` looks like a run value, not an arm. Name the arm first: `/gutcheck log G1 method 0.71 0.73`"
        )
    if len(name) > MAX_ARM_NAME or not _ARM.match(name):
        raise ValueError(
            f"`{esc(name[:60])}` is not an arm name. Use one word of at most {MAX_ARM_NAME} letters, "
            "digits, `.`, `-`, `+` or `/`, e.g. `baseline`, `method` or `lr-3e-4`"
        )
    return name.casefold()


def parse_values(text: str) -> list[float]:
    """Run values separated by spaces or commas; every one a finite number."""
    words = [w for w in re.split(r"[\s,;]+", text.strip()) if w]
    if not words:
        raise ValueError("give at least one run value, e.g. `/gutcheck log G1 method 0.71 0.73`")
    if len(words) > MAX_RUNS_PER_LOG:
        raise ValueError(f"log at most {MAX_RUNS_PER_LOG} runs at a time; split the rest")
    values: list[float] = []
    for word in words:
        if word.lower().lstrip("+-") in _NON_FINITE:
            raise ValueError(f"`{esc(word)}` is not a finite number. A run is a measurement: nan and inf have no mean")
        if not _NUMBER.match(word):
            raise ValueError(f"`{esc(word[:40])}` is not a number. Runs are plain numbers like `0.731`")
        value = float(word)
        if not math.isfinite(value) or abs(value) > MAX_ABS_VALUE:
            raise ValueError(f"`{esc(word)}` is too large: run values must lie within ±1e100")
        values.append(value)
    return values


def parse_seeds(text: str) -> list[int]:
    """``1,2,3`` as seeds: whole numbers, none twice."""
    words = [w for w in re.split(r"[\s,;]+", text.strip()) if w]
    if not words:
        raise ValueError("give the seeds as whole numbers, e.g. `seeds=1,2,3`")
    seeds: list[int] = []
    for word in words:
        if not re.fullmatch(r"[+-]?\d{1,30}", word):
            raise ValueError(f"`{esc(word[:40])}` is not a seed. Seeds are whole numbers, e.g. `seeds=1,2,3`")
        seed = int(word)
        if not SEED_RANGE[0] <= seed <= SEED_RANGE[1]:
            raise ValueError(f"seed {seed} is out of range (a 32-bit integer)")
        if seed in seeds:
            raise ValueError(f"seed {seed} is given twice; each run of an arm has its own seed")
        seeds.append(seed)
    return seeds


def _is_number(word: str) -> bool:
    return bool(_NUMBER.match(word)) or word.lower().lstrip("+-") in _NON_FINITE


def parse_owner(value: object) -> object:
    if isinstance(value, str):
        try:
            return parse_user(value)
        except UserError as exc:
            raise ValueError(exc.message) from None
    return value


def _metric(value: str) -> str:
    if not value.strip():
        raise ValueError("name the metric, e.g. `metric=accuracy`")
    return value


def _alpha(value: float) -> float:
    if not 0.0 < value < 1.0 or not math.isfinite(value):
        raise ValueError("alpha is a significance level between 0 and 1, e.g. `alpha=0.05`")
    return value


ClaimedLift = Annotated[float, BeforeValidator(parse_percent), AfterValidator(_claimed_lift)]
Timebox = Annotated[timedelta, BeforeValidator(lambda v: parse_timebox(v) if isinstance(v, str) else v)]
Owner = Annotated[str, BeforeValidator(parse_owner)]
Alpha = Annotated[float, AfterValidator(_alpha)]
MetricName = Annotated[str, Field(max_length=MAX_METRIC_NAME), AfterValidator(_metric)]
ArmName = Annotated[str, BeforeValidator(lambda v: parse_arm(v) if isinstance(v, str) else v)]
RunValues = Annotated[list[float], BeforeValidator(lambda v: parse_values(v) if isinstance(v, str) else v)]
Seeds = Annotated[list[int], BeforeValidator(lambda v: parse_seeds(v) if isinstance(v, str) else v)]
