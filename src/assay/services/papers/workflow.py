"""The reading workflow of a paper: who reads it, how far they got, and dropping it.

A paper moves through the reading stages ``unread → pass 1 → pass 2 → pass 3 → decided``
as its notes are recorded (see :mod:`assay.reading.stages`), or is ``dropped`` with a
reason. A paper has at most one assigned reader; anyone may note it. Every change here is
one transaction scoped to one workspace: a paper is reached by its handle or arXiv id
(typed by a user) or by its row id (carried by a card's button), and only inside ``team_id``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from assay.errors import NotFound, UserError
from assay.limits import TEXT_MAX, too_long
from assay.reading.stages import DECIDED, DROPPED, OPEN_STAGES
from assay.runtime import Runtime
from assay.services.papers.library import find_paper, handle
from assay.storage.models import HandledRequest, Paper
from assay.textfmt import esc

PRIORITIES = ("HIGH", "MEDIUM", "LOW")
MAX_REASON = TEXT_MAX

PaperKey = str | int  # a handle or arXiv id typed by someone, or the row id a button carries


@dataclass(frozen=True)
class PaperChange:
    """A paper after a workflow step, what it was before, and whether anything changed."""

    paper: Paper
    changed: bool
    reader_before: str | None
    stage_before: str


@dataclass(frozen=True)
class QueueItem:
    handle: str
    title: str
    abs_url: str | None
    priority: str | None
    priority_score: int | None
    stage: str
    reader: str | None
    added_at: datetime

    def data(self) -> dict[str, str | None]:
        return {
            "handle": self.handle,
            "title": self.title,
            "priority": self.priority,
            "stage": self.stage,
            "reader": self.reader,
        }


def paper_by_id(session: Session, team_id: str, paper_id: int) -> Paper:
    """The paper with this row id in this workspace; NotFound for any other workspace's."""
    paper = session.get(Paper, paper_id) if 0 < paper_id < 2**31 else None
    if paper is None or paper.team_id != team_id:
        raise NotFound("That paper is not in this workspace any more. `/paper queue all` lists the papers here.")
    return paper


def load_paper(session: Session, team_id: str, key: PaperKey) -> Paper:
    """A paper of this workspace by row id or by handle / arXiv id; NotFound otherwise."""
    return paper_by_id(session, team_id, key) if isinstance(key, int) else find_paper(session, team_id, key)


def refuse_dropped(paper: Paper, doing: str) -> None:
    """UserError when the paper was dropped: it can't be ``doing`` (assigned, read…)."""
    if paper.stage == DROPPED:
        reason = f" ({esc(paper.dropped_reason)})" if paper.dropped_reason else ""
        raise UserError(f"{handle(paper)} was dropped{reason}, so it can't be {doing}.")


def assign_reader(runtime: Runtime, team_id: str, key: PaperKey, reader: str) -> PaperChange:
    """Make ``reader`` the paper's reader; the reading stage stays as it is.

    Assigning the current reader again changes nothing (``changed=False``). Raises NotFound
    for an unknown paper and UserError for a dropped one.
    """
    with runtime.db.session() as session:
        paper = load_paper(session, team_id, key)
        refuse_dropped(paper, "assigned")
        before = PaperChange(paper, False, paper.reader, paper.stage)
        if paper.reader == reader:
            return before
        paper.reader = reader
        return PaperChange(paper, True, before.reader_before, before.stage_before)


def droppable_paper(runtime: Runtime, team_id: str, key: PaperKey) -> Paper:
    """The paper, checked that it may be dropped (not dropped yet, not decided); raises otherwise."""
    with runtime.db.session() as session:
        paper = load_paper(session, team_id, key)
        _check_droppable(paper)
        return paper


def _check_droppable(paper: Paper) -> None:
    if paper.stage == DROPPED:
        reason = f": {esc(paper.dropped_reason)}" if paper.dropped_reason else "."
        raise UserError(f"{handle(paper)} was already dropped{reason}")
    if paper.stage == DECIDED:
        raise UserError(
            f"{handle(paper)} has been read to the end (stage decided); there is nothing to drop. "
            f"`/pass show {handle(paper)}` shows its notes."
        )


def clean_reason(reason: str | None, paper_ref: str = "P3") -> str:
    """The drop reason, stripped; raises UserError when it is missing, blank or too long."""
    text = (reason or "").strip()
    if not text:
        raise UserError(
            f'Say why you drop it, e.g. `/paper drop {paper_ref} reason="baselines are too weak"`. '
            "The reason is kept with the paper."
        )
    if len(text) > MAX_REASON:
        raise UserError(too_long("The reason", len(text), MAX_REASON) + ".")
    return text


def drop_paper(
    runtime: Runtime, team_id: str, key: PaperKey, reason: str, *, once_key: str | None = None
) -> PaperChange | None:
    """Drop the paper with its reason (kept with the paper); the reader stays on record.

    With ``once_key`` (e.g. a modal's view id) the drop is recorded at most once: a repeat
    returns None and changes nothing. The key is claimed in the same transaction as the
    drop, so a refused drop does not use it up. Raises NotFound for an unknown paper and
    UserError for a missing reason or a paper that is dropped or decided already.
    """
    text = clean_reason(reason, key if isinstance(key, str) else "P3")
    try:
        with runtime.db.session() as session:
            if once_key is not None:
                session.add(HandledRequest(team_id=team_id, key=once_key[:200], handled_at=runtime.clock.now()))
                session.flush()
            paper = load_paper(session, team_id, key)
            _check_droppable(paper)
            stage_before = paper.stage
            paper.stage, paper.dropped_reason = DROPPED, text
            return PaperChange(paper, True, paper.reader, stage_before)
    except IntegrityError:
        return None  # this key was used: the same submission again


def reading_queue(runtime: Runtime, team_id: str, reader: str | None = None) -> list[QueueItem]:
    """Unread and in-progress papers (stages unread to pass 3), optionally of one reader.

    Ordered by priority (HIGH, MEDIUM, LOW, then unscored) and then by time in the queue,
    the paper added longest ago first.
    """
    rank = case(
        *((col(Paper.priority) == p, i) for i, p in enumerate(PRIORITIES)),
        else_=len(PRIORITIES),
    )
    query = (
        select(
            col(Paper.number),
            col(Paper.title),
            col(Paper.abs_url),
            col(Paper.priority),
            col(Paper.priority_score),
            col(Paper.stage),
            col(Paper.reader),
            col(Paper.added_at),
        )
        .where(col(Paper.team_id) == team_id, col(Paper.stage).in_(OPEN_STAGES))
        .order_by(rank, col(Paper.added_at), col(Paper.number))
    )
    if reader is not None:
        query = query.where(col(Paper.reader) == reader)
    with runtime.db.session() as session:
        rows = session.execute(query).all()
    return [
        QueueItem(f"P{r.number}", r.title, r.abs_url, r.priority, r.priority_score, r.stage, r.reader, r.added_at)
        for r in rows
    ]
