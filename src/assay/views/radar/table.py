"""The radar table and the technique card (domain objects in, neutral blocks out)."""

from __future__ import annotations

from collections.abc import Sequence

from assay.ids import ActionId
from assay.radar.rules import RING_ORDER, MovedStatus, Ring
from assay.replies import Actions, Block, Button, CardUpdate, Context, Header, Section, ThreadRef
from assay.services.radar.card import TechniqueCard
from assay.services.radar.evidence import Links
from assay.services.radar.table import RadarRow
from assay.services.radar.votes import Tally
from assay.textfmt import esc, truncate, user

PAGE_SIZE = 20  # techniques per page of the table: well inside 50 blocks and 3000 characters per section
RING_MEANING = {
    Ring.ADOPT: "use it",
    Ring.TRIAL: "trying it on real work",
    Ring.ASSESS: "worth finding out",
    Ring.HOLD: "not now",
    Ring.SKIP: "ruled out",
}
MOVED_LABEL: dict[MovedStatus, str] = {"new": "🆕 new", "in": "⬆️ moved in", "out": "⬇️ moved out", "unchanged": ""}
DISAGREE = "⚠️ votes disagree"


def tally_text(tally: Tally) -> str:
    """ "TRIAL 3 · ASSESS 1", centre ring first; "no votes yet" when nobody voted."""
    parts = [f"{ring.value} {n}" for ring in RING_ORDER if (n := tally.get(ring, 0))]
    return " · ".join(parts) if parts else "no votes yet"


def next_text(row: RadarRow, limit: int = 200) -> str:
    t = row.technique
    if not t.next_action:
        return "—"
    due = f" (due {t.due.isoformat()})" if t.due else ""
    return esc(truncate(t.next_action, limit)) + due


def vote_buttons(row: RadarRow) -> Actions:
    """One button per ring; a click records the clicker's vote (value ``<id>:<RING>``)."""
    tid = row.technique.id
    return Actions(
        tuple(
            Button(ActionId.RADAR_VOTE, ring.value, f"{tid}:{ring.value}", "primary" if ring is row.ring else None)
            for ring in RING_ORDER
        )
    )


def technique_card(
    row: RadarRow, links: Links | None = None, *, gates: str = "", with_buttons: bool = True, posted: bool = False
) -> list[Block]:
    """The technique's card: where it is, who drives it, what the team votes, its evidence.

    ``posted=True`` is the card posted in the channel (the home message): it is redrawn
    after every vote and move, so it shows the tally, but it leaves out the mark of what
    moved since the last review, which would go stale there.
    """
    t = row.technique
    quadrant = f" · {esc(t.quadrant)}" if t.quadrant else ""
    meaning = RING_MEANING[row.ring]
    head = f"🧭 *{esc(t.name)}* is in *{row.ring.value}* ({meaning}){quadrant}"
    if t.description:
        head += "\n" + esc(truncate(t.description, 1500))
    owner = user(t.owner) if t.owner else ("⚠️ nobody yet" if row.needs_owner else "—")
    votes = tally_text(row.tally) + (f"\n{DISAGREE} with {row.ring.value}" if row.disagrees else "")
    fields: tuple[str, ...] = (
        f"*Owner*\n{owner}",
        f"*Next action*\n{next_text(row, 500)}",
        f"*Votes*\n{votes}",
    )
    if not posted:
        fields += (f"*Since the last review*\n{MOVED_LABEL[row.moved] or 'unchanged'}",)
    blocks: list[Block] = [Section(head, fields=fields)]
    context: list[str] = []
    if links is not None and (links.papers or links.gutchecks):
        evidence = [f"P{p.number} {esc(truncate(p.title, 80))}" for p in links.papers[:10]]
        evidence += [f"G{g.number} ({esc(g.last_verdict or g.status)})" for g in links.gutchecks[:10]]
        context.append("Evidence: " + " · ".join(evidence))
    if gates:
        context.append(gates)
    if context:
        blocks.append(Context(tuple(context)))
    if with_buttons:
        quoted = f'"{esc(t.name)}"' if " " in t.name else esc(t.name)
        hint = "Vote for the ring you think it belongs in: one vote each, change it any time."
        blocks.append(Context((f"{hint} `/radar votes {quoted}` shows who voted what.",)))
        blocks.append(vote_buttons(row))
    return blocks


def technique_card_updates(card: TechniqueCard | None) -> list[CardUpdate]:
    """Redraw the technique's home message; nothing when its card was never posted."""
    if card is None:
        return []
    t = card.row.technique
    if not t.thread_channel or not t.thread_ts:
        return []
    blocks = technique_card(card.row, card.links, gates=gates_text(card.gates), posted=True)
    return [CardUpdate(ThreadRef(t.thread_channel, t.thread_ts), card_fallback(card.row), blocks)]


def gates_text(latest: dict[str, str]) -> str:
    """ "Gates: discovery yes · validation not-yet" from the latest decision per gate."""
    if not latest:
        return ""
    return "Gates: " + " · ".join(f"{esc(gate)} {esc(decision)}" for gate, decision in latest.items())


def card_fallback(row: RadarRow) -> str:
    return f"Radar: {esc(truncate(row.technique.name, 80))} is in {row.ring.value}."


def _line(row: RadarRow) -> str:
    t = row.technique
    parts = [f"*{esc(t.name)}*"]
    if t.owner:
        parts.append(f"owner {user(t.owner)}")
    elif row.needs_owner:
        parts.append("⚠️ no owner")
    if t.next_action:
        parts.append(f"next: {next_text(row, 120)}")
    parts.append(f"votes: {tally_text(row.tally)}")
    if row.disagrees:
        parts.append(DISAGREE)
    if MOVED_LABEL[row.moved]:
        parts.append(MOVED_LABEL[row.moved])
    return "• " + " · ".join(parts)


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def radar_table(rows: Sequence[RadarRow], *, page: int | None = 1, ring: Ring | None = None) -> list[Block]:
    """The radar as a table grouped by ring. ``page`` None shows every row (terminal);
    otherwise one page of :data:`PAGE_SIZE` rows with Previous/Next buttons."""
    shown = [r for r in rows if ring is None or r.ring is ring]
    scope = f" — {ring.value}" if ring else ""
    blocks: list[Block] = [Header(f"Research radar{scope}")]
    if not shown:
        hint = 'Add a technique with `/radar add "LoRA fine-tuning"`.' if not rows else "Nothing in this ring."
        blocks.append(Section(f"The radar is empty. {hint}" if not rows else hint))
        return blocks
    blocks.append(Context((_summary(shown),)))
    pages = page_count(len(shown))
    current = min(max(page or 1, 1), pages)
    chunk = shown if page is None else shown[(current - 1) * PAGE_SIZE : current * PAGE_SIZE]
    for group in RING_ORDER:
        lines = [_line(r) for r in chunk if r.ring is group]
        if lines:
            title = f"*{group.value}* — {RING_MEANING[group]}"
            # Long rings are split into several sections at line breaks when rendered for Slack.
            blocks.append(Section("\n".join([title, *lines])))
    if page is not None and pages > 1:
        blocks.append(Context((f"Page {current} of {pages}",)))
        value = ring.value if ring else ""
        buttons = []
        if current > 1:
            buttons.append(Button(ActionId.RADAR_PAGE, "◀ Previous", f"{current - 1}:{value}"))
        if current < pages:
            buttons.append(Button(ActionId.RADAR_PAGE, "Next ▶", f"{current + 1}:{value}"))
        blocks.append(Actions(tuple(buttons)))
    return blocks


def _summary(rows: Sequence[RadarRow]) -> str:
    counts = [f"{g.value} {n}" for g in RING_ORDER if (n := sum(1 for r in rows if r.ring is g))]
    parts = [f"{len(rows)} technique{'' if len(rows) == 1 else 's'}: " + " · ".join(counts)]
    for status in ("new", "in", "out"):
        n = sum(1 for r in rows if r.moved == status)
        if n:
            parts.append(f"{n} {MOVED_LABEL[status].split(' ', 1)[1]}")
    if n := sum(1 for r in rows if r.disagrees):
        parts.append(f"{n} where the votes disagree")
    if n := sum(1 for r in rows if r.needs_owner):
        parts.append(f"{n} without an owner or next action")
    return " · ".join(parts) + " (moves counted since the last review)"
