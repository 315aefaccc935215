"""App Home: published when someone opens the tab, and again when a change touches their desk.

Publishing runs after the acknowledgement (it reads the database and calls ``views.publish``),
and a failure to publish is logged and skipped: Home is a view of data kept elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assay.commands.context import Ctx
from assay.replies import Reply
from assay.runtime import Runtime
from assay.services.home import build_home
from assay.storage.models import Workspace
from assay.views.home import MAX_BLOCKS, home_blocks
from bot.render import to_block_kit

log = logging.getLogger(__name__)


def home_view(runtime: Runtime, team_id: str, user_id: str) -> dict[str, Any]:
    """The Home tab of ``user_id`` as a Block Kit view (at most 100 blocks)."""
    ctx = Ctx(team_id, user_id, None, runtime, "slack")
    now = ctx.now()
    with runtime.db.reading() as session:  # never waits for a write: Home only reads
        known = session.get(Workspace, team_id) is not None
        if known:
            home = build_home(session, team_id, user_id, now, runtime.settings.timezone)
    if not known:  # a workspace seen for the first time: building its Home creates it
        with runtime.db.session() as session:
            home = build_home(session, team_id, user_id, now, runtime.settings.timezone)
    return {"type": "home", "blocks": to_block_kit(home_blocks(home))[:MAX_BLOCKS]}


def publish_home(client: WebClient, runtime: Runtime, team_id: str, user_id: str) -> bool:
    try:
        client.views_publish(user_id=user_id, view=home_view(runtime, team_id, user_id))
    except SlackApiError as exc:
        log.warning("could not publish App Home: %s", exc.response.get("error"))
        return False
    return True


def refresh_homes(client: WebClient, ctx: Ctx, reply: Reply, also: Iterable[str] = ()) -> None:
    """After a change: the Home of the person who made it and of the people it touched."""
    if not reply.changed_something and not reply.homes:
        return
    for user_id in dict.fromkeys([ctx.user_id, *reply.homes, *also]):
        if user_id:
            publish_home(client, ctx.runtime, ctx.team_id, user_id)
