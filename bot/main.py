"""The ``assay`` console script: the core command line plus ``serve`` and Block Kit output."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assay.cli.main import CliHooks
from assay.cli.main import main as core_main
from assay.runtime import Runtime
from assay.services.schedules.notifier import Notifier
from bot.app import clients_for
from bot.notifier import SlackNotifier
from bot.render import to_block_kit
from bot.serve import serve


def slack_notifier(runtime: Runtime) -> Notifier | None:
    """Slack delivers ``assay jobs run-due`` posts when a bot token or OAuth is configured."""
    settings = runtime.settings
    if not (settings.slack_bot_token or settings.oauth_mode):
        return None
    return SlackNotifier(clients_for(None, runtime))


def main(argv: Sequence[str] | None = None) -> int:
    return core_main(argv, CliHooks(serve=serve, render_blocks=to_block_kit, notifier=slack_notifier))


if __name__ == "__main__":
    sys.exit(main())
