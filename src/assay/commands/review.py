"""/review — the monthly research review: schedule, agenda, nominations, done."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from assay.commands.assay_cmd import valid_timezone
from assay.commands.context import Ctx
from assay.commands.fields import ShortText, Text
from assay.commands.registry import Command, Request, Subcommand
from assay.errors import UserError
from assay.replies import Reply
from assay.services.review.agenda import build_agenda
from assay.services.review.meetings import close_review, nominate
from assay.services.review.schedule import parse_lead, set_schedule
from assay.views.review import agenda_reply, closed_reply, nominated_reply, schedule_reply

SCHEDULE_USAGE = '/review schedule "<cron or phrase>" [tz=Europe/Berlin] [lead=1d]'


class ReviewSchedule(Request):
    when: Text | None = None
    more: str | None = None  # unquoted words after the first: the phrase without quotes
    tz: Annotated[str, AfterValidator(valid_timezone)] | None = None
    lead: ShortText = "1d"


def schedule(ctx: Ctx, req: ReviewSchedule) -> Reply:
    expression = " ".join(part for part in (req.when, req.more) if part)
    if not expression:
        raise UserError(
            f'Say when the review meets, e.g. `/review schedule "first tue 10:00"`.\nUsage: `{SCHEDULE_USAGE}`'
        )
    lead = parse_lead(req.lead)
    result = set_schedule(ctx, expression, req.tz, lead)
    return schedule_reply(result, req.lead)


class Nothing(Request):
    pass


def agenda(ctx: Ctx, req: Nothing) -> Reply:
    del req
    rt = ctx.runtime
    with rt.db.session() as session:
        now = rt.clock.now()
        built = build_agenda(session, ctx.team_id, now, rt.settings.timezone)
    return agenda_reply(built, now)


class ReviewNominate(Request):
    target: ShortText
    more: str | None = None
    why: Text | None = None


def nominate_command(ctx: Ctx, req: ReviewNominate) -> Reply:
    ref = f"{req.target} {req.more}" if req.more else req.target
    _nomination, target = nominate(ctx, ref, req.why)
    return nominated_reply(target, ctx.user_id)


def done(ctx: Ctx, req: Nothing) -> Reply:
    del req
    closed = close_review(ctx)
    return closed_reply(closed.agenda, closed.meeting.closed_at)


SCHEDULE = Subcommand(
    name="schedule",
    usage=SCHEDULE_USAGE,
    summary="When the review meets (a phrase or a cron line), in which time zone, and how long before it "
    "the agenda is posted here.",
    request=ReviewSchedule,
    handler=schedule,
    positional=("when",),
    rest="more",
    examples=(
        '/review schedule "first tue 10:00" tz=Europe/Berlin lead=1d',
        '/review schedule "last fri of month 16:00"',
        '/review schedule "0 10 1-7 * 2" lead=2h',
    ),
)
AGENDA = Subcommand(
    name="agenda",
    usage="/review agenda",
    summary="Radar changes since the last review, decisions due, nominations, predictions due, late posts.",
    request=Nothing,
    handler=agenda,
)
NOMINATE = Subcommand(
    name="nominate",
    usage='/review nominate <technique|paper> [why="..."]',
    summary="Put a technique or paper on the next review's agenda for a deep dive.",
    request=ReviewNominate,
    handler=nominate_command,
    positional=("target",),
    rest="more",
    examples=('/review nominate "speculative decoding" why="two teams want it"', "/review nominate P12"),
)
DONE = Subcommand(
    name="done",
    usage="/review done",
    summary="Close the meeting: its agenda is kept, and the next one counts changes from now.",
    request=Nothing,
    handler=done,
)

COMMAND = Command(
    name="/review",
    summary="the monthly research review",
    subcommands=[SCHEDULE, AGENDA, NOMINATE, DONE],
    default="agenda",
    notes=(
        'Phrases: "first tue 10:00", "every mon 09:30", "last fri of month 16:00", "daily 09:00"; or a cron line '
        "(minute hour day month weekday, 0 = Sunday). Both a day and a weekday in a cron line must match.",
    ),
)
