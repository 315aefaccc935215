"""Turn the text of a slash command into words and ``key=value`` options.

Slack sends command text with its own escapes: mentions as ``<@U123|bob>``, channels as
``<#C123|research>``, links as ``<https://…>`` and ``&amp; &lt; &gt;``. Those are undone for
text that came from Slack only; text typed in the shell or the CLI is taken as typed. Then the
text is split into words, with quoting that people expect rather than a shell's: a quote opens
a value only at the start of a word or right after ``key=`` (``claim="40% lift on X"`` is one
option), so an apostrophe inside a word is just text (``it's``, ``doesn’t``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assay.errors import UserError

MAX_COMMAND_CHARS = 8000
_SLACK_TOKEN = re.compile(r"<([@#!])?([^<>|]+)(?:\|([^<>]*))?>")
_DOUBLE = {'"': '"”“', "“": '"”“', "„": '"”“'}  # an opening double quote and what closes it
_SINGLE = {"'": "'’", "‘": "'’"}  # closes only before a space or the end: it's, doesn’t
_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)=(.*)$", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Half of a UTF-16 pair: what Python makes of bytes that are not UTF-8 in a terminal's input.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def typed_text(text: str) -> str:
    """Text as it is kept: control characters (other than tab and line breaks) become spaces
    (PostgreSQL cannot store NUL, and the rest only garbles a message), and half of a UTF-16
    pair, which cannot be stored as UTF-8, becomes U+FFFD. For forms; commands go through
    :func:`split_words`, which does the same."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", text))


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


def split_words(text: str, *, from_slack: bool = False) -> list[str]:
    """Split command text into words; raise UserError on an unclosed double quote or huge input.

    ``from_slack``: undo Slack's escaping first (only text that came from Slack has it).
    """
    if len(text) > MAX_COMMAND_CHARS:
        raise UserError(
            f"That command is {len(text)} characters long; the limit is {MAX_COMMAND_CHARS}. Shorten the text."
        )
    if _SURROGATE.search(text):
        raise UserError(
            "The command holds bytes that are not UTF-8 text (the terminal's encoding?). Type it again as UTF-8."
        )
    text = _CONTROL.sub(" ", unescape_slack(text) if from_slack else text)
    words: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        word: list[str] = []
        while i < n and not text[i].isspace():
            char, end = text[i], -1
            opens_value = not word or word[-1] == "="
            if opens_value and char in _DOUBLE:
                end = _closing(text, i + 1, _DOUBLE[char], before_space=False)
                if end < 0:
                    raise UserError('A quote is not closed. Put values with spaces in double quotes: why="too slow".')
            elif opens_value and char in _SINGLE:
                end = _closing(text, i + 1, _SINGLE[char], before_space=True)
            if end > 0:
                word.append(text[i + 1 : end])
                i = end + 1
            else:  # a lone apostrophe, or a quote in the middle of a word: text
                word.append(char)
                i += 1
        words.append("".join(word))
    return words


def _closing(text: str, start: int, closers: str, *, before_space: bool) -> int:
    """Index of the quote closing a value opened before ``start``, or -1."""
    for j in range(start, len(text)):
        if text[j] in closers and (not before_space or j + 1 == len(text) or text[j + 1].isspace()):
            return j
    return -1


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


_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>$|^@?([UW][A-Z0-9]{2,})$")


def parse_user(text: str) -> str:
    """A user from ``<@U123>``, ``<@U123|bob>``, ``@U123`` or ``U123``; raise UserError otherwise."""
    match = _MENTION.match(text.strip())
    if not match:
        raise UserError(
            f"`{esc_code(text)}` is not a Slack user I can recognise. In Slack, type @ and pick them from "
            "the list so the name turns into a mention; in the shell or `assay run`, give their user id, "
            "e.g. @U012AB3CD."
        )
    return match.group(1) or match.group(2)


_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^<>]*)?>$|^#?([CG][A-Z0-9]{2,})$")


def parse_channel(text: str) -> str:
    """A channel from ``<#C123>``, ``<#C123|research>``, ``#C123`` or ``C123``; UserError otherwise."""
    match = _CHANNEL.match(text.strip())
    if not match:
        raise UserError(
            f"`{esc_code(text)}` is not a Slack channel I can recognise. In Slack, type # and pick the channel "
            "from the list; in the shell or `assay run`, give its id, e.g. #C012AB3CD."
        )
    return match.group(1) or match.group(2)


def esc_code(text: str) -> str:
    """User text shown inside backticks in an error: escaped, and short."""
    shown = text if len(text) <= 60 else text[:57] + "..."
    return shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "'")
