"""Run commands through the one way in, as every transport does."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlmodel import select

from assay.commands.catalog import build_catalog
from assay.commands.context import Ctx
from assay.replies import Reply, render_text
from assay.runtime import Runtime
from assay.storage.models import ScheduledItem

CATALOG = build_catalog()


def run(
    runtime: Runtime,
    line: str,
    *,
    team: str = "T1",
    user: str = "U1",
    channel: str = "C1",
    transport: Literal["slack", "shell", "cli"] = "cli",
) -> Reply:
    command, _, text = line.partition(" ")
    ctx = Ctx(team_id=team, user_id=user, channel_id=channel, runtime=runtime, transport=transport)
    return CATALOG.dispatch(ctx, command, text)


def text_of(reply: Reply) -> str:
    return render_text(reply.blocks, reply.text)


def scheduled(runtime: Runtime, kind_prefix: str = "") -> list[tuple[str, datetime, str]]:
    """(kind, due, status) of every scheduled item whose kind starts with ``kind_prefix``, by id."""
    with runtime.db.session() as s:
        rows = s.exec(select(ScheduledItem).order_by(ScheduledItem.id)).all()  # type: ignore[arg-type]
        return [(r.kind, r.due_at, r.status) for r in rows if r.kind.startswith(kind_prefix)]
