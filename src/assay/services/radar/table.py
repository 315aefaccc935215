"""The radar as rows: each technique with its vote tally and what moved since the last review.

Built with one query per kind of fact (techniques, grouped votes, moves), so the table stays
quick at a thousand techniques and a hundred thousand votes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from assay.commands.context import Ctx
from assay.radar.rules import RING_ORDER, MovedStatus, Ring
from assay.services.radar.moves import moved_statuses
from assay.services.radar.votes import Tally, disagrees, empty_tally, tallies
from assay.storage.models import Technique


@dataclass(frozen=True)
class RadarRow:
    technique: Technique
    tally: Tally
    moved: MovedStatus

    @property
    def ring(self) -> Ring:
        return Ring(self.technique.ring)

    @property
    def disagrees(self) -> bool:
        return disagrees(self.ring, self.tally)

    @property
    def needs_owner(self) -> bool:
        """TRIAL and ASSESS items must have someone driving a next action."""
        t = self.technique
        return self.ring in (Ring.TRIAL, Ring.ASSESS) and not (t.owner and t.next_action)

    def data(self) -> dict[str, Any]:
        """One technique in the SPEC shape of ``/radar`` (also what add, vote and move return)."""
        t = self.technique
        return {
            "name": t.name,
            "ring": t.ring,
            "owner": t.owner,
            "next_action": t.next_action,
            "due": t.due.isoformat() if t.due else None,
            "votes": {ring.value: n for ring, n in self.tally.items()},
            "moved": self.moved,
        }


def radar_rows(session: Session, team_id: str) -> list[RadarRow]:
    """Every technique of the workspace, centre ring first, then by name."""
    techniques = list(session.exec(select(Technique).where(Technique.team_id == team_id)).all())
    counts = tallies(session, team_id)
    moved = moved_statuses(session, team_id)
    rows = [RadarRow(t, counts.get(t.id or 0, empty_tally()), moved.get(t.id or 0, "new")) for t in techniques]
    rows.sort(key=lambda r: (RING_ORDER.index(r.ring), r.technique.name_key))
    return rows


def row_of(session: Session, technique: Technique) -> RadarRow:
    """One technique as a row of the table."""
    assert technique.id is not None
    counts = tallies(session, technique.team_id, [technique.id])
    moved = moved_statuses(session, technique.team_id, [technique.id])
    return RadarRow(technique, counts.get(technique.id, empty_tally()), moved.get(technique.id, "new"))


def draw_radar(ctx: Ctx) -> tuple[Path, int]:
    """Draw the workspace's radar and write it as ``radar-<team>-<timestamp>.png`` in the
    runtime's output folder; returns the path and the number of techniques drawn."""
    from assay.radar.picture import Blip, render_radar  # matplotlib loads only to draw

    rt = ctx.runtime
    now = rt.clock.now()
    with rt.db.session() as session:
        rows = radar_rows(session, ctx.team_id)
    blips = [Blip(r.technique.name, r.ring, r.technique.quadrant, r.moved) for r in rows]
    today = ctx.now()  # the date on the picture is the team's
    png = render_radar(blips, title="Research radar", now_label=today.strftime("%d %B %Y"))
    team = "".join(ch for ch in ctx.team_id if ch.isalnum()) or "team"
    rt.output_dir.mkdir(parents=True, exist_ok=True)
    path = rt.output_dir / f"radar-{team}-{now.strftime('%Y%m%dT%H%M%S')}.png"
    path.write_bytes(png)
    return path, len(rows)
