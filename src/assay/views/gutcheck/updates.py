"""Gut-check messages besides the cards: runs logged, decisions, and the list."""

from __future__ import annotations

from datetime import datetime

from assay.replies import Block, Context, Header, Section
from assay.services.gutcheck.checks import Record
from assay.services.gutcheck.decisions import DecideResult, Decision
from assay.services.gutcheck.runs import LogResult
from assay.services.papers.library import handle
from assay.textfmt import esc, truncate, user
from assay.views.gutcheck.cards import STATUS_WORDS, relative, timebox_line, verdict_words, when

MAX_LISTED = 40  # per group; the card stays within Slack's 50 blocks


def logged_blocks(result: LogResult) -> list[Block]:
    """The logger's confirmation: what was stored, the arms so far, the verdict now."""
    snapshot = result.snapshot
    analysis = snapshot.analysis
    counts = ", ".join(f"`{esc(arm)}` {len(runs)}" for arm, runs in snapshot.runs.items())
    seeded = "paired by seed" if analysis.paired else "not paired"
    lines = [
        f"Logged {result.logged} run{'s' if result.logged != 1 else ''} for `{esc(result.arm)}` in "
        f"{snapshot.record.handle}. Runs per arm: {counts} ({seeded}).",
        f"*{verdict_words(analysis.verdict.value)}* — {esc(snapshot.explanation())}",
    ]
    blocks: list[Block] = [Section("\n".join(lines))]
    if result.pairing_lost:
        shown = ", ".join(snapshot.label(run) for run in analysis.unpaired[:6])
        blocks.append(
            Section(
                f"⚠️ *No longer paired:* {esc(shown)} {'has' if len(analysis.unpaired) == 1 else 'have'} no partner "
                "with the same seed in the other arm, so the classical tests now use Welch's t test instead of "
                "the paired t test. Log the missing partner runs, or `/gutcheck unlog` a mistyped one "
                f"(`/gutcheck runs {snapshot.record.handle}` numbers them)."
            )
        )
    if snapshot.hard_kill:
        blocks.append(Section("*This is a hard kill:* decide `kill` (or `pivot` to a different approach)."))
    if result.verdict_changed and result.previous_verdict is not None:
        blocks.append(Context((f"The verdict changed from {verdict_words(result.previous_verdict)}.",)))
    return blocks


def logged_fallback(result: LogResult) -> str:
    return (
        f"Logged {result.logged} run(s) for {result.arm} in {result.snapshot.record.handle}: "
        f"{result.snapshot.analysis.verdict.value}"
    )


def decision_blocks(result: DecideResult, now: datetime) -> list[Block]:
    """The decision as the thread and the channel see it, with the sunk-cost guard."""
    assert result.record is not None
    record = result.record
    check = record.check
    verdict = f" at verdict {verdict_words(result.verdict)}" if result.verdict else " before any verdict"
    lines = [
        f"*{record.handle}: {user(result.by)} decided {result.decision.value}*{verdict}",
        f"> {esc(truncate(result.why, 2000))}",
    ]
    if result.decision is Decision.EXTEND:
        lines.append(f"New end: {when(check.timebox_ends, now.tzinfo)} ({relative(check.timebox_ends, now)}).")
        if check.extensions >= 2:
            spent = f"⚠️ Extension number {check.extensions}. Time already spent is not a reason to spend more: "
            if check.kill:
                lines.append(f"{spent}the kill criterion written at the start was “{esc(truncate(check.kill, 300))}”.")
            else:
                lines.append(
                    f"{spent}no kill criterion was written at the start, so decide now what would make you stop "
                    "(a significant regression always does)."
                )
    elif result.decision is Decision.KILL:
        lines.append("No more runs go into this gut check; the verdict stays on the paper and technique.")
    blocks: list[Block] = [
        Section("\n".join(lines)),
        Context((f"{STATUS_WORDS.get(check.status, check.status)} · {timebox_line(check, now)}",)),
    ]
    return blocks


def decision_fallback(result: DecideResult) -> str:
    assert result.record is not None
    return f"{result.record.handle}: decided {result.decision.value} — {esc(truncate(result.why, 300))}"


def list_blocks(records: list[Record], now: datetime) -> list[Block]:
    """Open gut checks by deadline, then decided ones, newest first."""
    open_ones = sorted((r for r in records if r.check.status == "open"), key=lambda r: r.check.timebox_ends)
    decided = sorted((r for r in records if r.check.status != "open"), key=lambda r: -r.check.number)
    blocks: list[Block] = [Header("Gut checks")]
    if not records:
        blocks.append(Section('No gut checks yet. Start one with `/gutcheck start P1 claim="..." metric=accuracy`.'))
        return blocks
    for title, group in (("Open", open_ones), ("Decided", decided)):
        if not group:
            continue
        blocks.append(Section(f"*{title}* ({len(group)})"))
        blocks += [Section(_line(r, now)) for r in group[:MAX_LISTED]]
        if len(group) > MAX_LISTED:
            blocks.append(Context((f"…and {len(group) - MAX_LISTED} more.",)))
    return blocks


def _line(record: Record, now: datetime) -> str:
    check = record.check
    if check.status == "open":
        overdue = "⏰ " if check.timebox_ends <= now else ""
        deadline = f"{overdue}ends {when(check.timebox_ends, now.tzinfo)} ({relative(check.timebox_ends, now)})"
    else:
        deadline = STATUS_WORDS.get(check.status, check.status)
    extended = f" · extended {check.extensions}×" if check.extensions else ""
    verdict = verdict_words(check.last_verdict)
    return (
        f"`{record.handle}` on `{handle(record.paper)}` · {esc(truncate(check.claim, 160))}\n"
        f"{verdict} · {deadline}{extended} · owner {user(check.owner)}"
    )


def list_item(record: Record, now: datetime) -> dict[str, object]:
    check = record.check
    return {
        "id": record.handle,
        "paper": handle(record.paper),
        "claim": check.claim,
        "metric": check.metric,
        "owner": check.owner,
        "status": check.status,
        "verdict": check.last_verdict,
        "timebox_ends": check.timebox_ends.isoformat(),
        "overdue": check.status == "open" and check.timebox_ends <= now,
        "extensions": check.extensions,
        "technique": record.technique.name if record.technique is not None else None,
    }
