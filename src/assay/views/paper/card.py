"""The paper triage card."""

from __future__ import annotations

from datetime import date

from assay.ids import ActionId
from assay.replies import Actions, Block, Button, Context, Section
from assay.services.papers.library import handle
from assay.storage.models import Paper
from assay.textfmt import esc, link, truncate, user
from assay.views.paper.signals import code_field, signal_lines

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


def paper_card(paper: Paper, *, with_buttons: bool = True, today: date | None = None) -> list[Block]:
    """Everything a reader needs to decide in five minutes, within Slack's limits.

    ``today`` lets the card say when signals were read ("today"); without it, their dates."""
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
    blocks.append(
        Section(
            "*Triage*",
            fields=(
                f"*Priority*\n{priority_text(paper)}",
                f"*Type*\n{esc(paper.paper_type or 'unknown')}{type_note}",
                f"*Code*\n{code}",
                f"*Stage*\n{esc(paper.stage)} · reader {reader}",
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
    if paper.stage == "dropped" and paper.dropped_reason:
        blocks.append(Context((f"Dropped: {esc(truncate(paper.dropped_reason, 500))}",)))
    if with_buttons and paper.stage != "dropped":
        value = str(paper.id)
        blocks.append(
            Actions(
                (
                    Button(ActionId.PAPER_ASSIGN_ME, "Assign to me", value, "primary"),
                    Button(ActionId.PAPER_START_PASS1, "Start pass 1", value),
                    Button(ActionId.PAPER_DROP, "Drop", value, "danger"),
                )
            )
        )
    return blocks


def pdf_line(paper: Paper) -> str:
    if paper.pdf_status == "read":
        extra = f"; {esc(paper.pdf_problem)}" if paper.pdf_problem else ""
        return f"📄 PDF read: {paper.pdf_pages} pages{extra}."
    reason = esc(paper.pdf_problem or "it was not fetched")
    return f"📄 PDF not read: {reason}. Triage used the arXiv metadata only."


def card_fallback(paper: Paper) -> str:
    return f"{handle(paper)}: {truncate(paper.title, 200)} — priority {paper.priority or 'n/a'}"
