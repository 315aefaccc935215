"""Every table, imported here so that ``SQLModel.metadata`` knows them all (Alembic reads it)."""

from assay.storage.models.gutcheck import (
    GutCheck,
    GutCheckCorrection,
    GutCheckDecision,
    GutCheckReminder,
    GutCheckRun,
)
from assay.storage.models.paper import Paper, PaperWatch, WatchSeen
from assay.storage.models.radar import (
    GateRecord,
    RadarMove,
    Technique,
    TechniquePaper,
    Vote,
    VoteChange,
)
from assay.storage.models.workspace import (
    DiscussionMessage,
    HandledRequest,
    Installation,
    Workspace,
)

__all__ = [
    "DiscussionMessage",
    "GateRecord",
    "GutCheck",
    "GutCheckCorrection",
    "GutCheckDecision",
    "GutCheckReminder",
    "GutCheckRun",
    "HandledRequest",
    "Installation",
    "Paper",
    "PaperWatch",
    "RadarMove",
    "Technique",
    "TechniquePaper",
    "Vote",
    "VoteChange",
    "WatchSeen",
    "Workspace",
]
