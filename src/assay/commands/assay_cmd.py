"""/assay — help for everything, and workspace settings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator

from assay.commands.context import Ctx
from assay.commands.fields import ChannelRef
from assay.commands.parsing import esc_code
from assay.commands.registry import Command, Request, Subcommand
from assay.errors import UserError
from assay.replies import Block, Context, Header, Reply, Section
from assay.scheduling.calendar import local_text, zone
from assay.scheduling.phrases import parse_recurrence
from assay.services.digest import next_digest
from assay.services.schedules.planner import replan_workspace
from assay.services.workspaces import ensure_workspace
from assay.textfmt import channel, esc

OFF = "off"


def valid_timezone(value: str) -> str:
    """An IANA time zone name, or UserError."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        shown = esc_code(value)
        raise UserError(f"`{shown}` is not a time zone. Use an IANA name like `Europe/Berlin`.") from None
    return value


def _digest(value: str) -> str:
    """A weekly time, read like every other schedule (``mon 09:00``, ``monday at 9am``), stored
    as ``mon 09:00``; UserError for anything that is not once a week."""
    if value.strip().lower() == OFF:
        return OFF
    example = 'Write it like `digest="mon 09:00"`, or `digest=off`.'
    try:
        cron = parse_recurrence(value).cron
    except UserError:
        raise UserError(f"`{esc(value[:80])}` is not a weekly time. {example}") from None
    day = cron["day_of_week"]
    if (cron["day"], cron["month"]) != ("*", "*") or not day.isalpha() or not cron["hour"].isdigit():
        raise UserError(f"The digest comes once a week, so `{esc(value[:80])}` cannot be its time. {example}")
    return f"{day} {int(cron['hour']):02d}:{int(cron['minute']):02d}"


class Settings(Request):
    tz: Annotated[str, AfterValidator(valid_timezone)] | None = None
    digest: Annotated[str, AfterValidator(_digest)] | None = None
    digest_channel: ChannelRef | None = None


class Nothing(Request):
    pass


def settings(ctx: Ctx, req: Settings) -> Reply:
    rt = ctx.runtime
    changed = any(v is not None for v in (req.tz, req.digest, req.digest_channel))
    with rt.db.session() as session:
        now = rt.clock.now()
        ws = ensure_workspace(session, ctx.team_id, now, rt.settings.timezone)
        if req.tz:
            ws.timezone = req.tz
        if req.digest:
            ws.digest_schedule = None if req.digest == OFF else req.digest
            if ws.digest_schedule and not (req.digest_channel or ws.digest_channel) and ctx.channel_id:
                ws.digest_channel = ctx.channel_id  # where it was typed, unless told otherwise
        if req.digest_channel:
            ws.digest_channel = req.digest_channel
        upcoming = None
        if changed:
            session.flush()
            upcoming = replan_workspace(session, ws, now)
        elif ws.digest_schedule and ws.digest_channel:
            upcoming = next_digest(ws, now)
        data = {
            "timezone": ws.timezone,
            "digest": ws.digest_schedule,
            "digest_channel": ws.digest_channel,
            "next_digest": upcoming.astimezone(zone(ws.timezone)).isoformat() if upcoming else None,
        }
    if data["digest"] and data["digest_channel"]:
        when = f" (next {local_text(upcoming, ws.timezone, with_weekday=True)})" if upcoming else ""
        digest = f"{esc(data['digest'])} in {channel(data['digest_channel'])}{when}"
    elif data["digest"]:
        digest = f"{esc(data['digest'])}, but no channel yet: add `digest-channel=#research`"
    else:
        digest = "off"
    text = ("Settings saved. " if changed else "") + f"Time zone {data['timezone']}; weekly digest {digest}."
    return Reply(text=text, blocks=[Section(text)], data=data)


def make_help(catalog_commands: Iterable[Command]) -> Subcommand[Nothing]:
    """``/assay help``; ``catalog_commands`` is read at each call (it may load modules on first use)."""

    def help_all(ctx: Ctx, req: Nothing) -> Reply:
        commands = list(catalog_commands)
        blocks: list[Block] = [Header("Assay — research-to-production, in Slack")]
        for cmd in commands:
            subs = "\n".join(f"`{esc(s.usage)}`" for s in cmd.subcommands)
            blocks.append(Section(f"*{cmd.name}* — {esc(cmd.summary)}\n{subs}"))
        blocks.append(Context(("Every command answers `help`, e.g. `/paper help`.",)))
        data = {
            "commands": [c.name for c in commands],
            "usage": ["/assay help", SETTINGS.usage],
        }
        return Reply(text="Assay commands: " + ", ".join(c.name for c in commands), blocks=blocks, data=data)

    return Subcommand(
        name="help",
        usage="/assay help",
        summary="Every command Assay answers, with its grammar.",
        request=Nothing,
        handler=help_all,
    )


SETTINGS = Subcommand(
    name="settings",
    usage='/assay settings [tz=Europe/Berlin] [digest="mon 09:00"|off] [digest-channel=#research]',
    summary="Show or change the workspace time zone and the weekly digest.",
    request=Settings,
    handler=settings,
    examples=('/assay settings tz=Europe/Berlin digest="mon 09:00" digest-channel=#research',),
)
