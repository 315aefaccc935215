"""Recurring schedules become rows: the next weekly digest, review reminder and daily watch run.

APScheduler's persistent job stores must not be shared by several processes (its FAQ warns of
duplicate and missed runs), so recurring work is not kept as APScheduler jobs. Instead every
process runs this planner once a minute; it computes each schedule's next occurrence with
APScheduler's cron trigger in the workspace's zone and adds it as a scheduled item. The item's
key names the occurrence, so many planners add it once. Missed occurrences are not multiplied
after downtime: the row planned before the outage is delivered once, then planning resumes
from now.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session, col

from assay.runtime import Runtime
from assay.scheduling.kinds import Kind
from assay.services.digest import next_digest, plan_next_digest
from assay.services.papers.citation_schedule import plan_next_citation_refresh
from assay.services.papers.watch.runs import plan_next_watch_run
from assay.services.predictions.reminders import plan_reminder
from assay.services.radar.reminders import replan_due
from assay.services.review.schedule import plan_next_reminder
from assay.services.schedules import items
from assay.storage.models import PaperWatch, Prediction, ReviewSchedule, ScheduledItem, Technique, Workspace

# Planned on the team's wall clock, so planned again when the team's time zone changes.
WALL_CLOCK_KINDS = (
    Kind.DIGEST,
    Kind.WATCH,
    Kind.RADAR_DUE,
    Kind.RADAR_OVERDUE,
    Kind.PREDICTION_DUE,
    Kind.CITATION_REFRESH,
)


def plan_recurring(runtime: Runtime, now: datetime) -> int:
    """Plan the next occurrence of every recurring schedule; returns how many rows were added."""
    added = 0
    with runtime.db.session() as session:
        for workspace in session.execute(
            select(Workspace).where(col(Workspace.digest_schedule).is_not(None))
        ).scalars():
            added += plan_next_digest(session, workspace, now) is not None
        for schedule in session.execute(select(ReviewSchedule)).scalars():
            added += plan_next_reminder(session, schedule, now) is not None
        zones = dict(session.execute(select(col(Workspace.team_id), col(Workspace.timezone))).all())
        for team_id, zone in zones.items():
            added += plan_next_citation_refresh(session, team_id, zone, now) is not None
        for watch in session.execute(select(PaperWatch).where(col(PaperWatch.active).is_(True))).scalars():
            added += plan_next_watch_run(session, watch, zones.get(watch.team_id, "UTC"), now) is not None
    return added


def replan_workspace(session: Session, workspace: Workspace, now: datetime) -> datetime | None:
    """After ``/assay settings`` changed the zone or the digest: everything planned on the
    team's wall clock is planned again (the digest, watch runs, the citation refresh, due dates,
    prediction dates).
    Time-box reminders are instants and stay. Returns when the next digest is due."""
    team = workspace.team_id
    session.execute(
        update(ScheduledItem)
        .where(
            col(ScheduledItem.team_id) == team,
            col(ScheduledItem.status) == items.PENDING,
            col(ScheduledItem.kind).in_([k.value for k in WALL_CLOCK_KINDS]),
        )
        .values(status=items.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    digest = plan_next_digest(session, workspace, now)
    plan_next_citation_refresh(session, team, workspace.timezone, now)
    for watch in session.execute(
        select(PaperWatch).where(col(PaperWatch.team_id) == team, col(PaperWatch.active).is_(True))
    ).scalars():
        plan_next_watch_run(session, watch, workspace.timezone, now)
    for technique in session.execute(
        select(Technique).where(col(Technique.team_id) == team, col(Technique.due).is_not(None))
    ).scalars():
        replan_due(session, technique, now)
    for prediction in session.execute(
        select(Prediction).where(col(Prediction.team_id) == team, col(Prediction.outcome).is_(None))
    ).scalars():
        plan_reminder(session, prediction, workspace.timezone, now, replace=True)
    return digest.due_at if digest is not None else next_digest(workspace, now)
