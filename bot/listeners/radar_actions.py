"""Radar buttons: ring votes on a technique card, and the pages of the radar table."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from assay.errors import AssayError, UserError
from assay.ids import ActionId
from assay.radar.rules import Ring, parse_ring
from assay.runtime import Runtime
from assay.services.radar.card import load_technique_card
from assay.services.radar.casting import cast_vote
from assay.services.radar.table import radar_rows
from assay.views.radar.history import vote_reply
from assay.views.radar.table import radar_table, technique_card_updates
from bot.context import slack_ctx
from bot.delivery import Delivery, error_text
from bot.render import action_pattern, fallback, paginate, to_block_kit

log = logging.getLogger(__name__)


def _value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value") or "")


def register(app: App, runtime: Runtime) -> None:
    @app.action(action_pattern(ActionId.RADAR_VOTE))
    def on_vote(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        ctx = slack_ctx(runtime, body)
        delivery = Delivery(client, ctx, respond)
        try:
            technique_id, _, ring_word = _value(body).partition(":")
            if not technique_id.isdigit():
                raise UserError("That vote button is damaged; use `/radar vote <technique> <ring>` instead.")
            outcome = cast_vote(ctx, int(technique_id), parse_ring(ring_word))
        except AssayError as exc:
            delivery.ephemeral(error_text(exc), [])
            return
        except Exception as exc:  # the clicker must hear that nothing was recorded
            log.exception("radar vote button failed")
            delivery.ephemeral(error_text(exc), [])
            return
        delivery.ephemeral(f"Vote recorded: {outcome.ring.value} for {outcome.technique.name}.", vote_reply(outcome))
        card = load_technique_card(runtime, ctx.team_id, outcome.technique.id or 0)
        delivery.update_cards(technique_card_updates(card))  # the home card shows the tally

    @app.action(action_pattern(ActionId.RADAR_PAGE))
    def on_page(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        ctx = slack_ctx(runtime, body)
        page_word, _, ring_word = _value(body).partition(":")
        page = int(page_word) if page_word.isdigit() else 1
        try:
            ring: Ring | None = parse_ring(ring_word) if ring_word else None
        except AssayError:
            ring = None
        with runtime.db.session() as session:
            rows = radar_rows(session, ctx.team_id)
        blocks = paginate(to_block_kit(radar_table(rows, page=page, ring=ring)))[0]
        # The table came as an ephemeral answer: show the next page in its place.
        respond(text=fallback(f"Research radar, page {page}"), blocks=blocks, replace_original=True)
