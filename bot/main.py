"""The ``assay`` console script: the core command line plus ``serve`` and Block Kit output."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assay.cli.main import CliHooks
from assay.cli.main import main as core_main
from bot.render import to_block_kit
from bot.serve import serve


def main(argv: Sequence[str] | None = None) -> int:
    return core_main(argv, CliHooks(serve=serve, render_blocks=to_block_kit))


if __name__ == "__main__":
    sys.exit(main())
