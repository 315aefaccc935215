"""``/paper show``: the card, discussion, techniques, gut checks, and every reading note."""

from __future__ import annotations

from datetime import date, tzinfo

from assay.replies import Block, Context, Divider, Header, Section
from assay.services.papers.details import PaperDetails
from assay.services.papers.library import handle
from assay.textfmt import esc
from assay.views.notes.note import note_blocks
from assay.views.paper.card import paper_card


def paper_details_blocks(
    details: PaperDetails, *, today: date | None = None, zone: tzinfo | None = None
) -> list[Block]:
    card = details.card
    paper = card.paper
    blocks = paper_card(card, today=today)
    techniques = ", ".join(f"{esc(t.name)} ({t.ring})" for t in card.techniques) or "none"
    checks = ", ".join(f"`G{g.number}` {esc(g.last_verdict or g.status)}" for g in card.gut_checks) or "none"
    replies = f"{details.discussion_count} repl{'y' if details.discussion_count == 1 else 'ies'}"
    notes = f"{len(details.notes)} (below)" if details.notes else f"none yet: `/pass 1 {handle(paper)}`"
    blocks.insert(
        -1 if len(blocks) > 1 else len(blocks),
        Section(
            "*Reading*",
            fields=(
                f"*Notes*\n{notes}",
                f"*Discussion*\n{replies} in the thread",
                f"*Techniques*\n{techniques}",
                f"*Gut checks*\n{checks}",
            ),
        ),
    )
    if details.thread is None:
        blocks.append(Context(("No discussion thread yet: the card was not posted in Slack.",)))
    if details.notes:
        blocks.append(Header(f"Reading notes on {handle(paper)}"))
        for shown in details.notes:
            blocks += [Divider(), *note_blocks(shown, handle(paper), zone)]
    return blocks
