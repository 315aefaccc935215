"""App Home: one person's desk — what they are reading, their gut checks and deadlines, the
techniques they own, the radar at a glance and the next review.

Each part is one query bounded by ``SHOWN`` rows (and one count), so opening Home costs the
same in a workspace with ten papers and with ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from assay.radar.rules import RING_ORDER, RINGS_NEEDING_OWNER
from assay.reading.passes import LAST_PASS, Decision
from assay.reading.stages import OPEN_STAGES
from assay.services.review.agenda import build_agenda
from assay.storage.models import GutCheck, Paper, PassNote, RadarMove, Technique, Workspace

SHOWN = 10  # rows per part; Home allows 100 blocks in all


@dataclass(frozen=True)
class Reading:
    paper_id: int
    handle: str
    title: str
    priority: str | None
    stage: str
    next_pass: int | None  # the pass this person would note next (None: their reading ended)


@dataclass(frozen=True)
class OwnedTechnique:
    name: str
    ring: str
    next_action: str | None
    due: date | None


@dataclass
class Home:
    user_id: str
    now: datetime  # on the team's clocks
    reading: list[Reading] = field(default_factory=list)
    reading_total: int = 0
    checks: list[GutCheck] = field(default_factory=list)
    checks_total: int = 0
    techniques: list[OwnedTechnique] = field(default_factory=list)
    techniques_total: int = 0
    rings: dict[str, int] = field(default_factory=dict)
    moved_since_review: int = 0
    next_review: datetime | None = None
    agenda_size: int = 0

    @property
    def today(self) -> date:
        return self.now.date()


def build_home(session: Session, team_id: str, user_id: str, now: datetime, default_tz: str = "UTC") -> Home:
    """Everything Home shows for ``user_id`` in ``team_id`` as of ``now`` (the team's "now":
    an aware datetime in the workspace's zone, as ``Ctx.now()`` gives)."""
    agenda = build_agenda(session, team_id, now, default_tz)  # also makes sure the workspace exists
    workspace = session.get(Workspace, team_id)
    home = Home(user_id=user_id, now=now)
    _reading(session, home, team_id)
    _checks(session, home, team_id)
    _techniques(session, home, team_id)
    _radar(session, home, team_id, workspace.last_review_at if workspace is not None else None)
    home.next_review, home.agenda_size = agenda.meeting, agenda.size
    return home


def _reading(session: Session, home: Home, team_id: str) -> None:
    """Open papers this person reads: assigned to them, or noted by them and not finished."""
    mine = (
        select(col(PassNote.paper_id))
        .where(col(PassNote.team_id) == team_id, col(PassNote.author) == home.user_id)
        .distinct()
        .scalar_subquery()
    )
    where = (
        col(Paper.team_id) == team_id,
        col(Paper.stage).in_(OPEN_STAGES),
        or_(col(Paper.reader) == home.user_id, col(Paper.id).in_(mine)),
    )
    home.reading_total = int(session.execute(select(func.count()).select_from(Paper).where(*where)).scalar() or 0)
    papers = session.execute(
        select(col(Paper.id), col(Paper.number), col(Paper.title), col(Paper.priority), col(Paper.stage))
        .where(*where)
        .order_by(col(Paper.priority_score).desc().nulls_last(), col(Paper.added_at))
        .limit(SHOWN)
    ).all()
    notes = session.execute(
        select(col(PassNote.paper_id), col(PassNote.pass_number), col(PassNote.decision))
        .where(
            col(PassNote.team_id) == team_id,
            col(PassNote.author) == home.user_id,
            col(PassNote.paper_id).in_([p.id for p in papers]),
        )
        .order_by(col(PassNote.created_at), col(PassNote.id))
    ).all()
    furthest: dict[int, tuple[int, str]] = {}
    for paper_id, pass_number, decision in notes:  # newest last: a revision replaces its pass
        best = furthest.get(paper_id)
        if best is None or pass_number >= best[0]:
            furthest[paper_id] = (pass_number, decision)
    for paper_id, number, title, priority, stage in papers:
        position = furthest.get(paper_id)
        if position is None:
            next_pass: int | None = 1
        elif position[0] >= LAST_PASS or position[1] == Decision.STOP:
            next_pass = None
        else:
            next_pass = position[0] + 1
        home.reading.append(Reading(paper_id, f"P{number}", title, priority, stage, next_pass))


def _checks(session: Session, home: Home, team_id: str) -> None:
    where = (col(GutCheck.team_id) == team_id, col(GutCheck.owner) == home.user_id, col(GutCheck.status) == "open")
    home.checks_total = int(session.execute(select(func.count()).select_from(GutCheck).where(*where)).scalar() or 0)
    home.checks = list(
        session.execute(select(GutCheck).where(*where).order_by(col(GutCheck.timebox_ends)).limit(SHOWN)).scalars()
    )


def _techniques(session: Session, home: Home, team_id: str) -> None:
    """Techniques this person owns: the ones being worked on (TRIAL, ASSESS) first, soonest due first."""
    where = (col(Technique.team_id) == team_id, col(Technique.owner) == home.user_id)
    home.techniques_total = int(
        session.execute(select(func.count()).select_from(Technique).where(*where)).scalar() or 0
    )
    rows = session.execute(
        select(col(Technique.name), col(Technique.ring), col(Technique.next_action), col(Technique.due))
        .where(*where)
        .order_by(
            col(Technique.ring).in_([r.value for r in RINGS_NEEDING_OWNER]).desc(),
            col(Technique.due).asc().nulls_last(),
            col(Technique.name_key),
        )
        .limit(SHOWN)
    ).all()
    home.techniques = [OwnedTechnique(name, ring, action, due) for name, ring, action, due in rows]


def _radar(session: Session, home: Home, team_id: str, since: datetime | None) -> None:
    counts = dict(
        session.execute(
            select(col(Technique.ring), func.count())
            .where(col(Technique.team_id) == team_id)
            .group_by(col(Technique.ring))
        ).all()
    )
    home.rings = {ring.value: int(counts.get(ring.value, 0)) for ring in RING_ORDER}
    moved = select(func.count()).select_from(RadarMove).where(col(RadarMove.team_id) == team_id)
    if since is not None:
        moved = moved.where(col(RadarMove.at) > since)
    home.moved_since_review = int(session.execute(moved).scalar() or 0)
