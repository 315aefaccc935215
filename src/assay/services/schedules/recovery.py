"""Items whose lease ran out (their process died or stalled): find out what happened, once.

Three steps, so no transaction is open while Slack is asked (a slow history call would hold row
locks, and on SQLite the process's only writer): take the expired rows over in one short
transaction (a new claim token, so their old process cannot finish them any more); ask Slack
for each post's tag; write what was found, if the rows are still ours.
"""

from __future__ import annotations

import logging
from datetime import datetime

from assay.runtime import Runtime
from assay.scheduling.kinds import COMPOSING_HAS_EFFECTS, Kind
from assay.services.schedules.items import FAILED, PENDING, SENT
from assay.services.schedules.leases import LEASE, LOOK_BACK, VERIFY_SINCE, expired, held, marker, take
from assay.services.schedules.messages import OutgoingMessage
from assay.services.schedules.notifier import CannotVerify, Notifier, Posted
from assay.storage.models import ScheduledItem

log = logging.getLogger(__name__)


def take_over_expired(
    runtime: Runtime, worker: str, team_id: str | None, now: datetime
) -> tuple[int, list[ScheduledItem]]:
    """Settle expired producers at once; lease expired posts to ``worker`` to be looked up.
    Returns how many expired, and the posts (each with ``verify_since`` in its payload: a little
    before its claim)."""
    posts: list[ScheduledItem] = []
    count = 0
    with runtime.db.session() as session:
        for row in session.execute(expired(now, team_id).with_for_update(skip_locked=True)).scalars():
            count += 1
            if row.kind in COMPOSING_HAS_EFFECTS:
                row.status, row.claimed_by, row.lease_until = FAILED, None, None
                row.last_error = "interrupted while composing; what it found was recorded, so it is not run again"
                log.error("scheduled item %s: %s", row.id, row.last_error)
            elif row.kind != Kind.POST:
                row.status, row.claimed_by, row.lease_until = PENDING, None, None  # no side effects: compose again
            else:
                if not row.payload.get(VERIFY_SINCE):
                    since = (row.lease_until or now) - LEASE - LOOK_BACK  # a little before the claim
                    row.payload = {**row.payload, VERIFY_SINCE: since.isoformat()}
                take(row, worker, now)
                posts.append(row)
    return count, posts


def settle(runtime: Runtime, notifier: Notifier, worker: str, item: ScheduledItem, now: datetime) -> None:
    """Ask Slack whether ``item`` went out (no transaction open), then record the answer."""
    message = OutgoingMessage.from_json(item.payload.get("message") or {})
    since = datetime.fromisoformat(str(item.payload[VERIFY_SINCE]))
    found: Posted | None = None
    problem: str | None = None
    try:
        found = notifier.find_posted(item.team_id, message, marker(item), since)
    except CannotVerify as exc:
        problem = f"interrupted while posting; not sent again to avoid a duplicate ({exc})"
    with runtime.db.session() as session:
        row = held(session, item, worker)
        if row is None:
            return
        row.claimed_by, row.lease_until = None, None
        if problem is not None:
            row.status, row.last_error = FAILED, problem
            log.error("scheduled item %s: %s", row.id, problem)
        elif found is not None:
            row.status, row.sent_at = SENT, now
            row.message_channel, row.message_ts = found.channel, found.ts
            log.info("scheduled item %s was posted before its process stopped; marked sent", row.id)
        else:  # certainly not in Slack, and nobody else holds it: post it like any other
            row.status = PENDING
            row.payload = {k: v for k, v in row.payload.items() if k != VERIFY_SINCE}
            log.info("scheduled item %s was not posted before its process stopped; posting again", row.id)
