"""Techniques on the radar: add, find, edit (evidence links live in ``radar_evidence``).

A technique's name is unique per workspace, case-insensitively (``name_key``); the first
placement is kept as a move from no ring, so the history starts where the radar did.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from assay.commands.context import Ctx
from assay.errors import NotFound, UserError
from assay.radar.rules import (
    MAX_REASON_LENGTH,
    Ring,
    reason_too_long,
    skip_reason_is_valid,
    technique_key,
    validate_technique_name,
)
from assay.services.radar.evidence import Evidence, link_evidence
from assay.services.radar.reminders import replan_due
from assay.services.workspaces import ensure_workspace
from assay.storage.models import RadarMove, Technique, Workspace
from assay.textfmt import esc

MAX_QUADRANT_LENGTH = 40
ADDED_WHY = "added to the radar"


@dataclass(frozen=True)
class TechniqueFields:
    """Values a command sets on a technique; None leaves the current value alone."""

    owner: str | None = None
    next_action: str | None = None
    due: date | None = None
    quadrant: str | None = None
    description: str | None = None


# Built once: every vote looks its technique up by name, and building the statement each time
# cost more than running it.
_BY_NAME = select(Technique).where(Technique.team_id == bindparam("team_id"), Technique.name_key == bindparam("key"))


def find_technique(session: Session, team_id: str, name: str) -> Technique:
    """The technique of this workspace called ``name`` (any case).

    Raises UserError for an invalid name and NotFound (suggesting the nearest name) otherwise.
    """
    key = technique_key(name)
    found = session.exec(_BY_NAME, params={"team_id": team_id, "key": key}).one_or_none()
    if found is not None:
        return found
    keys = session.exec(select(Technique.name_key).where(Technique.team_id == team_id)).all()
    # A typo ("lroa") or a short form ("lora" for "lora fine-tuning") both deserve a hint.
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.7) or sorted(k for k in keys if key in k)[:1]
    hint = ""
    if close:
        near = session.exec(
            select(Technique.name).where(Technique.team_id == team_id, Technique.name_key == close[0])
        ).one()
        hint = f" Did you mean {esc(near)}?"
    shown = esc(validate_technique_name(name))
    raise NotFound(
        f"There is no technique '{shown}' on the radar.{hint} "
        f'`/radar` lists them; add it with `/radar add "{shown}"`.'
    )


def technique_by_id(session: Session, team_id: str, technique_id: int) -> Technique:
    """A technique by row id, only within ``team_id``; NotFound when it is gone."""
    found = session.get(Technique, technique_id)
    if found is None or found.team_id != team_id:
        raise NotFound("That technique is no longer on the radar. `/radar` lists the current ones.")
    return found


def clean_quadrant(session: Session, team_id: str, quadrant: str) -> str:
    """The quadrant name to store: spaces collapsed, and the spelling already in use when
    another technique has the same quadrant in another case (so the picture has one sector)."""
    cleaned = " ".join(quadrant.split())
    if not cleaned:
        raise UserError('A quadrant needs a name, e.g. quadrant="Inference".')
    if len(cleaned) > MAX_QUADRANT_LENGTH:
        raise UserError(
            f"A quadrant name can be at most {MAX_QUADRANT_LENGTH} characters; this one has {len(cleaned)}."
        )
    used = session.exec(
        select(Technique.quadrant).where(Technique.team_id == team_id, col(Technique.quadrant).is_not(None)).distinct()
    ).all()
    for existing in used:
        if existing and existing.casefold() == cleaned.casefold():
            return existing
    return cleaned


def team_today(workspace: Workspace, now: datetime) -> date:
    try:
        zone = ZoneInfo(workspace.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = ZoneInfo("UTC")
    return now.astimezone(zone).date()


def apply_fields(session: Session, technique: Technique, fields: TechniqueFields, today: date) -> None:
    """Set the given fields. Raises UserError for a due date in the past or without a next action."""
    if fields.due is not None:
        if fields.due < today:
            raise UserError(
                f"The due date {fields.due.isoformat()} is in the past (today is {today.isoformat()}). "
                "Give a date from today on as due=YYYY-MM-DD."
            )
        if not (fields.next_action or technique.next_action):
            raise UserError('A due date is the date of the next action. Say what it is: next="..." due=YYYY-MM-DD.')
    if fields.owner is not None:
        technique.owner = fields.owner
    if fields.next_action is not None:
        technique.next_action = " ".join(fields.next_action.split())
    if fields.due is not None:
        technique.due = fields.due
    if fields.quadrant is not None:
        technique.quadrant = clean_quadrant(session, technique.team_id, fields.quadrant)
    if fields.description is not None:
        technique.description = fields.description


def check_placement(name: str, ring: Ring, fields: TechniqueFields, why: str | None, superseded_by: str | None) -> None:
    """What adding straight into a ring needs.

    ASSESS (the default entry ring), ADOPT and HOLD need nothing but a name: an ASSESS item
    without an owner is allowed and flagged on the radar and the review agenda. TRIAL needs
    an owner and a next action (a trial always has someone driving it); SKIP needs the
    reason it was ruled out. Raises UserError naming what is missing.
    """
    if why is not None and len(why) > MAX_REASON_LENGTH:
        raise UserError(reason_too_long(why))
    name = esc(name)
    quoted = f'"{name}"' if " " in name else name
    if ring is Ring.TRIAL and not (fields.owner and fields.next_action):
        raise UserError(
            f"Adding {name} straight to TRIAL needs an owner and a next action: a trial always has "
            f'someone driving it. Add owner=@someone next="...", e.g. `/radar add {quoted} ring=TRIAL '
            f'owner=@you next="benchmark on our data"`, or add it at ASSESS first.'
        )
    if ring is Ring.SKIP and not skip_reason_is_valid(why, superseded_by):
        raise UserError(
            f"Adding {name} to SKIP needs the reason it was ruled out: "
            f'why="superseded by <technique>", why="constraint not met: <which one>" or '
            f'superseded-by="<technique>".'
        )


def add_technique(
    ctx: Ctx,
    name: str,
    ring: Ring,
    fields: TechniqueFields,
    evidence: Evidence,
    why: str | None = None,
    superseded_by: str | None = None,
) -> Technique:
    """Put a new technique on the radar, with its first placement in the history.

    Raises UserError for an invalid or taken name (any case), a placement the rules refuse
    (see :func:`check_placement`), or unknown evidence; nothing is stored then.
    """
    clean = validate_technique_name(name)
    check_placement(clean, ring, fields, why, superseded_by)
    rt = ctx.runtime
    now = rt.clock.now()
    try:
        with rt.db.session() as session:
            workspace = ensure_workspace(session, ctx.team_id, now, rt.settings.timezone)
            _refuse_taken(session, ctx.team_id, clean)
            technique = Technique(
                team_id=ctx.team_id,
                name=clean,
                name_key=clean.casefold(),
                ring=ring.value,
                created_by=ctx.user_id,
                created_at=now,
            )
            apply_fields(session, technique, fields, team_today(workspace, now))
            session.add(technique)
            session.flush()
            link_evidence(session, technique, evidence)
            replan_due(session, technique, now)
            reason = " ".join((why or ADDED_WHY).split())
            if superseded_by and superseded_by.casefold() not in reason.casefold():
                reason += f" (superseded by {' '.join(superseded_by.split())})"
            session.add(
                RadarMove(
                    team_id=ctx.team_id,
                    technique_id=technique.id or 0,
                    from_ring=None,
                    to_ring=ring.value,
                    why=reason,
                    by=ctx.user_id,
                    at=now,
                )
            )
            return technique
    except IntegrityError:
        # A concurrent add of the same name won the unique constraint.
        raise UserError(f'{esc(clean)} is already on the radar. `/radar show "{esc(clean)}"` shows it.') from None


def _refuse_taken(session: Session, team_id: str, name: str) -> None:
    existing = session.exec(
        select(Technique).where(Technique.team_id == team_id, Technique.name_key == name.casefold())
    ).one_or_none()
    if existing is not None:
        raise UserError(
            f"{esc(existing.name)} is already on the radar (in {existing.ring}); names are unique whatever "
            f'their case. Vote with `/radar vote "{esc(existing.name)}" TRIAL` or move it with `/radar move`.'
        )


def edit_technique(ctx: Ctx, name: str, fields: TechniqueFields, evidence: Evidence) -> tuple[Technique, list[str]]:
    """Change owner, next action, due date, quadrant or description, and link evidence,
    without moving the technique. Returns it and the handles linked.

    Raises NotFound for an unknown technique or evidence, UserError for a bad field or when
    nothing was given to change; nothing is stored then.
    """
    if fields == TechniqueFields() and not evidence:
        raise UserError(
            'Say what to change: owner=@u, next="...", due=YYYY-MM-DD, quadrant="...", description="...", '
            "paper=P<n> or gutcheck=G<n>."
        )
    rt = ctx.runtime
    now = rt.clock.now()
    with rt.db.session() as session:
        technique = find_technique(session, ctx.team_id, name)
        workspace = ensure_workspace(session, ctx.team_id, now, rt.settings.timezone)
        apply_fields(session, technique, fields, team_today(workspace, now))
        labels = link_evidence(session, technique, evidence)
        replan_due(session, technique, now)
        return technique, labels
