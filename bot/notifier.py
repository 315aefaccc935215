"""Scheduled messages through the Slack Web API: the core's :class:`Notifier` for Slack.

Each message is tagged with Slack message metadata (``assay_scheduled`` / the item's marker),
so after a crash the dispatcher can ask Slack whether the message went out before posting
it again (``conversations.history`` or ``conversations.replies`` with metadata).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from assay.services.schedules.messages import OutgoingMessage
from assay.services.schedules.notifier import CannotVerify, DeliveryError, Posted
from bot.delivery import slack_problem
from bot.render import fallback, one_message, to_block_kit

log = logging.getLogger(__name__)
EVENT_TYPE = "assay_scheduled"
# Errors after which the same request may work later; everything else is final for that item.
PASSING = {"ratelimited", "internal_error", "service_unavailable", "fatal_error", "request_timeout"}
ClientFor = Callable[[str], WebClient | None]


class SlackNotifier:
    def __init__(self, client_for: ClientFor) -> None:
        self.client_for = client_for

    def _client(self, team_id: str) -> WebClient:
        client = self.client_for(team_id)
        if client is None:
            raise DeliveryError("Assay is not installed in this workspace any more", retry=False)
        return client

    def _channel(self, client: WebClient, message: OutgoingMessage) -> str:
        if message.user:
            opened = client.conversations_open(users=message.user)
            return str((opened.get("channel") or {}).get("id"))
        if not message.channel:
            raise DeliveryError("the message has no channel to go to", retry=False)
        return message.channel

    def post(self, team_id: str, message: OutgoingMessage, marker: str) -> Posted:
        client = self._client(team_id)
        try:
            channel = self._channel(client, message)
            kwargs: dict[str, Any] = {
                "channel": channel,
                "text": fallback(message.text),
                "metadata": {"event_type": EVENT_TYPE, "event_payload": {"marker": marker}},
            }
            blocks = one_message(to_block_kit(message.blocks), message.see)  # one post: one tag, one answer
            if blocks:
                kwargs["blocks"] = blocks
            if message.thread_ts:
                kwargs["thread_ts"] = message.thread_ts
                kwargs["reply_broadcast"] = message.broadcast
            return Posted(channel, self._post_joining(client, kwargs))
        except SlackApiError as exc:
            code = str(exc.response.get("error", "")) if exc.response is not None else ""
            status = exc.response.status_code if exc.response is not None else 0
            raise DeliveryError(slack_problem(exc), retry=code in PASSING or status >= 500) from None
        except (SlackClientError, OSError) as exc:  # timeouts and refused connections
            reason = f"Slack could not be reached ({type(exc).__name__})"
            raise DeliveryError(reason, retry=True, maybe_sent=True) from None

    def _post_joining(self, client: WebClient, kwargs: dict[str, Any]) -> str:
        """chat.postMessage; a public channel the bot is not in is joined once."""
        try:
            response = client.chat_postMessage(**kwargs)
        except SlackApiError as exc:
            if exc.response is None or exc.response.get("error") != "not_in_channel":
                raise
            client.conversations_join(channel=kwargs["channel"])
            response = client.chat_postMessage(**kwargs)
        return str(response.get("ts", ""))

    def find_posted(self, team_id: str, message: OutgoingMessage, marker: str, since: datetime) -> Posted | None:
        client = self.client_for(team_id)
        if client is None:
            raise CannotVerify("Assay is not installed in this workspace any more")
        try:
            channel = self._channel(client, message)
            common: dict[str, Any] = {
                "channel": channel,
                "oldest": f"{since.timestamp():.6f}",
                "include_all_metadata": True,
                "limit": 200,
            }
            if message.thread_ts:
                response = client.conversations_replies(ts=message.thread_ts, **common)
            else:
                response = client.conversations_history(**common)
        except (SlackApiError, SlackClientError, OSError, DeliveryError) as exc:
            raise CannotVerify(f"Slack's history could not be read: {type(exc).__name__}") from None
        for found in response.get("messages") or []:
            metadata = found.get("metadata") or {}
            if (
                metadata.get("event_type") == EVENT_TYPE
                and (metadata.get("event_payload") or {}).get("marker") == marker
            ):
                return Posted(channel, str(found.get("ts", "")))
        return None
