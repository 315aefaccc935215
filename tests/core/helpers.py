"""Run commands through the one way in, as every transport does."""

from __future__ import annotations

from assay.commands.catalog import build_catalog
from assay.commands.context import Ctx
from assay.replies import Reply, render_text
from assay.runtime import Runtime

CATALOG = build_catalog()


def run(runtime: Runtime, line: str, *, team: str = "T1", user: str = "U1", channel: str = "C1") -> Reply:
    command, _, text = line.partition(" ")
    ctx = Ctx(team_id=team, user_id=user, channel_id=channel, runtime=runtime, transport="cli")
    return CATALOG.dispatch(ctx, command, text)


def text_of(reply: Reply) -> str:
    return render_text(reply.blocks, reply.text)
