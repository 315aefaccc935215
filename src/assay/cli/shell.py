"""``assay shell``: a local console like Hubot's shell adapter — type slash commands, read replies."""

from __future__ import annotations

import sys
from typing import TextIO

from assay.cli.local import LOCAL_CHANNEL, LOCAL_TEAM, LOCAL_USER, as_text, run_line
from assay.commands.registry import Catalog
from assay.runtime import Runtime

BANNER = """Assay local shell — type slash commands as in Slack, e.g. /paper add 1706.03762
/assay help lists every command; `exit` or Ctrl-D leaves."""


def run_shell(
    runtime: Runtime,
    catalog: Catalog,
    *,
    team: str = LOCAL_TEAM,
    user: str = LOCAL_USER,
    channel: str = LOCAL_CHANNEL,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    reason: str | None = None,
) -> int:
    """Read commands until end of input; every reply is printed. Returns the exit code."""
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    interactive = stdin.isatty()
    if reason:
        print(reason, file=out)
    print(BANNER, file=out)
    while True:
        if interactive:
            print("assay> ", end="", file=out, flush=True)
        line = stdin.readline()
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        if line in {"exit", "quit", r"\q"}:
            break
        if not line.startswith("/"):
            print("Commands start with a slash, e.g. /assay help", file=out)
            continue
        outcome = run_line(runtime, catalog, line, team=team, user=user, channel=channel, transport="shell")
        if outcome.reply is None:
            print(f"✗ {outcome.error}", file=out)
        else:
            print(as_text(outcome.reply), file=out)
        print(file=out, flush=True)
    return 0
