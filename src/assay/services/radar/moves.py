"""Official ring moves, stage gates, the history of both, and what moved since the last review."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.radar.rules import (
    MAX_REASON_LENGTH,
    Gate,
    GateDecision,
    MovedStatus,
    MoveRequest,
    Ring,
    check_move,
    move_reason,
    moved_status,
    reason_too_long,
)
from assay.services.gutcheck.history import gutcheck_events_for_technique
from assay.services.radar.evidence import Evidence, link_evidence
from assay.services.radar.reminders import replan_due
from assay.services.radar.techniques import TechniqueFields, apply_fields, find_technique, team_today
from assay.services.workspaces import ensure_workspace
from assay.storage.models import GateRecord, RadarMove, Technique, Workspace
from assay.textfmt import esc

GATE_ORDER: tuple[Gate, ...] = tuple(Gate)


@dataclass(frozen=True)
class MoveOutcome:
    technique: Technique
    move: RadarMove


def move_technique(
    ctx: Ctx,
    name: str,
    target: Ring,
    why: str | None,
    fields: TechniqueFields,
    evidence: Evidence,
    superseded_by: str | None = None,
) -> MoveOutcome:
    """Put a technique in a new official ring, and keep the move in its history.

    The rules (:func:`assay.radar.rules.check_move`) see the owner and next action the
    technique will have afterwards. Evidence (papers, gut checks) is linked and named in the
    stored reason. Raises NotFound/UserError saying what is missing; nothing changes then.
    """
    rt = ctx.runtime
    now = rt.clock.now()
    with rt.db.session() as session:
        technique = find_technique(session, ctx.team_id, name)
        request = MoveRequest(
            current=Ring(technique.ring),
            target=target,
            why=why,
            owner=fields.owner or technique.owner,
            next_action=fields.next_action or technique.next_action,
            superseded_by=superseded_by,
            technique=technique.name,
        )
        check_move(request)
        workspace = ensure_workspace(session, ctx.team_id, now, rt.settings.timezone)
        apply_fields(session, technique, fields, team_today(workspace, now))
        labels = link_evidence(session, technique, evidence)
        reason = move_reason(request)
        if labels:
            reason += f" (evidence: {', '.join(labels)})"
        move = RadarMove(
            team_id=ctx.team_id,
            technique_id=technique.id or 0,
            from_ring=technique.ring,
            to_ring=target.value,
            why=reason,
            by=ctx.user_id,
            at=now,
        )
        technique.ring = target.value
        session.add(move)
        session.flush()
        replan_due(session, technique, now)
        return MoveOutcome(technique, move)


def record_gate(ctx: Ctx, name: str, gate: Gate, decision: GateDecision, why: str) -> tuple[Technique, GateRecord]:
    """Record a stage-gate decision with who decided.

    A "yes" needs the earlier gates passed (their latest decision is yes): the pipeline runs
    discovery → validation → integration. "no" and "not-yet" can be recorded at any gate.
    Raises NotFound/UserError; nothing is stored then.
    """
    why = " ".join(why.split())
    if not why:
        raise UserError(
            f'A gate decision needs its reason: add why="..." to `/radar gate {esc(name)} {gate} {decision}`.'
        )
    if len(why) > MAX_REASON_LENGTH:
        raise UserError(reason_too_long(why))
    rt = ctx.runtime
    with rt.db.session() as session:
        technique = find_technique(session, ctx.team_id, name)
        if decision is GateDecision.YES:
            latest = latest_gates(session, technique)
            for earlier in GATE_ORDER[: GATE_ORDER.index(gate)]:
                if latest.get(earlier) is not GateDecision.YES:
                    shown = esc(technique.name)
                    quoted = f'"{shown}"' if " " in shown else shown
                    raise UserError(
                        f"{shown} has not passed the {earlier} gate yet, so it cannot pass {gate}. "
                        f'Record it first: `/radar gate {quoted} {earlier} yes why="..."`.'
                    )
        record = GateRecord(
            team_id=ctx.team_id,
            technique_id=technique.id or 0,
            gate=gate.value,
            decision=decision.value,
            why=why,
            by=ctx.user_id,
            at=rt.clock.now(),
        )
        session.add(record)
        session.flush()
        return technique, record


def latest_gates(session: Session, technique: Technique) -> dict[Gate, GateDecision]:
    """The latest decision at each gate that has one."""
    latest: dict[Gate, GateDecision] = {}
    for record in _gates(session, technique):
        latest[Gate(record.gate)] = GateDecision(record.decision)
    return latest


def _gates(session: Session, technique: Technique) -> list[GateRecord]:
    return list(
        session.exec(
            select(GateRecord)
            .where(GateRecord.team_id == technique.team_id, GateRecord.technique_id == technique.id)
            .order_by(col(GateRecord.at), col(GateRecord.id))
        ).all()
    )


@dataclass(frozen=True)
class History:
    technique: Technique
    moves: list[RadarMove]
    gates: list[GateRecord]
    gut_checks: list[dict[str, Any]] = field(default_factory=list)  # verdicts and decisions

    def data(self) -> dict[str, Any]:
        """``moves`` in the SPEC shape; gate decisions beside them under ``gates``."""
        return {
            "technique": self.technique.name,
            "moves": [
                {"from": m.from_ring, "to": m.to_ring, "why": m.why, "by": m.by, "at": m.at.isoformat()}
                for m in self.moves
            ],
            "gates": [
                {"gate": g.gate, "decision": g.decision, "why": g.why, "by": g.by, "at": g.at.isoformat()}
                for g in self.gates
            ],
            "gut_checks": self.gut_checks,
        }


def history(session: Session, team_id: str, name: str) -> History:
    """Every move (the first placement included) and gate decision, oldest first."""
    technique = find_technique(session, team_id, name)
    moves = session.exec(
        select(RadarMove)
        .where(RadarMove.team_id == team_id, RadarMove.technique_id == technique.id)
        .order_by(col(RadarMove.at), col(RadarMove.id))
    ).all()
    evidence = gutcheck_events_for_technique(session, team_id, int(technique.id or 0))
    return History(technique, list(moves), _gates(session, technique), evidence)


def moved_statuses(
    session: Session, team_id: str, technique_ids: Collection[int] | None = None
) -> dict[int, MovedStatus]:
    """What moved since the workspace's last review (``Workspace.last_review_at``).

    After a review: "new" for techniques added since, else the ring now compared with the
    ring at the review ("in" nearer ADOPT, "out", "unchanged"); a move at the very instant
    of the review counts as before it. Before the first review there is nothing to compare
    with, so a technique is "new" unless its ring has changed from its first placement, in
    which case it is "in" or "out" relative to that placement (or "unchanged" when it came
    back to it).
    """
    workspace = session.get(Workspace, team_id)
    last_review = workspace.last_review_at if workspace else None
    techniques = select(Technique.id, Technique.ring, Technique.created_at).where(Technique.team_id == team_id)
    moves = (
        select(RadarMove.technique_id, RadarMove.to_ring, RadarMove.at)
        .where(RadarMove.team_id == team_id)
        .order_by(col(RadarMove.at), col(RadarMove.id))
    )
    if technique_ids is not None:
        ids = list(technique_ids)
        techniques = techniques.where(col(Technique.id).in_(ids))
        moves = moves.where(col(RadarMove.technique_id).in_(ids))
    placements: dict[int, list[tuple[Ring, datetime]]] = {}
    for moved_id, to_ring, at in session.exec(moves):
        placements.setdefault(moved_id, []).append((Ring(to_ring), at))
    result: dict[int, MovedStatus] = {}
    for row_id, ring, created_at in session.exec(techniques):
        technique_id = int(row_id or 0)
        now = Ring(ring)
        placed = placements.get(technique_id, [])
        if last_review is None:
            first = placed[0][0] if placed else now
            result[technique_id] = moved_status(first, now, False) if len(placed) > 1 else "new"
            continue
        before = [r for r, at in placed if at <= last_review]
        result[technique_id] = moved_status(before[-1] if before else None, now, created_at > last_review)
    return result
