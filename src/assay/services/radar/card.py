"""What a technique's card shows: its row of the table, its evidence, its gates.

The card posted in the channel (the technique's home message) is redrawn from this after
every vote and move, so its tally stays current.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from assay.runtime import Runtime
from assay.services.radar.evidence import Links, technique_links
from assay.services.radar.moves import latest_gates
from assay.services.radar.table import RadarRow, row_of
from assay.storage.models import Technique


@dataclass(frozen=True)
class TechniqueCard:
    row: RadarRow
    links: Links
    gates: dict[str, str]  # gate → its latest decision


def technique_card_state(session: Session, technique: Technique) -> TechniqueCard:
    gates = {g.value: d.value for g, d in latest_gates(session, technique).items()}
    return TechniqueCard(row_of(session, technique), technique_links(session, technique), gates)


def load_technique_card(runtime: Runtime, team_id: str, technique_id: int) -> TechniqueCard | None:
    """The card of a technique of this workspace; None when it is gone."""
    with runtime.db.reading() as session:
        technique = session.get(Technique, technique_id)
        if technique is None or technique.team_id != team_id:
            return None
        return technique_card_state(session, technique)
