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

from pydantic import AfterValidator, BeforeValidator

from assay.commands.parsing import parse_user
from assay.errors import UserError
from assay.limits import NAME_MAX, too_long
from assay.stats.design import MAX_PLANNED_RUNS
from assay.stats.power import MIN_RUNS_FOR_VERDICT as MIN_PLANNED_RUNS
from assay.stats.runs import MAX_ABS_VALUE
from assay.textfmt import esc

MAX_TIMEBOX = timedelta(days=366)
MAX_ARM_NAME = NAME_MAX
MAX_METRIC_NAME = NAME_MAX
# Seeds are stored in a 32-bit integer column (PostgreSQL's integer).
SEED_RANGE = (-(2**31), 2**31 - 1)
MAX_RUNS_PER_LOG = 1000

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_UNIT_WORDS = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week"}
_DURATION = re.compile(r"^\s*(\d{1,7})\s*([smhdwSMHDW])\s*$")
_ARM = re.compile(r"^[^\W_][\w.+/-]*$")
_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%?\s*$")
_PERCENT_IN_TEXT = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*%")
_SPREAD = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*%\s*$")
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
    """A duration the way it would be typed back, every unit kept: ``7d``, ``36h``, ``1w 3d 12h``.

    From an hour on it is rounded to the minute (an extension made after the end carries the
    seconds of the moment it was made, which nobody planned).
    """
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "0s"
    if seconds >= _UNITS["h"]:
        seconds = round(seconds / 60) * 60
    parts: list[str] = []
    for unit in ("w", "d", "h", "m", "s"):
        count, seconds = divmod(seconds, _UNITS[unit])
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts)


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
    """The success threshold ``success=`` writes down: its one percentage, or None without one.

    ``20%`` and ``"20% on the held-out set"`` both set 20%: the number next to the words is
    the one the team meant. Two different percentages (``"20% on A, 5% on B"``) are refused
    (ValueError): which one REPRODUCED needs would be a guess.
    """
    if text is None:
        return None
    found = {float(match) for match in _PERCENT_IN_TEXT.findall(text)}
    if not found:
        return None
    if len(found) > 1:
        shown = ", ".join(f"{value:g}%" for value in sorted(found))
        raise ValueError(
            f"`success=` names {len(found)} percentages ({shown}); REPRODUCED needs one threshold. "
            "Write it alone, e.g. `success=20%`, and put the rest in the claim"
        )
    return found.pop()


def parse_planned_runs(value: object) -> object:
    """``runs=10``: a fixed design's runs per arm, a whole number from 3 to 10,000."""
    if isinstance(value, str):
        word = value.strip()
        if not re.fullmatch(r"\d{1,6}", word):
            raise ValueError(
                f"`runs=` is the number of runs per arm, a whole number like `runs=10`, not `{esc(word[:40])}`"
            )
        value = int(word)
    if isinstance(value, int) and not MIN_PLANNED_RUNS <= value <= MAX_PLANNED_RUNS:
        raise ValueError(
            f"a fixed design plans {MIN_PLANNED_RUNS} to {MAX_PLANNED_RUNS:,} runs per arm "
            "(3 is the least a verdict needs); leave `runs=` out to read the gut check sequentially"
        )
    return value


def parse_spread(value: object) -> object:
    """``sd=1.5%``: the run-to-run standard deviation guessed at the start, in percent of the metric.

    The percent sign is required: a bare number could be in the metric's units.
    """
    if isinstance(value, str):
        match = _SPREAD.match(value)
        if not match:
            raise ValueError(
                f"write the run-to-run spread as a percentage of the metric, like `sd=1.5%` (runs of 0.70 "
                f"that wander by about ±0.01 are `sd=1.4%`), not `{esc(value[:40])}`"
            )
        value = float(match.group(1))
    if isinstance(value, int | float) and not (math.isfinite(value) and 0.0 < value <= 1000.0):
        raise ValueError("the run-to-run spread `sd=` is a percentage above 0% and at most 1000%")
    return value


def parse_arm(text: str) -> str:
    """An arm name: one word of letters, digits and ``. + - / _``, at most 200, not a number.

    Names are case-folded so ``Baseline`` and ``baseline`` are the same arm.
    """
    name = text.strip()
    if _is_number(name):
        raise ValueError(
            f"`{esc(name)}` looks like a run value, not an arm. Name the arm first: `/gutcheck log G1 method 0.71 0.73`"
        )
    if len(name) > MAX_ARM_NAME:
        raise ValueError(too_long("An arm name", len(name), MAX_ARM_NAME))
    if not _ARM.match(name):
        raise ValueError(
            f"`{esc(name[:60])}` is not an arm name. Use one word of letters, "
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


def parse_run_numbers(text: str) -> list[int]:
    """``3 4`` or ``#3, #4``: run numbers as ``/gutcheck runs`` shows them."""
    words = [w for w in re.split(r"[\s,;]+", text.strip()) if w]
    if not words:
        raise ValueError('give the numbers of the runs to unlog, e.g. `/gutcheck unlog G1 3 4 why="typo"`')
    numbers = []
    for word in words:
        if not re.fullmatch(r"#?\d{1,9}", word):
            raise ValueError(
                f"`{esc(word[:40])}` is not a run number. Runs are numbered as `/gutcheck runs` shows them: `3` or `#3`"
            )
        numbers.append(int(word.lstrip("#")))
    return numbers


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
    if len(value) > MAX_METRIC_NAME:
        raise ValueError(too_long("A metric name", len(value), MAX_METRIC_NAME))
    return value


def _alpha(value: float) -> float:
    if not 0.0 < value < 1.0 or not math.isfinite(value):
        raise ValueError("alpha is a significance level between 0 and 1, e.g. `alpha=0.05`")
    return value


PlannedRuns = Annotated[int, BeforeValidator(parse_planned_runs)]
Spread = Annotated[float, BeforeValidator(parse_spread)]
ClaimedLift = Annotated[float, BeforeValidator(parse_percent), AfterValidator(_claimed_lift)]
Timebox = Annotated[timedelta, BeforeValidator(lambda v: parse_timebox(v) if isinstance(v, str) else v)]
Owner = Annotated[str, BeforeValidator(parse_owner)]
Alpha = Annotated[float, AfterValidator(_alpha)]
MetricName = Annotated[str, AfterValidator(_metric)]
ArmName = Annotated[str, BeforeValidator(lambda v: parse_arm(v) if isinstance(v, str) else v)]
RunValues = Annotated[list[float], BeforeValidator(lambda v: parse_values(v) if isinstance(v, str) else v)]
Seeds = Annotated[list[int], BeforeValidator(lambda v: parse_seeds(v) if isinstance(v, str) else v)]
RunNumbers = Annotated[list[int], BeforeValidator(lambda v: parse_run_numbers(v) if isinstance(v, str) else v)]
