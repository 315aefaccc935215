"""``assay shell``: a local console like Hubot's shell adapter — type slash commands, read replies.

Line editing and history come from readline when the shell runs in a terminal (history is kept
in ``~/.assay_history``). ``/as <user>`` switches who is typing, so one person can try votes
from three. Scheduled posts (reminders, digests) print here too when the scheduler is on.
Ctrl-C and Ctrl-D leave quietly.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from assay.cli.local import LOCAL_CHANNEL, LOCAL_TEAM, LOCAL_USER, as_text, run_line
from assay.commands.registry import Catalog
from assay.runtime import Runtime

BANNER = """Assay local shell — type slash commands as in Slack, e.g. /paper add 1706.03762
/assay help lists every command; /as <user> switches who is typing; `exit`, Ctrl-D or Ctrl-C leaves."""
HISTORY = Path.home() / ".assay_history"
HISTORY_LINES = 1000


def _readline_input() -> Callable[[str], str | None]:
    """Lines from the terminal with readline editing and a history file."""
    try:
        import readline
    except ImportError:  # not on every platform; plain input still works
        readline = None  # type: ignore[assignment]
    if readline is not None:
        with contextlib.suppress(OSError):
            readline.read_history_file(HISTORY)
        readline.set_history_length(HISTORY_LINES)

    def read(prompt: str) -> str | None:
        try:
            line = input(prompt)
        except EOFError:
            return None
        if readline is not None:
            with contextlib.suppress(OSError):
                readline.write_history_file(HISTORY)
        return line

    return read


def _stream_input(stdin: TextIO) -> Callable[[str], str | None]:
    def read(prompt: str) -> str | None:
        del prompt  # not a terminal: no prompt
        line = stdin.readline()
        return line if line else None

    return read


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
    """Read commands until end of input or Ctrl-C; every reply is printed. Returns the exit code."""
    out = stdout or sys.stdout
    source = stdin or sys.stdin
    interactive = source is sys.stdin and source.isatty() and out is sys.stdout
    read = _readline_input() if interactive else _stream_input(source)
    if reason:
        print(reason, file=out)
    print(BANNER, file=out)
    try:
        while True:
            raw = read(f"{user}> ")
            if raw is None:
                break
            line = raw.strip()
            if not line:
                continue
            if line in {"exit", "quit", r"\q"}:
                break
            if line == "/as" or line.startswith("/as "):
                user = _switch(line, user, out)
                continue
            if not line.startswith("/"):
                print("Commands start with a slash, e.g. /assay help", file=out)
                continue
            outcome = run_line(runtime, catalog, line, team=team, user=user, channel=channel, transport="shell")
            print(f"✗ {outcome.error}" if outcome.reply is None else as_text(outcome.reply), file=out)
            print(file=out, flush=True)
    except KeyboardInterrupt:
        print(file=out)
    return 0


def _switch(line: str, current: str, out: TextIO) -> str:
    """``/as U2`` (or ``/as @U2``): the next commands are typed by U2."""
    who = line.removeprefix("/as").strip().lstrip("@")
    if not who:
        print(f"You are typing as {current}. Switch with /as <user>, e.g. /as UALICE.", file=out)
        return current
    if not who.replace("_", "").isalnum() or len(who) > 32:
        print(f"`{who}` is not a user id. Use letters and digits, e.g. /as UALICE.", file=out)
        return current
    print(f"Now typing as {who}.", file=out)
    return who
