"""Turn the text of a slash command into words and ``key=value`` options.

Slack sends command text with its own escapes: mentions as ``<@U123|bob>``, channels as
``<#C123|research>``, links as ``<https://…>`` and ``&amp; &lt; &gt;``. Those are undone
first, then the text is split shell-style so ``claim="40% lift on X"`` is one option.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from assay.errors import UserError

MAX_COMMAND_CHARS = 8000
_SLACK_TOKEN = re.compile(r"<([@#!])?([^<>|]+)(?:\|([^<>]*))?>")
_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)=(.*)$", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def unescape_slack(text: str) -> str:
    """Undo Slack's escaping: ``<@U1|bob>`` → ``<@U1>``, ``<#C1|r>`` → ``<#C1>``, links → URL."""

    def repl(match: re.Match[str]) -> str:
        sigil, target = match.group(1), match.group(2)
        if sigil == "@":
            return f"<@{target}>"
        if sigil == "#":
            return f"<#{target}>"
        if sigil == "!":
            return f"@{target.split('^')[0]}"
        return target

    text = _SLACK_TOKEN.sub(repl, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass
class Args:
    """Positional words and options of one command, after the subcommand."""

    words: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)


def split_words(text: str) -> list[str]:
    """Split command text shell-style; raise UserError on unbalanced quotes or huge input."""
    if len(text) > MAX_COMMAND_CHARS:
        raise UserError(
            f"That command is {len(text)} characters long; the limit is {MAX_COMMAND_CHARS}. Shorten the text."
        )
    text = _CONTROL.sub(" ", unescape_slack(text).translate(_SMART_QUOTES))
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        raise UserError('A quote is not closed. Put values with spaces in double quotes: why="too slow".') from None


def parse_args(words: list[str]) -> Args:
    """Separate ``key=value`` options from positional words (keys are case-insensitive)."""
    args = Args()
    for word in words:
        match = _KEY.match(word)
        if match and not word.startswith(("http://", "https://")):
            key = match.group(1).lower().replace("_", "-")
            if key in args.options:
                raise UserError(f"`{key}=` is given twice. Give each option once.")
            args.options[key] = match.group(2)
        else:
            args.words.append(word)
    return args


_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)>$|^@?([UW][A-Z0-9]{2,})$")


def parse_user(text: str) -> str:
    """A user from ``<@U123>``, ``@U123`` or ``U123``; raise UserError otherwise."""
    match = _MENTION.match(text.strip())
    if not match:
        raise UserError(f"`{text}` is not a Slack user. Mention them, e.g. @alice.")
    return match.group(1) or match.group(2)


_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)>$|^#?([CG][A-Z0-9]{2,})$")


def parse_channel(text: str) -> str:
    match = _CHANNEL.match(text.strip())
    if not match:
        raise UserError(f"`{text}` is not a Slack channel. Mention it, e.g. #research.")
    return match.group(1) or match.group(2)
