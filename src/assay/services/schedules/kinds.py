"""Every kind of scheduled work and the composer that writes it, assembled in one place."""

from __future__ import annotations

from assay.scheduling.kinds import Kind
from assay.services.digest import compose_digest
from assay.services.gutcheck import reminder_posts
from assay.services.papers.citation_schedule import compose_citation_refresh
from assay.services.papers.watch.daily import compose_watch
from assay.services.predictions.reminders import compose_due as compose_prediction
from assay.services.radar.reminders import compose_due, compose_overdue
from assay.services.review.reminders import compose_review
from assay.services.schedules.compose import Composer

COMPOSERS: dict[Kind, Composer] = {
    Kind.GUTCHECK_DAY_BEFORE: reminder_posts.compose_day_before,
    Kind.GUTCHECK_EXPIRY: reminder_posts.compose_expiry,
    Kind.GUTCHECK_ESCALATION: reminder_posts.compose_escalation,
    Kind.RADAR_DUE: compose_due,
    Kind.RADAR_OVERDUE: compose_overdue,
    Kind.REVIEW_REMINDER: compose_review,
    Kind.DIGEST: compose_digest,
    Kind.WATCH: compose_watch,
    Kind.PREDICTION_DUE: compose_prediction,
    Kind.CITATION_REFRESH: compose_citation_refresh,
}
