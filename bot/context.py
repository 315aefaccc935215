"""Who acted, in which workspace and channel: the core's :class:`Ctx` from a Slack payload."""

from __future__ import annotations

from typing import Any

from assay.commands.context import Ctx
from assay.runtime import Runtime


def slack_ctx(runtime: Runtime, body: dict[str, Any]) -> Ctx:
    """The context of a slash command, action, view submission or event body."""
    team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
    user = body.get("user_id") or (body.get("user") or {}).get("id") or ""
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
    return Ctx(team_id=team, user_id=user, channel_id=channel, runtime=runtime, transport="slack")
