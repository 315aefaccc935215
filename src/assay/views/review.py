"""/review: the schedule, the agenda (also the reminder), nominations and closing a review."""

from __future__ import annotations

from datetime import datetime

from assay.replies import Block, Context, Divider, Header, Reply, Section
from assay.scheduling.calendar import local_text, zone
from assay.services.review.agenda import Agenda
from assay.services.review.agenda import Section as AgendaSection
from assay.services.review.schedule import ScheduleSet
from assay.services.targets import Target
from assay.textfmt import esc, truncate, user

_KIND_WORDS = {
    "gutcheck.day_before": "time-box reminder (day before)",
    "gutcheck.expiry": "time-box reminder",
    "gutcheck.escalation": "time-box escalation",
    "radar.due": "due-date reminder",
    "radar.overdue": "overdue nudge",
    "review.reminder": "review reminder",
    "digest.weekly": "weekly digest",
    "watch.daily": "arXiv watch",
    "prediction.due": "prediction reminder",
}


def schedule_reply(result: ScheduleSet, lead_text: str) -> Reply:
    schedule = result.schedule
    when = local_text(result.next_meeting, schedule.timezone, with_weekday=True) if result.next_meeting else "never"
    text = (
        f"Research review scheduled: {esc(result.recurrence.description)} ({esc(schedule.timezone)}). "
        f"Next meeting *{when}*; the agenda is posted here {lead_text} before it."
    )
    upcoming = result.next_meeting
    data = {"next": upcoming.astimezone(zone(schedule.timezone)).isoformat() if upcoming else None}
    return Reply(text=f"Review scheduled; next {when}.", blocks=[Section(text)], data=data)


def _more(section: AgendaSection) -> list[str]:
    hidden = section.total - len(section.entries)
    return [f"…and {hidden} more."] if hidden > 0 else []


def _changes(agenda: Agenda) -> list[str]:
    lines = []
    for e in agenda.radar_changes.entries:
        move = f"new in {e['to']}" if e["from"] is None else f"{e['from']} → {e['to']}"
        lines.append(f"• *{esc(e['technique'])}*: {move} — {esc(truncate(e['why'] or '', 200))} ({user(e['by'])})")
    return lines + _more(agenda.radar_changes)


def _decisions(agenda: Agenda) -> list[str]:
    lines = []
    for e in agenda.decisions_due.entries:
        if e["type"] == "gutcheck":
            since = local_text(datetime.fromisoformat(e["since"]), agenda.timezone)
            lines.append(
                f"• `{e['id']}` time-box ended {since}: {esc(truncate(e['claim'], 160))} — owner {user(e['owner'])}"
            )
        else:
            lines.append(f"• *{esc(e['name'])}* ({e['ring']}): {esc(e['why'])} — owner {user(e['owner'])}")
    return lines + _more(agenda.decisions_due)


def _nominations(agenda: Agenda) -> list[str]:
    lines = []
    for e in agenda.nominations.entries:
        title = esc(truncate(e.get("title") or "", 120))
        what = f"`{e['ref']}` {title}" if e["type"] == "paper" else f"*{esc(e['ref'])}*"
        why = f": {esc(truncate(e['why'], 200))}" if e.get("why") else ""
        lines.append(f"• {what} (nominated by {user(e['by'])}){why}")
    return lines + _more(agenda.nominations)


def _predictions(agenda: Agenda) -> list[str]:
    lines = [
        f"• `{e['id']}` on {esc(str(e['target']))}: “{esc(truncate(e['statement'], 200))}” — review {e['by']}"
        + (f", p={e['p']:.0%}" if e["p"] is not None else "")
        for e in agenda.predictions_due.entries
    ]
    return lines + _more(agenda.predictions_due)


def _stale(agenda: Agenda) -> list[str]:
    lines = []
    for e in agenda.stale.entries:
        what = esc(_KIND_WORDS.get(e["kind"], e["kind"]))
        due = local_text(datetime.fromisoformat(e["due"]), agenda.timezone)
        lines.append(f"• {what} due {due} — {e['status']}: {esc(truncate(e['reason'] or '', 200))}")
    return lines + _more(agenda.stale)


def agenda_blocks(agenda: Agenda, now: datetime, *, reminder_for: datetime | None = None) -> tuple[str, list[Block]]:
    """The agenda as a message: one section per part, each capped so the message fits Slack."""
    tz = agenda.timezone
    meeting = reminder_for or agenda.meeting
    title = "Research review agenda"
    if meeting is not None:
        title += f" — {local_text(meeting, tz, with_weekday=True)}"
    since = f"since the last review ({local_text(agenda.since, tz)})" if agenda.since else "since Assay started here"
    blocks: list[Block] = [Header(truncate(title, 150))]
    parts = (
        (f"*Radar changes* {since}", _changes(agenda), "No ring changes."),
        ("*Decisions due*", _decisions(agenda), "Nothing waiting for a decision."),
        ("*Nominated deep dives*", _nominations(agenda), "No nominations yet: `/review nominate <technique|paper>`."),
        ("*Predictions due*", _predictions(agenda), "No prediction is due."),
    )
    for heading, lines, empty in parts:
        blocks.append(Section(f"{heading}\n" + ("\n".join(lines) if lines else f"_{empty}_")))
    if agenda.stale.total:
        blocks.append(Section("*Not delivered on time*\n" + "\n".join(_stale(agenda))))
    blocks += [Divider(), Context((f"Built {local_text(now, tz)} · close the meeting with `/review done`.",))]
    return f"{title}: {agenda.size} items.", blocks


def agenda_reply(agenda: Agenda, now: datetime) -> Reply:
    text, blocks = agenda_blocks(agenda, now)
    return Reply(text=text, blocks=blocks, data=agenda.data())


def nominated_reply(target: Target, by: str) -> Reply:
    text = f"*{esc(target.label)}* is nominated for a deep dive at the next review (by {user(by)})."
    data = {"nominated": target.label, "type": target.kind}
    return Reply(text=f"{esc(target.label)} nominated.", blocks=[Section(text)], data=data)


def closed_reply(agenda: Agenda, closed_at: datetime) -> Reply:
    text = (
        f"Review closed {local_text(closed_at, agenda.timezone)}: {agenda.radar_changes.total} radar changes, "
        f"{agenda.decisions_due.total} decisions due and {agenda.nominations.total} nominations were on its agenda. "
        "The next agenda counts from now."
    )
    data = {"closed_at": closed_at.isoformat(), **agenda.data()}
    return Reply(text="Review closed.", blocks=[Section(text)], data=data)
