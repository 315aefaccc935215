"""Nominations for the next review, and closing a review (``/review done``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlmodel import col

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.services.review.agenda import Agenda, build_agenda
from assay.services.targets import Target, find_target
from assay.services.workspaces import ensure_workspace, lock_workspace
from assay.storage.models import ReviewMeeting, ReviewNomination
from assay.textfmt import esc, user


def nominate(ctx: Ctx, ref: str, why: str | None) -> tuple[ReviewNomination, Target]:
    """Nominate a technique or paper for a deep dive at the next review.

    Raises NotFound for an unknown one, UserError when it is nominated already (by whom).
    """
    rt = ctx.runtime
    with rt.db.session() as session:
        now = rt.clock.now()
        ensure_workspace(session, ctx.team_id, now, rt.settings.timezone)
        lock_workspace(session, ctx.team_id)  # two people nominating the same at once: one nomination
        target = find_target(session, ctx.team_id, ref)
        paper_id = target.paper.id if target.paper else None
        technique_id = target.technique.id if target.technique else None
        same = (
            col(ReviewNomination.paper_id) == paper_id
            if paper_id is not None
            else col(ReviewNomination.technique_id) == technique_id
        )
        already = (
            session.execute(
                select(ReviewNomination).where(
                    col(ReviewNomination.team_id) == ctx.team_id, col(ReviewNomination.meeting_id).is_(None), same
                )
            )
            .scalars()
            .first()
        )
        if already is not None:
            raise UserError(f"{esc(target.label)} is already nominated for the next review (by {user(already.by)}).")
        nomination = ReviewNomination(
            team_id=ctx.team_id, paper_id=paper_id, technique_id=technique_id, why=why, by=ctx.user_id, at=now
        )
        session.add(nomination)
        return nomination, target


@dataclass(frozen=True)
class Closed:
    meeting: ReviewMeeting
    agenda: Agenda


def close_review(ctx: Ctx) -> Closed:
    """Close the review: keep what its agenda held, mark the nominations discussed, and count
    the next agenda's radar changes from now."""
    rt = ctx.runtime
    with rt.db.session() as session:
        now = rt.clock.now()
        workspace = ensure_workspace(session, ctx.team_id, now, rt.settings.timezone)
        agenda = build_agenda(session, ctx.team_id, now, rt.settings.timezone)
        meeting = ReviewMeeting(
            team_id=ctx.team_id,
            since=workspace.last_review_at,
            closed_at=now,
            closed_by=ctx.user_id,
            agenda=agenda.data(),
        )
        session.add(meeting)
        session.flush()
        session.execute(
            update(ReviewNomination)
            .where(col(ReviewNomination.team_id) == ctx.team_id, col(ReviewNomination.meeting_id).is_(None))
            .values(meeting_id=meeting.id)
            .execution_options(synchronize_session=False)
        )
        workspace.last_review_at = now
        return Closed(meeting, agenda)
