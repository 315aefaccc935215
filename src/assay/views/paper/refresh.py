"""What the daily citation refresh says in a paper's thread."""

from __future__ import annotations

from assay.replies import Reply, Section
from assay.storage.models import Paper
from assay.textfmt import esc, truncate
from assay.triage.priority import PriorityScore
from assay.views.paper.card import PRIORITY_EMOJI


def priority_change_note(paper: Paper, before: str, score: PriorityScore, reason: str) -> Reply:
    """Said once in the paper's thread when a refresh moves its priority band."""
    emoji = PRIORITY_EMOJI.get(str(score.priority), "")
    text = (
        f"{emoji} `P{paper.number}` is now *{score.priority}* (was {esc(before)}): {esc(truncate(reason, 500))}. "
        f"Score {score.explain()}."
    )
    return Reply(text=f"P{paper.number} is now {score.priority}: {reason}", blocks=[Section(text)])
