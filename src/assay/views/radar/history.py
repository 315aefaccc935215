"""Votes, history, moves and gates of one technique, as neutral blocks."""

from __future__ import annotations

from datetime import datetime, tzinfo

from assay.replies import Announcement, Block, Context, Header, HomeRef, Section, ThreadRef
from assay.services.radar.casting import RecordedVote, VoteOutcome
from assay.services.radar.moves import History
from assay.services.radar.table import RadarRow
from assay.services.radar.votes import Tally, VoteSummary, disagrees
from assay.storage.models import GateRecord, RadarMove, Technique
from assay.textfmt import esc, truncate, user
from assay.views.radar.table import DISAGREE, tally_text
from assay.views.times import shown_time

MAX_LINES = 60  # voters or history entries listed; the rest are counted


def _when(at: datetime, zone: tzinfo | None) -> str:
    return shown_time(at, zone)


def _times(n: int) -> str:
    return "once" if n == 1 else ("twice" if n == 2 else f"{n} times")


def vote_reply(outcome: VoteOutcome) -> list[Block]:
    """What the voter sees: their vote, whether it changed, the tally and any disagreement."""
    return [vote_said(outcome), vote_tally(outcome.technique.ring, outcome.tally)]


def vote_said(outcome: RecordedVote) -> Section:
    """The vote just recorded, and whether it changed the voter's earlier one."""
    t = outcome.technique
    if outcome.previous is None:
        what = f"You voted *{outcome.ring.value}* for *{esc(t.name)}*."
    elif outcome.changed:
        what = f"You changed your vote on *{esc(t.name)}* from {outcome.previous.value} to *{outcome.ring.value}*."
    else:
        what = f"Your vote on *{esc(t.name)}* stays *{outcome.ring.value}*."
    return Section(what)


def vote_tally(ring: str, tally: Tally) -> Context:
    """A technique's official ring, its tally and any disagreement between them."""
    lines = [f"Official ring: *{esc(ring)}* · votes: {tally_text(tally)}"]
    if disagrees(ring, tally):
        lines.append(f"{DISAGREE} with the official ring; `/radar votes` shows who voted what.")
    return Context(tuple(lines))


def votes_blocks(summary: VoteSummary) -> list[Block]:
    """The tally, each person's vote with its reason, who changed their mind, the flag."""
    t = summary.technique
    blocks: list[Block] = [Header(f"Votes on {truncate(t.name, 120)}")]
    verdict = f"Official ring: *{esc(t.ring)}* · votes: {tally_text(summary.tally)}"
    if summary.disagrees:
        verdict += f"\n{DISAGREE}: most votes are not for {esc(t.ring)}. Discuss it, or move it with `/radar move`."
    blocks.append(Section(verdict))
    if not summary.voters:
        blocks.append(
            Context(("Nobody has voted yet. Vote with `/radar vote <technique> <ring>` or the card's buttons.",))
        )
        return blocks
    lines = []
    for v in summary.voters[:MAX_LINES]:
        flag = " ≠ ring" if v.ring.value != t.ring else ""
        why = f" — “{esc(truncate(v.why, 200))}”" if v.why else ""
        changed = f" (changed {_times(v.changed)}: {' → '.join(r.value for r in v.path)})" if v.changed else ""
        lines.append(f"• {user(v.user)} *{v.ring.value}*{flag}{why}{changed}")
    if len(summary.voters) > MAX_LINES:
        lines.append(f"…and {len(summary.voters) - MAX_LINES} more votes.")
    blocks.append(Section("\n".join(lines)))  # split at line breaks for Slack when long
    changers = sum(1 for v in summary.voters if v.changed)
    blocks.append(Context((f"{_plural(len(summary.voters), 'vote')} · {changers} changed their mind.",)))
    return blocks


def _move_line(move: RadarMove, zone: tzinfo | None) -> str:
    step = f"{move.from_ring} → *{move.to_ring}*" if move.from_ring else f"placed in *{move.to_ring}*"
    return f"• {_when(move.at, zone)} · {step} by {user(move.by)} — {esc(truncate(move.why, 400))}"


def _gate_line(gate: GateRecord, zone: tzinfo | None) -> str:
    return (
        f"• {_when(gate.at, zone)} · gate *{esc(gate.gate)}*: *{esc(gate.decision)}* by {user(gate.by)} — "
        f"{esc(truncate(gate.why, 400))}"
    )


def history_blocks(hist: History, zone: tzinfo | None) -> list[Block]:
    """Moves and gate decisions of one technique, oldest first, in one timeline, on the team's
    clocks (``zone``)."""
    t = hist.technique
    entries: list[tuple[datetime, int, str]] = [(m.at, 0, _move_line(m, zone)) for m in hist.moves]
    entries += [(g.at, 1, _gate_line(g, zone)) for g in hist.gates]
    entries += [(datetime.fromisoformat(e["at"]), 2, _evidence_line(e, zone)) for e in hist.gut_checks]
    entries.sort(key=lambda e: (e[0], e[1]))
    lines = [text for _, _, text in entries]
    if len(lines) > MAX_LINES:
        lines = [f"…{len(lines) - MAX_LINES} earlier entries not shown.", *lines[-MAX_LINES:]]
    blocks: list[Block] = [
        Header(f"History of {truncate(t.name, 120)}"),
        Section(f"Now in *{esc(t.ring)}*."),
    ]
    blocks.append(Section("\n".join(lines) if lines else "No moves recorded."))
    counts = f"{_plural(len(hist.moves), 'move')} · {_plural(len(hist.gates), 'gate decision')}"
    if hist.gut_checks:
        counts += f" · {_plural(len(hist.gut_checks), 'gut-check event')}"
    blocks.append(Context((counts + ".",)))
    return blocks


def _evidence_line(event: dict[str, object], zone: tzinfo | None) -> str:
    """A gut check's verdict or decision in the technique's timeline."""
    at = datetime.fromisoformat(str(event["at"]))
    by = f" — {user(str(event['by']))}" if event.get("by") else ""
    return f"• {_when(at, zone)} · 🧪 {esc(truncate(str(event['why']), 400))}{by}"


def move_announcement(row: RadarRow, move: RadarMove) -> tuple[str, list[Block]]:
    """The post in the technique's thread (also broadcast to the channel) for a move."""
    t = row.technique
    text = f"Radar move: {esc(truncate(t.name, 80))} {move.from_ring} → {move.to_ring}"
    owner = f" · owner {user(t.owner)}" if t.owner else ""
    nxt = f" · next: {esc(truncate(t.next_action, 300))}" if t.next_action else ""
    due = f" (due {t.due.isoformat()})" if t.due and t.next_action else ""
    blocks: list[Block] = [
        Section(f"🧭 *{esc(t.name)}* moved {move.from_ring} → *{move.to_ring}* by {user(move.by)}"),
        Section(f"*Why:* {esc(truncate(move.why, 2000))}"),
        Context((f"Votes: {tally_text(row.tally)}{owner}{nxt}{due}",)),
    ]
    return text, blocks


def gate_announcement(name: str, gate: GateRecord) -> tuple[str, list[Block]]:
    text = f"Gate {gate.gate} for {esc(truncate(name, 80))}: {gate.decision}"
    return text, [
        Section(
            f"🚦 *{esc(name)}* — gate *{esc(gate.gate)}*: *{esc(gate.decision)}* by {user(gate.by)}\n"
            f"*Why:* {esc(truncate(gate.why, 2000))}"
        )
    ]


def home_announcement(
    technique: Technique, channel: str | None, text: str, blocks: list[Block], *, broadcast: bool
) -> Announcement:
    """A post into the technique's home thread (``broadcast``: also shown in the channel);
    without a thread yet, a post to ``channel`` that becomes the home thread."""
    if technique.thread_channel and technique.thread_ts:
        where = ThreadRef(technique.thread_channel, technique.thread_ts)
        return Announcement(text, blocks, thread=where, broadcast=broadcast)
    return Announcement(text, blocks, channel=channel, home=HomeRef("technique", technique.id or 0))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
