"""Deliver due items exactly once, with any number of processes on one database.

1. **Claim** (one statement a round): as many due ``pending`` rows as there are delivery
   threads become ``sending`` with a lease and a claim token in this process's name —
   ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two processes never claim the same
   row; on SQLite the transaction is ``BEGIN IMMEDIATE``, one writer at a time. A process never
   holds more than it is delivering.
2. **Producers** (reminders, digests, agendas, watch runs) are composed into ``post`` items;
   storing them, applying follow-ups and marking the producer ``sent`` is one transaction.
3. **Posts**: right before posting, a thread whose claim is not fresh checks it still holds it
   and renews the lease (nobody takes an item over mid-post); the post goes to Slack tagged with its item id
   (message metadata), and the round's posts are then marked ``sent`` in one transaction. A
   post that went through is never made ``pending`` again: if marking fails, the row stays
   leased and recovery finds the tag.
   If the process dies between posting and marking, the lease runs out and any process *looks*
   in Slack for the tag (:mod:`.recovery`): found → ``sent``; certainly absent → posted again;
   no way to tell → ``failed`` (never posted twice; shown to operators, never silent).

Slack errors that may pass are retried with backoff up to MAX_ATTEMPTS, then ``failed``. A try
that got no answer (a timeout) may have posted: the next try looks for the tag first.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from assay.errors import AssayError
from assay.runtime import Runtime
from assay.scheduling.kinds import GRACE, MAX_ATTEMPTS, SEE_ALSO, Kind, backoff
from assay.services.schedules import leases, recovery
from assay.services.schedules.compose import Composer, Composition, Moot, Stale
from assay.services.schedules.items import CANCELLED, FAILED, PENDING, SENT, STALE
from assay.services.schedules.leases import (
    LEASE,
    LOOK_BACK,
    VERIFY_SINCE,
    Report,
    held,
    marker,
    worker_name,
)
from assay.services.schedules.messages import OutgoingMessage
from assay.services.schedules.notifier import CannotVerify, DeliveryError, Notifier, Posted
from assay.storage.models import ScheduledItem

log = logging.getLogger(__name__)
FRESH = timedelta(seconds=30)  # a claim this young still holds nearly all of its lease
MARK_TRIES = 3  # marking a post sent is tried this often before recovery is left to do it


@dataclass(frozen=True)
class Delivered:
    item: ScheduledItem
    posted: Posted
    at: datetime


class Dispatcher:
    """``team_id``: deliver only that workspace's items (the local shell runs as one team; in a
    shared database the others stay pending for the real bot). ``threads``: posts in flight."""

    def __init__(
        self,
        runtime: Runtime,
        notifier: Notifier,
        composers: Mapping[Kind, Composer],
        *,
        worker: str | None = None,
        threads: int = 16,
        team_id: str | None = None,
    ) -> None:
        self.runtime = runtime
        self.notifier = notifier
        self.composers = composers
        self.worker = worker or worker_name()
        self.threads = threads
        self.team_id = team_id

    def run_due(self, now: datetime | None = None) -> Report:
        """Deliver everything due at ``now`` (default: the clock), until nothing is left: in
        rounds of as many items as there are delivery threads (claimed in one statement, posted
        side by side, marked sent in one transaction)."""
        report = self.recover(now)
        with (
            ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="assay-deliver") as pool,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="assay-mark") as marker,
        ):
            while True:
                at = now or self.runtime.clock.now()
                claimed = self.claim(at, limit=self.threads)
                if not claimed:
                    return report
                posted: list[Delivered] = []
                for result in pool.map(self._deliver, claimed, [at] * len(claimed), [posted] * len(claimed)):
                    report.add(result)
                marker.submit(self._mark_sent, posted)  # while the next round is claimed and posted

    def next_due(self, after: datetime) -> datetime | None:
        """When the next pending item (of this dispatcher's team) falls due after ``after``."""
        with self.runtime.db.session() as session:
            return leases.next_due(session, after, self.team_id)

    def claim(self, now: datetime, limit: int = 1) -> list[ScheduledItem]:
        """Lease up to ``limit`` due items to this worker; soonest due first. One statement:
        ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``."""
        with self.runtime.db.session() as session:
            return leases.claim_due(session, now, self.team_id, self.worker, limit)

    def _deliver(self, item: ScheduledItem, now: datetime, posted: list[Delivered] | None = None) -> Report:
        """Compose or post ``item``; a post that went out is added to ``posted`` to be marked
        with the round's others (None: marked at once)."""
        try:
            if item.kind == Kind.POST:
                return self._post(item, now, posted)
            return self._produce(item, now)
        except Exception as exc:  # one broken item must not stop the others
            log.exception("scheduled item %s (%s) failed unexpectedly", item.id, item.kind)
            return self._retry_or_fail(item, now, f"internal error: {type(exc).__name__}", retry=True)

    def _post(self, item: ScheduledItem, now: datetime, posted_in_round: list[Delivered] | None) -> Report:
        message = OutgoingMessage.from_json(item.payload.get("message") or {})
        if self._too_late(item, now):
            return self._finish(item, STALE, now, reason="too late to post")
        if not self._hold(item, now):
            return Report()  # taken over meanwhile: whoever holds it now delivers it
        try:
            posted = self._posted_before(item, message) or self.notifier.post(item.team_id, message, marker(item))
        except CannotVerify as exc:
            reason = f"the last try may have reached Slack, whose history cannot be read now ({exc})"
            return self._retry_or_fail(item, now, reason, retry=True, verify=True)
        except DeliveryError as exc:
            return self._retry_or_fail(item, now, exc.reason, retry=exc.retry, verify=exc.maybe_sent)
        sent_at = self.runtime.clock.now()
        delivered = Delivered(item, posted, sent_at)
        if posted_in_round is None:
            self._mark_sent([delivered])
        else:
            posted_in_round.append(delivered)  # list.append is atomic: the threads share it
        planned = datetime.fromisoformat(str(item.payload.get("planned") or item.due_at.isoformat()))
        return Report(sent=1, lateness=[max(0.0, (sent_at - planned).total_seconds())])

    def _hold(self, item: ScheduledItem, now: datetime) -> bool:
        """Right before posting: still this claim's? Then the lease is renewed, so it cannot run
        out (and the item be taken over) while the post is on its way. A claim taken this round
        (claimed, then posted at once) holds nearly all of its lease: nobody can have taken it
        over, so the database is not asked twice."""
        if item.lease_until is not None and item.lease_until - now >= LEASE - FRESH:
            return True
        with self.runtime.db.session() as session:
            row = held(session, item, self.worker)
            if row is None:
                return False
            row.lease_until = item.lease_until = now + LEASE
        return True

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

    def _mark_sent(self, posted: list[Delivered]) -> None:
        """Record posts that went out. They are in Slack whoever holds the rows now, so they are
        marked sent regardless; this never raises (a failure would make an item pending and post
        it twice): if the database will not take it, the lease runs out and recovery finds each
        post's tag in Slack."""
        if not posted:
            return
        rows = [{"item_id": d.item.id, "at": d.at, "channel": d.posted.channel, "ts": d.posted.ts} for d in posted]
        for attempt in range(1, MARK_TRIES + 1):
            try:
                with self.runtime.db.session() as session:
                    leases.mark_sent(session, rows)
                break
            except SQLAlchemyError:
                log.exception("%d scheduled posts went out but were not marked (try %d)", len(posted), attempt)
        else:
            log.error("scheduled posts %s went out; recovery will mark them from Slack", [d.item.id for d in posted])
            return
        for d in posted:
            log.info(
                "scheduled %s item %s delivered to %s",
                d.item.payload.get("of", d.item.kind),
                d.item.id,
                d.posted.channel,
            )

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
        see = SEE_ALSO.get(Kind(item.kind))
        with self.runtime.db.session() as session:
            row = held(session, item, self.worker)
            if row is None:
                return
            for index, message in enumerate(composition.messages):
                if see and not message.see:
                    message = dataclasses.replace(message, see=see)
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

    def _finish(self, item: ScheduledItem, status: str, now: datetime, *, reason: str) -> Report:
        with self.runtime.db.session() as session:
            row = held(session, item, self.worker)
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
            row = held(session, item, self.worker)
            if row is not None:
                row.status, row.last_error, row.lease_until = PENDING, reason, None
                row.not_before = now + backoff(item.attempts)
                if verify and not row.payload.get(VERIFY_SINCE):
                    row.payload = {**row.payload, VERIFY_SINCE: (now - LOOK_BACK).isoformat()}
        log.warning("scheduled %s item %s will be retried (attempt %d): %s", item.kind, item.id, item.attempts, reason)
        return Report(retried=1)

    def recover(self, now: datetime | None = None) -> Report:
        """Items whose lease ran out (their process died): find out what happened, once; Slack
        is asked with no transaction open (see :mod:`.recovery`)."""
        at = now or self.runtime.clock.now()
        count, posts = recovery.take_over_expired(self.runtime, self.worker, self.team_id, at)
        for item in posts:
            recovery.settle(self.runtime, self.notifier, self.worker, item, at)
        return Report(recovered=count)
