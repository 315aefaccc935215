"""Run one command locally and render its reply as text or JSON (shared by run and shell)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from assay.cli.names import LOCAL_CHANNEL, LOCAL_TEAM, LOCAL_USER, BlocksRenderer
from assay.commands.context import Ctx
from assay.commands.registry import Catalog
from assay.errors import AssayError
from assay.replies import Reply, render_text
from assay.runtime import Runtime

__all__ = ["LOCAL_CHANNEL", "LOCAL_TEAM", "LOCAL_USER", "BlocksRenderer", "Outcome", "as_json", "as_text", "run_line"]


@dataclass
class Outcome:
    reply: Reply | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def split_command(line: str) -> tuple[str, str]:
    """``"/paper add 1706.03762"`` → ``("/paper", "add 1706.03762")``."""
    line = line.strip()
    command, _, text = line.partition(" ")
    return command, text.strip()


def run_line(
    runtime: Runtime, catalog: Catalog, line: str, *, team: str, user: str, channel: str, transport: str = "cli"
) -> Outcome:
    """Run one slash command line; domain errors come back as ``Outcome.error``."""
    command, text = split_command(line)
    ctx = Ctx(team_id=team, user_id=user, channel_id=channel, runtime=runtime, transport=transport)  # type: ignore[arg-type]
    try:
        reply = catalog.dispatch(ctx, command, text)
    except AssayError as exc:
        return Outcome(None, exc.message)
    return Outcome(reply)


def as_text(reply: Reply) -> str:
    parts = [render_text(reply.blocks, reply.text)]
    for note in reply.announcements:
        where = f"thread {note.thread.ts}" if note.thread else (note.channel or "channel")
        parts.append(f"\n[posted in {where}]\n" + render_text(note.blocks, note.text))
    if reply.image_path is not None:
        parts.append(f"\nImage written to {reply.image_path}")
    return "\n".join(parts)


def as_json(outcome: Outcome, render_blocks: BlocksRenderer | None) -> str:
    if outcome.reply is None:
        payload: dict[str, Any] = {"ok": False, "text": outcome.error or "", "blocks": [], "data": None}
    else:
        reply = outcome.reply
        blocks = render_blocks(reply.blocks) if render_blocks else []
        payload = {"ok": reply.ok, "text": render_text(reply.blocks, reply.text), "blocks": blocks, "data": reply.data}
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str)
