"""Deliver a core :class:`Reply` to Slack: ephemeral answers, channel posts, thread posts,
home threads, image uploads and cards redrawn in place."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from assay.commands.context import Ctx
from assay.errors import AssayError, UserError
from assay.replies import Announcement, Block, CardUpdate, HomeRef, Reply, ThreadRef
from assay.services.threads import set_home
from bot.card_sends import CARD_SENDS
from bot.home import refresh_homes
from bot.render import fallback, paginate, to_block_kit

log = logging.getLogger(__name__)
Respond = Callable[..., Any]

SLACK_ERRORS = {
    "not_in_channel": "I am not in this channel. Invite me with `/invite @Assay` and try again.",
    "channel_not_found": "I can't see this channel. Invite me with `/invite @Assay` and try again.",
    "is_archived": "This channel is archived.",
    "msg_too_long": "The message was too long for Slack.",
    "invalid_blocks": "Slack refused the message layout.",
    "ratelimited": "Slack is rate-limiting me. Try again in a minute.",
}


UNREACHABLE = (
    "Slack did not answer in time ({kind}), so part of this reply may be missing. "
    "What you did is recorded: `/paper queue`, `/radar` and `/gutcheck list` show it."
)


FOLLOW_UP_FAILED = "What you did is recorded, but the rest of this answer failed on our side. The error was logged."


def slack_problem(exc: SlackApiError) -> str:
    """A Slack Web API error in plain words (never the token)."""
    code = str(exc.response.get("error", "unknown_error")) if exc.response is not None else "unknown_error"
    return SLACK_ERRORS.get(code, f"Slack refused the request ({code}).")


class Delivery:
    def __init__(self, client: WebClient, ctx: Ctx, respond: Respond | None) -> None:
        self.client = client
        self.ctx = ctx
        self.respond = respond

    def deliver(self, reply: Reply) -> None:
        """Post everything the reply asks for; Slack errors are told to the user, not raised."""
        try:
            if reply.visibility == "channel" and self.ctx.channel_id:
                ts = self.post(self.ctx.channel_id, reply.text, reply.blocks, thread=None, broadcast=False)
                self._home(reply.home, self.ctx.channel_id, ts)
            else:
                self.ephemeral(reply.text, reply.blocks)
            for note in reply.announcements:
                self.announce(note)
            if reply.image_path is not None and (reply.image_thread or self.ctx.channel_id):
                where: dict[str, Any] = {"channel": self.ctx.channel_id}
                if reply.image_thread is not None:
                    where = {"channel": reply.image_thread.channel, "thread_ts": reply.image_thread.ts}
                self.client.files_upload_v2(
                    **where, file=str(reply.image_path), filename=reply.image_path.name, title=reply.text[:200]
                )
        except SlackApiError as exc:
            log.warning("Slack API error %s while delivering a reply", exc.response.get("error"))
            self.tell(slack_problem(exc))
        except (SlackClientError, OSError) as exc:  # a timeout, a dropped connection
            log.warning("Slack could not be reached while delivering a reply: %s", type(exc).__name__)
            self.tell(UNREACHABLE.format(kind=type(exc).__name__))
        self.after(reply)

    def after(self, reply: Reply) -> None:
        """What follows a reply once the person has it: its follow-up (worked out now, in this
        worker thread, and delivered like a reply), redrawn cards, refreshed App Homes."""
        if reply.follow_up is not None:
            try:
                rest = reply.follow_up()
            except AssayError as exc:  # e.g. the technique was removed in between
                self.tell(error_text(exc))
                return
            except Exception:  # the change is recorded; only the follow-up is missing
                log.exception("the follow-up of a reply failed")
                self.tell(FOLLOW_UP_FAILED)
                return
            self.deliver(rest)
            return
        self.update_cards(reply.updates)
        refresh_homes(self.client, self.ctx, reply)

    def tell(self, text: str) -> None:
        """An ephemeral word about a problem; if even that cannot reach Slack, it is logged."""
        try:
            self.ephemeral(text, [])
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("could not tell the user about a Slack problem either: %s", type(exc).__name__)

    def update_cards(self, updates: list[CardUpdate]) -> None:
        """Redraw each card in place (chat.update). The change behind it is already made, so
        a card that can no longer be updated (deleted, too old, channel gone) is logged and
        skipped, never reported to the person who acted."""
        for update in updates:
            blocks = paginate(to_block_kit(update.blocks))[0]  # a card is one message

            def post(update: CardUpdate = update, blocks: list[dict[str, Any]] = blocks) -> object:
                return self.client.chat_update(
                    channel=update.message.channel,
                    ts=update.message.ts,
                    text=fallback(update.text),
                    blocks=blocks,
                )

            message = (self.ctx.team_id, update.message.channel, update.message.ts)
            try:
                if not CARD_SENDS.send(message, update.drawn, post):
                    log.debug("a newer drawing of the card at %s/%s went first", *message[1:])
            except SlackApiError as exc:
                log.warning(
                    "could not redraw the card at %s/%s: %s",
                    update.message.channel,
                    update.message.ts,
                    exc.response.get("error"),
                )
            except (SlackClientError, OSError) as exc:
                log.warning(
                    "could not redraw the card at %s/%s: Slack did not answer (%s)",
                    update.message.channel,
                    update.message.ts,
                    type(exc).__name__,
                )

    def announce(self, note: Announcement) -> None:
        channel = note.thread.channel if note.thread else (note.channel or self.ctx.channel_id)
        if not channel:
            return
        ts = self.post(channel, note.text, note.blocks, thread=note.thread, broadcast=note.broadcast)
        self._home(note.home, channel, ts)

    def post(self, channel: str, text: str, blocks: list[Block], *, thread: ThreadRef | None, broadcast: bool) -> str:
        """chat.postMessage, joining a public channel once if needed; returns the first ts."""
        first_ts = ""
        for page in paginate(to_block_kit(blocks)):
            kwargs: dict[str, Any] = {"channel": channel, "text": fallback(text)}
            if page:
                kwargs["blocks"] = page
            if thread is not None:
                kwargs["thread_ts"] = thread.ts
                kwargs["reply_broadcast"] = broadcast
            try:
                response = self.client.chat_postMessage(**kwargs)
            except SlackApiError as exc:
                if exc.response.get("error") != "not_in_channel":
                    raise
                self.client.conversations_join(channel=channel)
                response = self.client.chat_postMessage(**kwargs)
            first_ts = first_ts or str(response.get("ts", ""))
        return first_ts

    def ephemeral(self, text: str, blocks: list[Block]) -> None:
        pages = paginate(to_block_kit(blocks))
        for page in pages:
            if self.respond is not None:
                self.respond(
                    text=fallback(text), blocks=page or None, response_type="ephemeral", replace_original=False
                )
            elif self.ctx.channel_id:
                self.client.chat_postEphemeral(
                    channel=self.ctx.channel_id, user=self.ctx.user_id, text=fallback(text), blocks=page or None
                )

    def _home(self, home: HomeRef | None, channel: str, ts: str) -> None:
        if home is not None and ts:
            set_home(self.ctx, home, channel, ts)


def redraw(client: WebClient, where: tuple[str, str], text: str, blocks: list[Block]) -> bool:
    """chat.update a posted message with neutral blocks (see :func:`update_message`)."""
    return update_message(client, where, text, to_block_kit(blocks))


def update_message(client: WebClient, where: tuple[str, str], text: str, rendered: list[dict[str, Any]]) -> bool:
    """chat.update a posted message; one that can no longer be updated (deleted, too old, not
    the bot's) is logged and skipped: the change it shows is recorded already."""
    try:
        client.chat_update(channel=where[0], ts=where[1], text=fallback(text), blocks=rendered)
    except SlackApiError as exc:
        log.warning("could not redraw message %s: %s", where[1], exc.response.get("error"))
        return False
    except (SlackClientError, OSError) as exc:
        log.warning("could not redraw message %s: Slack did not answer (%s)", where[1], type(exc).__name__)
        return False
    return True


def open_modal(client: WebClient, trigger_id: str, view: dict[str, Any], what: str) -> str | None:
    """views.open; None when the form opened, else what to tell the person who asked for it."""
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        log.warning("could not open the %s: %s", what, exc.response.get("error"))
        return slack_problem(exc)
    except (SlackClientError, OSError) as exc:
        log.warning("could not open the %s: Slack did not answer (%s)", what, type(exc).__name__)
        return f"Slack did not answer in time ({type(exc).__name__}), so the {what} did not open. Try again."
    return None


def error_text(exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return f"✗ {exc.message}"
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        return f"⚠️ {message}"
    return "⚠️ Something went wrong on our side; nothing was changed. The error was logged."
