"""The paper card: triage facts, and the live state the channel follows (readers, stage,
pass progress, techniques, gut checks). The card posted in the channel is redrawn with
:func:`card_updates` whenever that state changes."""

from __future__ import annotations

from datetime import date

from assay.ids import ActionId
from assay.reading.passes import LAST_PASS, PASSES, Decision
from assay.reading.stages import DECIDED, DROPPED, Progress, ReaderPosition
from assay.replies import Actions, Block, Button, CardUpdate, Context, Section, ThreadRef
from assay.services.papers.card import CardState
from assay.services.papers.library import handle
from assay.storage.models import Paper
from assay.textfmt import esc, link, truncate, user
from assay.views.paper.signals import code_field, signal_lines

READERS_SHOWN = 8

PRIORITY_EMOJI = {"HIGH": "🔴", "MEDIUM": "🟠", "LOW": "⚪"}
REVIEW_WITHIN = {"HIGH": "review within a week", "MEDIUM": "review within a month"}


def short_authors(authors: list[str], keep: int = 3) -> str:
    if len(authors) <= keep:
        return ", ".join(authors)
    return ", ".join(authors[:keep]) + f" et al. ({len(authors)} authors)"


def paper_title_line(paper: Paper) -> str:
    title = truncate(paper.title, 250)
    return f"*{link(paper.abs_url, title)}*" if paper.abs_url else f"*{esc(title)}*"


def priority_text(paper: Paper) -> str:
    if not paper.priority:
        return "not scored"
    emoji = PRIORITY_EMOJI.get(paper.priority, "")
    within = REVIEW_WITHIN.get(paper.priority, "no deadline")
    return f"{emoji} *{paper.priority}* (score {paper.priority_score}) — {within}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def progress_line(progress: Progress) -> str:
    """``pass 2 of 3 · 2 readers``; empty when nobody has noted the paper."""
    if not progress.readers:
        return ""
    return f"pass {progress.furthest} of {LAST_PASS} · {_plural(len(progress.readers), 'reader')}"


def position_text(position: ReaderPosition) -> str:
    """Where one reader stands, e.g. ``@ann stopped at pass 1``."""
    who = user(position.reader)
    if position.decision == Decision.STOP:
        text = f"{who} stopped at pass {position.furthest}"
    elif position.furthest == LAST_PASS:
        text = f"{who} read all {LAST_PASS} passes"
    else:
        text = f"{who} noted pass {position.furthest}, reads on"
    return text + (" (skipped a pass)" if position.forced else "")


def _live_lines(state: CardState) -> list[str]:
    lines = []
    readers = state.progress.readers
    if readers:
        shown = " · ".join(position_text(r) for r in readers[:READERS_SHOWN])
        more = f" · and {len(readers) - READERS_SHOWN} more" if len(readers) > READERS_SHOWN else ""
        lines.append(f"📖 {shown}{more}")
    if state.techniques:
        names = ", ".join(f"{esc(truncate(t.name, 80))} ({esc(t.ring)})" for t in state.techniques[:10])
        lines.append(f"🧭 Technique{'s' if len(state.techniques) > 1 else ''}: {names}")
    if state.gut_checks:
        checks = ", ".join(
            f"`G{g.number}` {esc(g.last_verdict or 'no runs yet')} ({esc(g.status)})" for g in state.gut_checks[:10]
        )
        lines.append(f"🧪 Gut checks: {checks}")
    return lines


def _buttons(paper: Paper) -> Actions:
    value = str(paper.id)
    buttons = [Button(ActionId.PAPER_ASSIGN_ME, "Assign to me", value, "primary")]
    buttons += [Button(ActionId.PAPER_PASS, f"Start pass {n}", f"{value}:{n}") for n in PASSES]
    if paper.stage != DECIDED:
        buttons.append(Button(ActionId.PAPER_DROP, "Drop", value, "danger"))
    return Actions(tuple(buttons))


def paper_card(state: CardState, *, with_buttons: bool = True, today: date | None = None) -> list[Block]:
    """Everything a reader needs to decide in five minutes, within Slack's limits.

    ``today`` lets an answer read now say when signals were read ("today"); a card posted in
    the channel stays up for weeks, so it shows their dates instead."""
    paper = state.paper
    meta = " · ".join(
        part
        for part in (
            f"`{handle(paper)}`",
            f"arXiv {esc(paper.arxiv_id)}" + (f"v{paper.version}" if paper.version else ""),
            f"published {paper.published.date().isoformat()}",
            esc(", ".join(paper.categories[:6])),
        )
        if part
    )
    blocks: list[Block] = [
        Section(f"{paper_title_line(paper)}\n{esc(truncate(short_authors(paper.authors), 300))}\n{meta}")
    ]
    type_note = " (estimated)" if paper.paper_type_estimated else ""
    code = code_field(paper)
    reader = user(paper.reader) if paper.reader else "nobody yet"
    reading = f"*{esc(paper.stage)}* · reader {reader}"
    if line := progress_line(state.progress):
        reading += f"\n{line}"
    blocks.append(
        Section(
            "*Triage*",
            fields=(
                f"*Priority*\n{priority_text(paper)}",
                f"*Type*\n{esc(paper.paper_type or 'unknown')}{type_note}",
                f"*Code*\n{code}",
                f"*Reading*\n{reading}",
            ),
        )
    )
    signals = signal_lines(paper, today)
    if signals:
        blocks.append(Context(("\n".join(signals),)))
    if paper.priority_terms:
        terms = " · ".join(
            f"{t['points']:+d} {esc(t['label'])}" + (f" ({esc(t['note'])})" if t.get("note") else "")
            for t in paper.priority_terms
        )
        estimated = (
            f"\nEstimated or missing: {esc(', '.join(paper.priority_estimated))}" if paper.priority_estimated else ""
        )
        blocks.append(Context((truncate(f"Score: {terms}{estimated}", 2900),)))
    if paper.red_flags:
        lines = [f"• `{esc(f['code'])}` — {esc(truncate(str(f['evidence']), 240))}" for f in paper.red_flags]
        blocks.append(
            Section(truncate("*Red-flag hints* (for the reader to check, not verdicts)\n" + "\n".join(lines), 2900))
        )
    blocks.append(Context((pdf_line(paper),)))
    if live := _live_lines(state):
        blocks.append(Context((truncate("\n".join(live), 2900),)))
    if paper.stage == DROPPED and paper.dropped_reason:
        blocks.append(Context((f"Dropped: {esc(truncate(paper.dropped_reason, 500))}",)))
    if with_buttons and paper.stage != DROPPED:
        blocks.append(_buttons(paper))
    return blocks


def card_updates(state: CardState | None, *, also: ThreadRef | None = None) -> list[CardUpdate]:
    """Redraw the card posted as the paper's home message, and ``also`` another posted copy
    (a card whose button was clicked); nothing when the card was never posted."""
    if state is None:
        return []
    paper = state.paper
    targets = [ThreadRef(paper.thread_channel, paper.thread_ts)] if paper.thread_channel and paper.thread_ts else []
    if also is not None and also not in targets:
        targets.append(also)
    blocks = paper_card(state)
    return [CardUpdate(target, card_fallback(paper), blocks) for target in targets]


def pdf_line(paper: Paper) -> str:
    if paper.pdf_status == "read":
        extra = f"; {esc(paper.pdf_problem)}" if paper.pdf_problem else ""
        return f"📄 PDF read: {paper.pdf_pages} pages{extra}."
    reason = esc(paper.pdf_problem or "it was not fetched")
    return f"📄 PDF not read: {reason}. Triage used the arXiv metadata only."


def card_fallback(paper: Paper) -> str:
    """The message's plain-text fallback; Slack reads it as mrkdwn too, so the title is escaped."""
    return f"{handle(paper)}: {esc(truncate(paper.title, 200))} — priority {paper.priority or 'n/a'}"
