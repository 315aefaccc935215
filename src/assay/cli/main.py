"""``assay`` command line. The Slack adapter adds ``serve`` and its Block Kit renderer through
:class:`CliHooks`, so the core never imports Slack code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assay.cli import analyze
from assay.cli.names import LOCAL_CHANNEL, LOCAL_TEAM, LOCAL_USER, BlocksRenderer

if TYPE_CHECKING:
    from assay.config import Settings
    from assay.runtime import Runtime
    from assay.services.schedules.notifier import Notifier

# Only argparse and the analyze options load before the arguments are read: `assay --help`
# and `assay analyze` stay fast because the database, Slack and plotting code load on use.
ServeHook = Callable[[argparse.Namespace, "Settings"], int]
NotifierHook = Callable[["Runtime"], "Notifier | None"]


@dataclass
class CliHooks:
    serve: ServeHook | None = None
    render_blocks: BlocksRenderer | None = None
    notifier: NotifierHook | None = None  # Slack when credentials are set; None: print locally


def build_parser(hooks: CliHooks) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assay", description="Assay: a research team's paper-review practice, run from Slack."
    )
    sub = parser.add_subparsers(dest="cmd", required=True, metavar="COMMAND")
    if hooks.serve is not None:
        serve = sub.add_parser("serve", help="run the bot (Socket Mode, HTTP, or the local shell)")
        serve.add_argument("--host", default="0.0.0.0", help="HTTP bind address (default 0.0.0.0)")
        serve.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
        mode = serve.add_mutually_exclusive_group()
        mode.add_argument("--http", dest="mode", action="store_const", const="http", help="force HTTP mode")
        mode.add_argument("--socket", dest="mode", action="store_const", const="socket", help="force Socket Mode")
        mode.add_argument("--shell", dest="mode", action="store_const", const="shell", help="force the local shell")
    shell = sub.add_parser("shell", help="a local console: type slash commands, read the replies")
    run = sub.add_parser("run", help='run one slash command locally, e.g. assay run "/paper add 1706.03762"')
    for local in (shell, run):
        local.add_argument("--team", default=LOCAL_TEAM, help=f"workspace id (default {LOCAL_TEAM})")
        local.add_argument("--user", default=LOCAL_USER, help=f"user id (default {LOCAL_USER})")
        local.add_argument("--channel", default=LOCAL_CHANNEL, help=f"channel id (default {LOCAL_CHANNEL})")
    run.add_argument("--json", action="store_true", help='print {"ok","text","blocks","data"}')
    run.add_argument("line", help='the command and its text, e.g. "/paper show P1"')
    db = sub.add_parser("db", help="database migrations (Alembic)")
    db.add_argument("action", choices=["upgrade", "current"])
    jobs = sub.add_parser("jobs", help="scheduled deliveries")
    jobs.add_argument("action", choices=["run-due"])
    jobs.add_argument("--now", help="deliver what is due at this ISO-8601 instant (default: now)")
    jobs.add_argument(
        "--team", help=f"deliver only this workspace's posts (default: all; printed, without Slack: {LOCAL_TEAM})"
    )
    secrets = sub.add_parser("secrets", help="keys for tokens at rest (ASSAY_SECRET_KEY)")
    secrets.add_argument(
        "action",
        choices=["new-key", "rotate"],
        help="new-key: print a fresh key; rotate: re-seal every stored token with the newest key",
    )
    export = sub.add_parser("export", help="the team's knowledge as Markdown or JSON")
    export.add_argument("--format", choices=["markdown", "json"], default="markdown")
    export.add_argument("--out", default=".", help="folder to write to (default: here)")
    analyze.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None, hooks: CliHooks | None = None) -> int:
    hooks = hooks or CliHooks()
    args = build_parser(hooks).parse_args(argv)
    if args.cmd == "analyze":
        return analyze.run(args)  # no database, no settings: runs from files only
    if args.cmd == "secrets" and args.action == "new-key":
        from assay.storage.cipher import new_key

        print(new_key())  # before the settings: OAuth mode without a key must be able to make one
        return 0
    from assay.config import ConfigError, load_settings
    from assay.runtime import configure_logging

    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secrets=settings.secret_values())
    try:
        return _command(args, settings, hooks)
    except ConfigError as exc:  # a start-up fault: one line naming the variable, no traceback
        print(exc, file=sys.stderr)
        return 2


def _command(args: argparse.Namespace, settings: Settings, hooks: CliHooks) -> int:
    from assay.runtime import build_runtime

    if args.cmd == "serve" and hooks.serve is not None:
        return hooks.serve(args, settings)
    if args.cmd == "db":
        return _db(args.action, settings)
    if args.cmd == "jobs":
        return _jobs(args.now, args.team, settings, hooks)
    if args.cmd == "secrets":
        from assay.cli.secrets import run_secrets

        return run_secrets(args.action, settings)
    runtime = build_runtime(settings)
    try:
        if args.cmd == "shell":
            return shell_with_scheduler(runtime, team=args.team, user=args.user, channel=args.channel)
        if args.cmd == "export":
            from assay.cli.export import write_export

            paths = write_export(runtime, args.format, Path(args.out))
            more = f" and {len(paths) - 1} more files" if len(paths) > 1 else ""
            print(f"Wrote {paths[0]}{more}.")
            return 0
        return _run(args, runtime, hooks)
    finally:
        runtime.close()


def _run(args: argparse.Namespace, runtime: Runtime, hooks: CliHooks) -> int:
    from assay.cli.local import as_json, as_text, run_line
    from assay.commands.catalog import build_catalog

    line = args.line if args.line.startswith("/") else "/" + args.line
    outcome = run_line(runtime, build_catalog(), line, team=args.team, user=args.user, channel=args.channel)
    if args.json:
        print(as_json(outcome, hooks.render_blocks))
    elif outcome.reply is not None:
        print(as_text(outcome.reply))
    if outcome.reply is None:
        print(outcome.error, file=sys.stderr)
        return 1
    return 0


def _db(action: str, settings: Settings) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from assay.config import ConfigError
    from assay.storage import migrate
    from assay.storage.startup import database_problem, open_database, where

    secret_key = settings.secret_key.get_secret_value() if settings.secret_key else None
    db = open_database(settings.database_url, migrate_schema=action == "upgrade", secret_key=secret_key)
    try:
        current, newest = migrate.current_revision(db.engine), migrate.head_revision(settings.database_url)
    except SQLAlchemyError as exc:
        raise ConfigError(f"ASSAY_DATABASE_URL: {where(db.engine)} {database_problem(exc)}") from None
    finally:
        db.dispose()
    print(f"Database at revision {current} (newest {newest}).")
    return 0


def _jobs(now: str | None, team: str | None, settings: Settings, hooks: CliHooks) -> int:
    from assay.clock import FixedClock
    from assay.runtime import build_runtime
    from assay.services.schedules.notifier import PrintNotifier
    from assay.services.schedules.runner import Jobs

    at = None
    if now is not None:
        try:
            at = datetime.fromisoformat(now)
        except ValueError:
            print(f"--now {now!r} is not an ISO-8601 instant, e.g. 2026-11-21T09:00:00+00:00", file=sys.stderr)
            return 2
        if at.tzinfo is None:
            print("--now needs a time zone, e.g. 2026-11-21T09:00:00+00:00", file=sys.stderr)
            return 2
    runtime = build_runtime(settings, clock=FixedClock(at) if at is not None else None)
    try:
        slack = hooks.notifier(runtime) if hooks.notifier else None
        # Printed posts are not in Slack: other workspaces' posts stay pending for the real bot.
        notifier, team = (slack, team) if slack is not None else (PrintNotifier(), team or LOCAL_TEAM)
        report = Jobs(runtime, notifier, team_id=team).run_due(at)
    finally:
        runtime.close()
    print(
        f"Delivered {report.sent} scheduled post{'s' if report.sent != 1 else ''} "
        f"({report.stale} stale, {report.failed} failed, {report.retried} to retry, "
        f"{report.cancelled} no longer needed)."
    )
    return 0


def shell_with_scheduler(
    runtime: Runtime,
    *,
    reason: str | None = None,
    team: str = LOCAL_TEAM,
    user: str = LOCAL_USER,
    channel: str = LOCAL_CHANNEL,
) -> int:
    """The local shell; with ASSAY_SCHEDULER=on, the team's scheduled posts print in it as they
    fall due (only the shell's team: in a shared database the others stay for the real bot)."""
    from assay.cli.shell import run_shell
    from assay.commands.catalog import build_catalog
    from assay.services.schedules.notifier import PrintNotifier
    from assay.services.schedules.runner import Jobs

    scheduler = Jobs(runtime, PrintNotifier(), team_id=team).start() if runtime.settings.scheduler == "on" else None
    try:
        return run_shell(runtime, build_catalog(), reason=reason, team=team, user=user, channel=channel)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


if __name__ == "__main__":
    sys.exit(main())
