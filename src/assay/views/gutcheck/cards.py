"""Gut-check cards: the start card (the home message) and the status card with its verdict."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from assay.ids import ActionId
from assay.replies import Actions, Block, Button, Context, Header, Section
from assay.services.gutcheck.checks import Record, success_threshold_pct
from assay.services.gutcheck.inputs import describe_duration
from assay.services.gutcheck.plan import plan_words
from assay.services.gutcheck.runs import Snapshot
from assay.services.papers.library import handle
from assay.stats import Verdict
from assay.storage.models import GutCheck
from assay.textfmt import esc, truncate, user
from assay.views.gutcheck.numbers import (
    arms_text,
    design_text,
    difference_text,
    lift_text,
    power_text,
    tests_text,
)
from assay.views.paper.card import paper_title_line
from assay.views.times import shown_time

VERDICT_WORDS = {
    Verdict.INSUFFICIENT_DATA: ("⏳", "Not enough runs yet"),
    Verdict.REPRODUCED: ("✅", "Reproduced"),
    Verdict.PARTIAL: ("🟡", "Partly reproduced"),
    Verdict.NOT_REPRODUCED: ("❌", "Did not reproduce"),
    Verdict.INCONCLUSIVE: ("❔", "Inconclusive: more runs needed"),
    Verdict.REGRESSION: ("🛑", "Regression: hard kill"),
}
NO_KILL = "none written; a significant regression always kills"
STATUS_WORDS = {"open": "open", "continued": "decided: continue", "pivoted": "decided: pivot", "killed": "killed"}


def verdict_words(verdict: str | None) -> str:
    """``✅ Reproduced`` for a verdict name; ``no runs yet`` for none."""
    if verdict is None:
        return "no runs yet"
    emoji, words = VERDICT_WORDS.get(Verdict(verdict), ("", verdict))
    return f"{emoji} {words}"


def when(at: datetime, zone: tzinfo | None) -> str:
    """``at`` on the team's clocks (``zone``: the zone of the team's "now")."""
    return shown_time(at, zone)


def relative(at: datetime, now: datetime) -> str:
    """``in 7 days``, ``in 2 days 23 hours``, ``3 hours ago``: rounded to the minute, two units at most.

    Rounding (not truncating) keeps a fresh 7-day time-box at "in 7 days", not "in 6 days".
    """
    seconds = (at - now).total_seconds()
    minutes = round(abs(seconds) / 60)
    if minutes >= 1440:
        days, hours = minutes // 1440, round(minutes % 1440 / 60)
        if hours == 24:
            days, hours = days + 1, 0
        text = _count(days, "day") + (f" {_count(hours, 'hour')}" if hours else "")
    elif minutes >= 60:
        hours, rest = divmod(minutes, 60)
        text = _count(hours, "hour") + (f" {_count(rest, 'minute')}" if rest else "")
    elif minutes >= 1:
        text = _count(minutes, "minute")
    else:
        text = "less than a minute"
    return f"in {text}" if seconds >= 0 else f"{text} ago"


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''}"


def timebox_line(check: GutCheck, now: datetime) -> str:
    """Where the time-box stands, with the sunk-cost guard: every extension is counted."""
    ends = check.timebox_ends
    if check.status != "open":
        line = f"Time-box ended by decision ({STATUS_WORDS.get(check.status, check.status)})"
    elif ends <= now:
        ended = f"{when(ends, now.tzinfo)} ({relative(ends, now)})"
        line = f"⏰ Time-box ended {ended}: decide continue, pivot, kill or extend"
    else:
        line = f"Time-box ends {when(ends, now.tzinfo)} ({relative(ends, now)})"
    planned = describe_duration(timedelta(seconds=check.timebox_seconds))
    if check.extensions:
        total = describe_duration(ends - check.started_at)
        times = "once" if check.extensions == 1 else f"{check.extensions} times"
        line += f" · extended {times}: planned {planned}, now {total}"
    else:
        line += f" · planned {planned}, never extended"
    return line


def claim_lines(record: Record) -> str:
    check = record.check
    technique = f" · technique {esc(record.technique.name)}" if record.technique is not None else ""
    return (
        f"*Claim:* {esc(truncate(check.claim, 1500))}\n"
        f"*Paper:* `{handle(record.paper)}` {paper_title_line(record.paper)}{technique}"
    )


def success_rule(check: GutCheck) -> str:
    """What REPRODUCED needs for this gut check, stated once, with any words ``success=`` added."""
    threshold = success_threshold_pct(check)
    if threshold is None:
        rule = "any significant improvement (no lift claimed)"
    elif check.success_pct is not None:
        rule = f"significant, and observed lift ≥ {threshold:g}%"
    else:
        rule = f"significant, and observed lift ≥ {threshold:g}% (half the claimed {check.claimed_lift_pct:g}%)"
    if check.success:
        rule += f" — “{esc(truncate(check.success, 600))}”"
    return rule


def kill_rule(check: GutCheck) -> str:
    """The kill criterion as written; without one, what kills anyway."""
    if check.kill:
        return f"{esc(truncate(check.kill, 600))} (and a significant regression always kills)"
    return NO_KILL


def design_rule(check: GutCheck) -> str:
    """How the verdict will be read: sequentially, or at a planned number of runs."""
    if check.planned_runs is None:
        return "sequential: read the verdict after any run; it stays honest however often you look"
    return (
        f"fixed: {check.planned_runs} runs per arm, verdict at {check.planned_runs} "
        "(only a regression stops it earlier)"
    )


def criteria_fields(check: GutCheck) -> tuple[str, ...]:
    direction = "higher is better" if check.higher_is_better else "lower is better"
    claimed = f"{check.claimed_lift_pct:g}%" if check.claimed_lift_pct is not None else "none given"
    return (
        f"*Metric*\n{esc(check.metric)} ({direction})",
        f"*Claimed lift*\n{claimed}",
        f"*Success*\n{success_rule(check)}",
        f"*Kill*\n{kill_rule(check)}",
        f"*Design*\n{design_rule(check)}",
        f"*Owner*\n{user(check.owner)}",
        f"*Significance*\nα = {check.alpha:g}, two-sided",
    )


def plan_line(check: GutCheck) -> str | None:
    """Runs per arm for 80% power at the claimed lift, from the spread guessed at the start."""
    if check.claimed_lift_pct is not None and check.sd_pct is None:
        return "Give `sd=` (the run-to-run spread, e.g. `sd=1.5%`) at the start to see how many runs the claim needs."
    return plan_words(check.claimed_lift_pct, check.sd_pct, check.alpha, check.planned_runs)


def start_card(record: Record, now: datetime) -> list[Block]:
    """The home message of a gut check: hypothesis and criteria, written down before any run."""
    check = record.check
    notes = [timebox_line(check, now)]
    plan = plan_line(check)
    if plan is not None:
        notes.append(plan)
    return [
        Header(f"🧪 Gut check {record.handle} started"),
        Section(claim_lines(record)),
        Section("*Criteria* (fixed before the first run)", fields=criteria_fields(check)),
        Context(tuple(notes)),
        Context(
            (
                f"Log runs: `/gutcheck log {record.handle} baseline 0.71 0.70 0.72 seeds=1,2,3`, then the "
                f"same seeds for `method`. Verdicts and decisions are posted in this thread.",
            )
        ),
    ]


def start_fallback(record: Record) -> str:
    return f"Gut check {record.handle} started on {handle(record.paper)}: {esc(truncate(record.check.claim, 200))}"


def status_card(snapshot: Snapshot, now: datetime) -> list[Block]:
    """Verdict in words, every number behind it, the criteria and the time-box."""
    record, analysis = snapshot.record, snapshot.analysis
    check = record.check
    explanation = esc(snapshot.explanation())
    if snapshot.hard_kill:
        explanation += "\n*This is a hard kill:* decide `kill` (or `pivot` to a different approach)."
    stage = " (interim)" if analysis.interim and not analysis.final else ""
    blocks: list[Block] = [
        Header(f"{record.handle} · {verdict_words(analysis.verdict.value)}{stage}"),
        Section(claim_lines(record)),
        Section(explanation),
        Section(
            "*The numbers*",
            fields=(
                f"*Arms*\n{arms_text(analysis)}",
                f"*Difference ({esc(analysis.method.name)} − {esc(analysis.baseline.name)})*\n"
                + difference_text(analysis),
                f"*Tests*\n{tests_text(analysis)}",
                f"*Lift*\n{lift_text(analysis)}",
                f"*Power*\n{power_text(analysis)}",
                f"*Design*\n{design_text(analysis)}",
            ),
        ),
        Context(
            (
                f"Success: {success_rule(check)} · Kill: {kill_rule(check)} · owner {user(check.owner)} · "
                f"status {STATUS_WORDS.get(check.status, check.status)}",
                timebox_line(check, now),
            )
        ),
    ]
    if check.status != "killed":
        blocks.append(decide_buttons(check, analysis.verdict))
    return blocks


def decide_buttons(check: GutCheck, verdict: Verdict | str | None) -> Actions:
    """Continue / Pivot / Kill / Extend; after a REGRESSION only Kill and Pivot (hard kill)."""
    value = str(check.id)
    kill = Button(ActionId.GUTCHECK_DECIDE, "Kill", f"{value}:kill", "danger")
    pivot = Button(ActionId.GUTCHECK_DECIDE, "Pivot", f"{value}:pivot")
    if verdict == Verdict.REGRESSION:
        return Actions((kill, pivot))
    return Actions(
        (
            Button(ActionId.GUTCHECK_DECIDE, "Continue", f"{value}:continue", "primary"),
            pivot,
            kill,
            Button(ActionId.GUTCHECK_DECIDE, "Extend", f"{value}:extend"),
        )
    )


def status_fallback(snapshot: Snapshot) -> str:
    return f"{snapshot.record.handle}: {truncate(snapshot.explanation(), 2500)}"
