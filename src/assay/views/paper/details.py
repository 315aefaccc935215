"""``/paper show``: the card plus discussion, techniques and gut checks."""

from __future__ import annotations

from datetime import date

from assay.replies import Block, Context, Section
from assay.services.papers.details import PaperDetails
from assay.storage.models import Paper
from assay.textfmt import esc
from assay.views.paper.card import paper_card


def paper_details_blocks(paper: Paper, details: PaperDetails, *, today: date | None = None) -> list[Block]:
    blocks = paper_card(paper, today=today)
    techniques = ", ".join(f"{esc(t['name'])} ({t['ring']})" for t in details.techniques) or "none"
    checks = ", ".join(f"`{g['id']}` {esc(g['verdict'] or g['status'])}" for g in details.gut_checks) or "none"
    notes = (
        "\n".join(f"• Pass {n['pass']} by {esc(str(n['author']))}: {esc(str(n['summary']))}" for n in details.notes)
        or "No reading notes yet."
    )
    replies = f"{details.discussion_count} repl{'y' if details.discussion_count == 1 else 'ies'}"
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
    return blocks
