"""Time-box reminders: the day before, at the end, and the escalation to the channel."""

from __future__ import annotations

from datetime import datetime

from assay.ids import ActionId
from assay.replies import Actions, Block, Button, Context, Section
from assay.scheduling.calendar import local_text
from assay.scheduling.kinds import Kind
from assay.services.gutcheck.checks import Record
from assay.services.papers.library import handle
from assay.textfmt import esc, truncate, user
from assay.views.gutcheck.cards import decide_buttons, verdict_words

_OPENERS = {
    Kind.GUTCHECK_DAY_BEFORE: "⏳ *{h}*'s time-box ends tomorrow, {ends}.",
    Kind.GUTCHECK_EXPIRY: "⏰ *{h}*'s time-box has ended ({ends}). Time to decide: continue, pivot, kill or extend.",
    Kind.GUTCHECK_ESCALATION: (
        "🚨 {owner}: *{h}*'s time-box ended {ends} and no decision has been recorded for a working day. "
        "Decide now, or extend it on purpose — extensions are counted."
    ),
}


def reminder_text(record: Record, kind: Kind, tz: str) -> str:
    check = record.check
    opener = _OPENERS[kind].format(
        h=record.handle, ends=local_text(check.timebox_ends, tz, with_weekday=True), owner=user(check.owner)
    )
    return opener.replace("*", "")


def reminder_blocks(record: Record, kind: Kind, now: datetime, tz: str) -> list[Block]:
    """The reminder with the claim, the verdict so far, the kill criterion and the decide buttons."""
    check = record.check
    opener = _OPENERS[kind].format(
        h=record.handle, ends=local_text(check.timebox_ends, tz, with_weekday=True), owner=user(check.owner)
    )
    if kind is not Kind.GUTCHECK_ESCALATION:
        opener += f" Owner: {user(check.owner)}."
    verdict = verdict_words(check.last_verdict)
    summary = f" — {esc(truncate(check.verdict_summary, 400))}" if check.verdict_summary else ""
    kill = esc(truncate(check.kill, 300)) if check.kill else "a REGRESSION verdict (significantly worse)"
    extended = f" · extended {check.extensions}×" if check.extensions else ""
    buttons = decide_buttons(check, check.last_verdict)
    return [
        Section(opener),
        Section(
            f"*Claim:* {esc(truncate(check.claim, 600))} (`{handle(record.paper)}`)\n"
            f"*Verdict so far:* {verdict}{summary}\n*Kill if:* {kill}"
        ),
        Actions(tuple(Button(ActionId.GUTCHECK_REMINDER_DECIDE, b.label, b.value, b.style) for b in buttons.buttons)),
        Context((f"Reminder sent {local_text(now, tz)}{extended}",)),
    ]


def reminder_decided_blocks(
    record: Record, decision: str, by: str | None, why: str, tz: str, at: datetime
) -> list[Block]:
    """A reminder redrawn once its question is answered: no buttons, who decided what and why."""
    check = record.check
    return [
        Section(f"⏰ Time-box reminder for *{record.handle}* (ended {local_text(check.timebox_ends, tz)})."),
        Context((f"✅ Decided *{esc(decision)}* by {user(by)} at {local_text(at, tz)}: {esc(truncate(why, 600))}",)),
    ]
