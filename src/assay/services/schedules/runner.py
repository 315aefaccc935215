"""Run scheduled work: once (``assay jobs run-due``) or in the background of ``assay serve``.

In the background, APScheduler 3 runs two interval jobs in this process: the dispatcher every
second (deliver what is due, then wait for anything due before the next second, so a post goes
out at its second rather than up to a second late) and the planner every minute (add the next occurrence of every
recurring schedule). Both read and write only our own tables, so any number of processes can
run them against one database; see :mod:`assay.services.schedules.dispatch`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from assay.runtime import Runtime
from assay.services.once import forget_handled
from assay.services.schedules.dispatch import Dispatcher
from assay.services.schedules.kinds import COMPOSERS
from assay.services.schedules.leases import Report
from assay.services.schedules.notifier import Notifier
from assay.services.schedules.planner import plan_recurring

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger(__name__)


def _not_a_skipped_tick(record: logging.LogRecord) -> bool:
    """During a burst the once-a-second dispatch job is still delivering when the next tick
    comes; APScheduler warns of every skipped tick, which is the design, not a fault."""
    return "maximum number of running instances reached" not in record.getMessage()


logging.getLogger("apscheduler.scheduler").addFilter(_not_a_skipped_tick)
DISPATCH_EVERY = timedelta(seconds=1)
PLAN_EVERY = timedelta(minutes=1)


@dataclass
class Jobs:
    runtime: Runtime
    notifier: Notifier
    worker: str | None = None
    team_id: str | None = None  # deliver only this workspace's items (the local shell's team)

    def __post_init__(self) -> None:
        self.dispatcher = Dispatcher(self.runtime, self.notifier, COMPOSERS, worker=self.worker, team_id=self.team_id)

    def run_due(self, now: datetime | None = None) -> Report:
        """Plan recurring schedules, then deliver everything due at ``now``, exactly once."""
        at = now or self.runtime.clock.now()
        plan_recurring(self.runtime, at)
        forget_handled(self.runtime.db, at)
        return self.dispatcher.run_due(now)

    def plan(self) -> None:
        try:
            now = self.runtime.clock.now()
            plan_recurring(self.runtime, now)
            forget_handled(self.runtime.db, now)  # old Slack retry and form keys (services/once.py)
        except Exception:  # the next run tries again; the error is for operators
            log.exception("planning scheduled work failed")

    def dispatch(self) -> None:
        try:
            report = self.dispatcher.run_due()
            until = self.runtime.clock.now() + DISPATCH_EVERY
            while (due := self.dispatcher.next_due(self.runtime.clock.now())) is not None and due < until:
                time.sleep(max(0.0, (due - self.runtime.clock.now()).total_seconds()))
                report.add(self.dispatcher.run_due())
        except Exception:
            log.exception("delivering scheduled work failed")
            return
        if report.sent or report.failed or report.stale:
            log.info(
                "scheduled work: %d posted, %d stale, %d failed, %d to retry",
                report.sent,
                report.stale,
                report.failed,
                report.retried,
            )

    def start(self) -> BackgroundScheduler:
        """Start the background scheduler (daemon threads); stop it with ``shutdown()``."""
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.interval import IntervalTrigger

        scheduler = BackgroundScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}
        )
        now = datetime.now(UTC)
        scheduler.add_job(self.plan, IntervalTrigger(seconds=PLAN_EVERY.total_seconds()), id="plan", next_run_time=now)
        scheduler.add_job(
            self.dispatch, IntervalTrigger(seconds=DISPATCH_EVERY.total_seconds()), id="dispatch", next_run_time=now
        )
        scheduler.start()
        log.info("scheduler on: delivering scheduled posts from this process")
        return scheduler
