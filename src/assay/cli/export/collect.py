"""Everything the export holds, per workspace (never mixed across workspaces).

One :class:`~assay.cli.export.kinds.Kind` per kind of record, listed in ``KINDS``. A new kind
adds a key to the JSON and a folder or a section of the index to the Markdown; ``SCHEMA``
stays (additions never break a reader).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from assay.cli.export.gutchecks import GUT_CHECKS
from assay.cli.export.kinds import Kind, iso
from assay.cli.export.papers import PAPERS
from assay.cli.export.radar import TECHNIQUES
from assay.cli.export.reviews import PREDICTIONS, REVIEWS
from assay.cli.export.watches import WATCHES
from assay.runtime import Runtime
from assay.storage.models import Workspace

SCHEMA = 1  # raised only when a field changes meaning or goes away
KINDS: tuple[Kind, ...] = (PAPERS, TECHNIQUES, GUT_CHECKS, PREDICTIONS, REVIEWS, WATCHES)


def workspace_record(ws: Workspace) -> dict[str, Any]:
    return {
        "team_id": ws.team_id,
        "name": ws.name,
        "timezone": ws.timezone,
        "digest_schedule": ws.digest_schedule,
        "digest_channel": ws.digest_channel,
        "last_review_at": iso(ws.last_review_at),
    }


def collect(runtime: Runtime) -> dict[str, Any]:
    """``{"schema", "exported_at", "workspaces": {team_id: {"workspace", "papers", …}}}``."""
    teams: dict[str, Any] = {}
    with runtime.db.session() as session:
        for ws in session.exec(select(Workspace).order_by(col(Workspace.team_id))).all():
            teams[ws.team_id] = {
                "workspace": workspace_record(ws),
                **{kind.key: kind.collect(session, ws.team_id) for kind in KINDS},
            }
    return {"schema": SCHEMA, "exported_at": iso(runtime.clock.now()), "workspaces": teams}
