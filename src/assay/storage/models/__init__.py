"""Every table, imported here so that ``SQLModel.metadata`` knows them all (Alembic reads it)."""

from assay.storage.models.gutcheck import (
    GutCheck,
    GutCheckCorrection,
    GutCheckDecision,
    GutCheckRun,
)
from assay.storage.models.notes import PassNote
from assay.storage.models.oauth import OAuthState
from assay.storage.models.paper import Paper, PaperWatch, WatchSeen
from assay.storage.models.radar import (
    GateRecord,
    RadarMove,
    Technique,
    TechniquePaper,
    Vote,
    VoteChange,
)
from assay.storage.models.review import Prediction, ReviewMeeting, ReviewNomination, ReviewSchedule
from assay.storage.models.schedule import ScheduledItem
from assay.storage.models.signals import SignalAnswer
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
    "GutCheckRun",
    "HandledRequest",
    "Installation",
    "OAuthState",
    "Paper",
    "PaperWatch",
    "PassNote",
    "Prediction",
    "RadarMove",
    "ReviewMeeting",
    "ReviewNomination",
    "ReviewSchedule",
    "ScheduledItem",
    "SignalAnswer",
    "Technique",
    "TechniquePaper",
    "Vote",
    "VoteChange",
    "WatchSeen",
    "Workspace",
]
