"""Deliver due items exactly once, with any number of processes on one database.

1. **Claim** (one short transaction): due ``pending`` rows become ``sending`` with a lease in
   this process's name — ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two processes
   never claim the same row; on SQLite the transaction is ``BEGIN IMMEDIATE``, one writer at
   a time.
2. **Producers** (reminders, digests, agendas, watch runs) are composed into ``post`` items;
   storing them, applying follow-ups and marking the producer ``sent`` is one transaction.
3. **Posts** go to Slack tagged with their item id (message metadata) and are then marked
   ``sent``. If the process dies between posting and marking, the lease runs out and any
   process *looks* in Slack for the tag: found → ``sent``; certainly absent → posted again;
   no way to tell → ``failed`` (never posted twice; shown to operators, never silent).

Slack errors that may pass are retried with backoff up to MAX_ATTEMPTS, then ``failed``. A try
that got no answer (a timeout) may have posted: the next try looks for the tag first.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlmodel import Session, col

from assay.errors import AssayError
from assay.runtime import Runtime
from assay.scheduling.kinds import COMPOSING_HAS_EFFECTS, GRACE, MAX_ATTEMPTS, Kind, backoff
from assay.services.schedules.compose import Composer, Composition, Moot, Stale
from assay.services.schedules.items import CANCELLED, FAILED, PENDING, SENDING, SENT, STALE
from assay.services.schedules.messages import OutgoingMessage
from assay.services.schedules.notifier import CannotVerify, DeliveryError, Notifier, Posted
from assay.storage.models import ScheduledItem

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)  # longer than a post with all of Slack's 429 waits
VERIFY_SINCE = "verify_since"  # in a post's payload: a try got no answer; look in Slack from then on
LOOK_BACK = timedelta(minutes=1)  # a little before the try, for clocks that differ
BATCH = 50


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


@dataclass
class Report:
    """What one run delivered; ``lateness`` holds seconds after due, per post sent."""

    sent: int = 0
    composed: int = 0
    stale: int = 0
    cancelled: int = 0
    failed: int = 0
    retried: int = 0
    recovered: int = 0
    lateness: list[float] = field(default_factory=list)

    def add(self, other: Report) -> None:
        for name in ("sent", "composed", "stale", "cancelled", "failed", "retried", "recovered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.lateness += other.lateness


class Dispatcher:
    def __init__(
        self,
        runtime: Runtime,
        notifier: Notifier,
        composers: Mapping[Kind, Composer],
        *,
        worker: str | None = None,
        threads: int = 4,
    ) -> None:
        self.runtime = runtime
        self.notifier = notifier
        self.composers = composers
        self.worker = worker or worker_name()
        self.threads = threads

    def run_due(self, now: datetime | None = None) -> Report:
        """Deliver everything due at ``now`` (default: the clock), until nothing is left."""
        report = Report()
        report.add(self.recover(now))
        with ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="assay-deliver") as pool:
            while True:
                at = now or self.runtime.clock.now()
                claimed = self.claim(at)
                if not claimed:
                    break
                for result in pool.map(self._deliver, claimed, [at] * len(claimed)):
                    report.add(result)
        return report

    def claim(self, now: datetime, limit: int = BATCH) -> list[ScheduledItem]:
        """Lease up to ``limit`` due items to this worker; soonest due first."""
        with self.runtime.db.session() as session:
            query = (
                select(ScheduledItem)
                .where(
                    col(ScheduledItem.status) == PENDING,
                    col(ScheduledItem.due_at) <= now,
                    or_(col(ScheduledItem.not_before).is_(None), col(ScheduledItem.not_before) <= now),
                )
                .order_by(col(ScheduledItem.due_at), col(ScheduledItem.id))
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            items = list(session.execute(query).scalars())
            for item in items:
                item.status, item.claimed_by = SENDING, self.worker
                item.lease_until, item.attempts = now + LEASE, item.attempts + 1
        return items

    def _deliver(self, item: ScheduledItem, now: datetime) -> Report:
        try:
            if item.kind == Kind.POST:
                return self._post(item, now)
            return self._produce(item, now)
        except Exception as exc:  # one broken item must not stop the others
            log.exception("scheduled item %s (%s) failed unexpectedly", item.id, item.kind)
            return self._retry_or_fail(item, now, f"internal error: {type(exc).__name__}", retry=True)

    def _post(self, item: ScheduledItem, now: datetime) -> Report:
        message = OutgoingMessage.from_json(item.payload.get("message") or {})
        if self._too_late(item, now):
            return self._finish(item, STALE, now, reason="too late to post")
        try:
            posted = self._posted_before(item, message) or self.notifier.post(item.team_id, message, marker(item))
        except CannotVerify as exc:
            reason = f"the last try may have reached Slack, whose history cannot be read now ({exc})"
            return self._retry_or_fail(item, now, reason, retry=True, verify=True)
        except DeliveryError as exc:
            return self._retry_or_fail(item, now, exc.reason, retry=exc.retry, verify=exc.maybe_sent)
        sent_at = self.runtime.clock.now()
        self._mark_sent(item, posted, sent_at)
        planned = datetime.fromisoformat(str(item.payload.get("planned") or item.due_at.isoformat()))
        return Report(sent=1, lateness=[max(0.0, (sent_at - planned).total_seconds())])

    def _posted_before(self, item: ScheduledItem, message: OutgoingMessage) -> Posted | None:
        """After a try that got no answer, the post found in Slack (None: post it). Raises
        CannotVerify when Slack cannot say, DeliveryError when it cannot be reached."""
        since = item.payload.get(VERIFY_SINCE)
        if not since:
            return None
        found = self.notifier.find_posted(item.team_id, message, marker(item), datetime.fromisoformat(str(since)))
        if found is not None:
            log.info("scheduled item %s had reached Slack before its answer was lost; not posted again", item.id)
        return found

    def _produce(self, item: ScheduledItem, now: datetime) -> Report:
        composer = self.composers.get(Kind(item.kind))
        if composer is None:
            return self._finish(item, FAILED, now, reason=f"no composer for kind {item.kind}")
        if self._too_late(item, now):
            return self._finish(item, STALE, now, reason="delivered too late to matter")
        try:
            composition = composer(self.runtime, item, now)
        except Stale as exc:
            return self._finish(item, STALE, now, reason=exc.reason)
        except Moot as exc:
            return self._finish(item, CANCELLED, now, reason=exc.reason)
        except AssayError as exc:  # an outside service failed (arXiv down): try again later
            return self._retry_or_fail(item, now, exc.message, retry=True)
        self._store(item, composition, now)
        return Report(composed=1)

    def _too_late(self, item: ScheduledItem, now: datetime) -> bool:
        grace = GRACE.get(Kind(item.kind))
        return grace is not None and now - item.due_at > grace

    def _store(self, item: ScheduledItem, composition: Composition, now: datetime) -> None:
        with self.runtime.db.session() as session:
            row = self._mine(session, item)
            if row is None:
                return
            for index, message in enumerate(composition.messages):
                session.add(
                    ScheduledItem(
                        team_id=item.team_id,
                        kind=Kind.POST.value,
                        key=f"post:{item.id}:{index}",
                        subject_type=item.subject_type,
                        subject_id=item.subject_id,
                        due_at=now,  # due at once; its grace runs from now
                        timezone=item.timezone,
                        payload={"message": message.to_json(), "of": item.kind, "planned": item.due_at.isoformat()},
                        created_at=now,
                    )
                )
            for follow_up in composition.follow_ups:
                follow_up(session, now)
            row.status, row.sent_at, row.lease_until = SENT, now, None

    def _mine(self, session: Session, item: ScheduledItem) -> ScheduledItem | None:
        """The row, locked, if this worker still holds its lease (else another took it over)."""
        row: ScheduledItem | None = session.execute(
            select(ScheduledItem).where(col(ScheduledItem.id) == item.id).with_for_update()
        ).scalar_one_or_none()
        if row is None or row.status != SENDING or row.claimed_by != self.worker:
            log.warning("scheduled item %s was taken over by another worker; leaving it", item.id)
            return None
        return row

    def _mark_sent(self, item: ScheduledItem, posted: Posted, now: datetime) -> None:
        with self.runtime.db.session() as session:
            row = self._mine(session, item)
            if row is not None:
                row.status, row.sent_at, row.lease_until = SENT, now, None
                row.message_channel, row.message_ts, row.last_error = posted.channel, posted.ts, None
        log.info("scheduled %s item %s delivered to %s", item.payload.get("of", item.kind), item.id, posted.channel)

    def _finish(self, item: ScheduledItem, status: str, now: datetime, *, reason: str) -> Report:
        with self.runtime.db.session() as session:
            row = self._mine(session, item)
            if row is not None:
                row.status, row.last_error, row.lease_until = status, reason, None
        if status == STALE:
            log.warning("scheduled %s item %s is stale (%s): not delivered", item.kind, item.id, reason)
            return Report(stale=1)
        if status == FAILED:
            log.error("scheduled %s item %s failed: %s", item.kind, item.id, reason)
            return Report(failed=1)
        log.info("scheduled %s item %s cancelled: %s", item.kind, item.id, reason)
        return Report(cancelled=1)

    def _retry_or_fail(
        self, item: ScheduledItem, now: datetime, reason: str, *, retry: bool, verify: bool = False
    ) -> Report:
        """Pending again after a backoff (``verify``: the post may have gone through, so the
        next try looks in Slack first), or failed when it cannot work or tried too often."""
        if not retry or item.attempts >= MAX_ATTEMPTS:
            tries = f" after {item.attempts} attempts" if retry else ""
            return self._finish(item, FAILED, now, reason=f"{reason}{tries}")
        with self.runtime.db.session() as session:
            row = self._mine(session, item)
            if row is not None:
                row.status, row.last_error, row.lease_until = PENDING, reason, None
                row.not_before = now + backoff(item.attempts)
                if verify and not row.payload.get(VERIFY_SINCE):
                    row.payload = {**row.payload, VERIFY_SINCE: (now - LOOK_BACK).isoformat()}
        log.warning("scheduled %s item %s will be retried (attempt %d): %s", item.kind, item.id, item.attempts, reason)
        return Report(retried=1)

    def recover(self, now: datetime | None = None) -> Report:
        """Items whose lease ran out (their process died): find out what happened, once."""
        at = now or self.runtime.clock.now()
        report = Report()
        with self.runtime.db.session() as session:
            expired = list(
                session.execute(
                    select(ScheduledItem)
                    .where(col(ScheduledItem.status) == SENDING, col(ScheduledItem.lease_until) < at)
                    .with_for_update(skip_locked=True)
                ).scalars()
            )
            for row in expired:
                self._recover_one(row, at)
                report.recovered += 1
        return report

    def _recover_one(self, row: ScheduledItem, now: datetime) -> None:
        since = (row.lease_until or now) - LEASE - timedelta(minutes=1)  # a little before the claim
        row.claimed_by, row.lease_until = None, None
        if row.kind in COMPOSING_HAS_EFFECTS:
            row.status = FAILED
            row.last_error = "interrupted while composing; what it found was recorded, so it is not run again"
            log.error("scheduled item %s: %s", row.id, row.last_error)
            return
        if row.kind != Kind.POST:
            row.status = PENDING  # composing has no side effects: compose again
            return
        message = OutgoingMessage.from_json(row.payload.get("message") or {})
        try:
            found = self.notifier.find_posted(row.team_id, message, marker(row), since)
        except CannotVerify as exc:
            row.status = FAILED
            row.last_error = f"interrupted while posting; not sent again to avoid a duplicate ({exc})"
            log.error("scheduled item %s: %s", row.id, row.last_error)
            return
        if found is not None:
            row.status, row.sent_at = SENT, now
            row.message_channel, row.message_ts = found.channel, found.ts
            log.info("scheduled item %s was posted before its process stopped; marked sent", row.id)
        else:
            row.status = PENDING
            log.info("scheduled item %s was not posted before its process stopped; posting again", row.id)


def marker(item: ScheduledItem) -> str:
    return f"assay-item-{item.id}"
