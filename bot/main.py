"""The ``assay`` console script: the core command line plus ``serve`` and Block Kit output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assay.cli.main import CliHooks
from assay.cli.main import main as core_main

if TYPE_CHECKING:
    from assay.config import Settings
    from assay.runtime import Runtime
    from assay.services.schedules.notifier import Notifier


# The Slack libraries load only when a command needs them, so `assay --help` and
# `assay analyze` start in a fraction of a second.
def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.serve import serve

    return serve(args, settings)


def _block_kit(blocks: list[Any]) -> list[dict[str, Any]]:
    from bot.render import to_block_kit

    return to_block_kit(blocks)


def slack_notifier(runtime: Runtime) -> Notifier | None:
    """Slack delivers ``assay jobs run-due`` posts when a bot token or OAuth is configured."""
    settings = runtime.settings
    if not (settings.slack_bot_token or settings.oauth_mode):
        return None
    from bot.app import clients_for
    from bot.notifier import SlackNotifier

    return SlackNotifier(clients_for(None, runtime))


def main(argv: Sequence[str] | None = None) -> int:
    return core_main(argv, CliHooks(serve=_serve, render_blocks=_block_kit, notifier=slack_notifier))


if __name__ == "__main__":
    sys.exit(main())
