"""The baselines of ``bench_scale.py``: for each feature, a raw SQL select of the rows it shows.

Written in SQLAlchemy core against the tables (no ORM objects, no services, no rendering):
the same rows, the same joins and counts, fetched. What a feature adds on top is its own work.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from scale_data import ME, NOW
from sqlalchemy import Connection, and_, case, func, or_, select

from assay.reading.passes import PASSES, note_fields
from assay.reading.stages import OPEN_STAGES
from assay.storage.models import (
    DiscussionMessage,
    GutCheck,
    Paper,
    PassNote,
    Prediction,
    RadarMove,
    ReviewNomination,
    ReviewSchedule,
    ScheduledItem,
    Technique,
    Vote,
    Workspace,
)

P: Any = Paper.__table__  # type: ignore[attr-defined]
N: Any = PassNote.__table__  # type: ignore[attr-defined]
T: Any = Technique.__table__  # type: ignore[attr-defined]
V: Any = Vote.__table__  # type: ignore[attr-defined]
M: Any = RadarMove.__table__  # type: ignore[attr-defined]
G: Any = GutCheck.__table__  # type: ignore[attr-defined]
F: Any = Prediction.__table__  # type: ignore[attr-defined]
R: Any = ReviewNomination.__table__  # type: ignore[attr-defined]
D: Any = DiscussionMessage.__table__  # type: ignore[attr-defined]
S: Any = ScheduledItem.__table__  # type: ignore[attr-defined]
W: Any = Workspace.__table__  # type: ignore[attr-defined]
RS: Any = ReviewSchedule.__table__  # type: ignore[attr-defined]
NOTE_TEXTS = [f.name for n in PASSES for f in note_fields(n) if f.kind == "text"]


def _top(conn: Connection, query: Any, limit: int) -> list[Any]:
    """The first ``limit`` rows and the count of all, as a section of a message shows them."""
    conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar()
    return list(conn.execute(query.limit(limit)).all())


def digest(conn: Connection, team: str) -> None:
    since, until, ahead = NOW - timedelta(days=7), NOW, NOW + timedelta(days=7)
    conn.execute(select(W).where(W.c.team_id == team)).one()
    added = and_(P.c.team_id == team, P.c.added_at > since, P.c.added_at <= until)
    _top(conn, select(P.c.number, P.c.title, P.c.priority, P.c.stage).where(added).order_by(P.c.added_at), 8)
    first = select(func.min(N.c.created_at).label("first")).where(N.c.team_id == team)
    first = first.group_by(N.c.paper_id, N.c.author, N.c.pass_number).subquery()
    conn.execute(select(func.count()).select_from(first).where(first.c.first > since, first.c.first <= until)).scalar()
    moved = and_(M.c.team_id == team, M.c.at > since, M.c.at <= until)
    _top(conn, select(T.c.name, M.c.from_ring, M.c.to_ring).join(T, T.c.id == M.c.technique_id).where(moved), 8)
    verdicts = and_(G.c.team_id == team, G.c.verdict_at > since, G.c.verdict_at <= until)
    conn.execute(select(G.c.number, G.c.last_verdict, G.c.claim).where(verdicts).limit(8)).all()
    talk = and_(D.c.team_id == team, D.c.posted_at > since, D.c.posted_at <= until)
    conn.execute(select(func.count(), func.count(func.distinct(D.c.thread_ts))).where(talk)).one()
    due = and_(G.c.team_id == team, G.c.status == "open", G.c.timebox_ends > until, G.c.timebox_ends <= ahead)
    conn.execute(select(G.c.number, G.c.timebox_ends, G.c.owner).where(due).limit(8)).all()
    days = (until.date(), ahead.date())
    soon = and_(T.c.team_id == team, T.c.ring.in_(["TRIAL", "ASSESS"]), T.c.due.between(*days))
    conn.execute(select(T.c.name, T.c.due, T.c.owner).where(soon).limit(8)).all()
    review = and_(F.c.team_id == team, F.c.outcome.is_(None), F.c.review_on.between(*days))
    conn.execute(select(F.c.number, F.c.review_on, F.c.made_by).where(review).limit(8)).all()


def agenda(conn: Connection, team: str) -> None:
    workspace = conn.execute(select(W).where(W.c.team_id == team)).one()
    conn.execute(select(RS).where(RS.c.team_id == team)).all()
    since, today = workspace.last_review_at, NOW.date()
    changes = select(M, T.c.name).join(T, T.c.id == M.c.technique_id).where(M.c.team_id == team, M.c.at > since)
    _top(conn, changes.order_by(M.c.at.desc()), 25)
    ended = select(G.c.number, G.c.claim, G.c.owner, G.c.timebox_ends)
    _top(conn, ended.where(G.c.team_id == team, G.c.status == "open", G.c.timebox_ends <= NOW), 25)
    stuck = or_(and_(T.c.ring == "TRIAL", T.c.due < today), and_(T.c.ring == "ASSESS", T.c.owner.is_(None)))
    _top(conn, select(T.c.name, T.c.ring, T.c.owner, T.c.due).where(T.c.team_id == team, stuck), 25)
    nominated = select(R, P.c.number, P.c.title, T.c.name).outerjoin(P, P.c.id == R.c.paper_id)
    nominated = nominated.outerjoin(T, T.c.id == R.c.technique_id)
    _top(conn, nominated.where(R.c.team_id == team, R.c.meeting_id.is_(None)), 25)
    due = select(F, P.c.number, T.c.name).outerjoin(P, P.c.id == F.c.paper_id).outerjoin(T, T.c.id == F.c.technique_id)
    _top(conn, due.where(F.c.team_id == team, F.c.outcome.is_(None), F.c.review_on <= today), 25)
    undelivered = and_(S.c.team_id == team, S.c.status.in_(["stale", "failed"]), S.c.due_at > since)
    _top(conn, select(S).where(undelivered), 25)


def radar(conn: Connection, team: str) -> None:
    conn.execute(select(W.c.last_review_at).where(W.c.team_id == team)).one()
    conn.execute(select(T).where(T.c.team_id == team)).all()
    grouped = select(V.c.technique_id, V.c.ring, func.count()).where(V.c.team_id == team)
    conn.execute(grouped.group_by(V.c.technique_id, V.c.ring)).all()
    conn.execute(select(M.c.technique_id, M.c.to_ring, M.c.at).where(M.c.team_id == team)).all()


def queue(conn: Connection, team: str) -> None:
    rank = case((P.c.priority == "HIGH", 0), (P.c.priority == "MEDIUM", 1), (P.c.priority == "LOW", 2), else_=3)
    shown = select(P.c.number, P.c.title, P.c.abs_url, P.c.priority, P.c.stage, P.c.reader, P.c.added_at)
    conn.execute(shown.where(P.c.team_id == team, P.c.stage.in_(OPEN_STAGES)).order_by(rank, P.c.added_at)).all()


def search(conn: Connection, team: str, words: str) -> None:
    """Papers whose title, technique, abstract, drop reason or notes hold every word (SQL LIKE)."""
    matches = []
    for word in words.split():
        pattern = f"%{word}%"
        in_notes = select(N.c.paper_id).where(N.c.team_id == team, or_(*(N.c[f].ilike(pattern) for f in NOTE_TEXTS)))
        fields = (P.c.title, P.c.technique_hint, P.c.abstract, P.c.dropped_reason)
        matches.append(or_(*(f.ilike(pattern) for f in fields), P.c.id.in_(in_notes)))
    found = select(P.c.number, P.c.title, P.c.abs_url, P.c.priority, P.c.stage, P.c.reader)
    conn.execute(found.where(P.c.team_id == team, *matches).order_by(P.c.number.desc())).all()


def home(conn: Connection, team: str) -> None:
    agenda(conn, team)
    mine = select(N.c.paper_id).where(N.c.team_id == team, N.c.author == ME)
    reading = select(P.c.id, P.c.number, P.c.title, P.c.priority, P.c.stage).where(
        P.c.team_id == team, P.c.stage.in_(OPEN_STAGES), or_(P.c.reader == ME, P.c.id.in_(mine))
    )
    shown = [row.id for row in _top(conn, reading.order_by(P.c.added_at), 10)]
    notes = select(N.c.paper_id, N.c.pass_number, N.c.decision).where(N.c.author == ME, N.c.paper_id.in_(shown))
    conn.execute(notes.where(N.c.team_id == team)).all()
    _top(conn, select(G).where(G.c.team_id == team, G.c.owner == ME, G.c.status == "open"), 10)
    _top(conn, select(T.c.name, T.c.ring, T.c.next_action, T.c.due).where(T.c.team_id == team, T.c.owner == ME), 10)
    conn.execute(select(T.c.ring, func.count()).where(T.c.team_id == team).group_by(T.c.ring)).all()
    since = NOW - timedelta(days=14)
    conn.execute(select(func.count()).select_from(M).where(M.c.team_id == team, M.c.at > since)).scalar()
