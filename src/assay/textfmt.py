"""Slack mrkdwn helpers for the core.

Replies are written in mrkdwn. Anything a user typed goes through :func:`esc` so nobody can
ping ``@channel`` or forge a link through a note; :func:`to_plain` turns mrkdwn back into
text for the shell and the CLI.
"""

from __future__ import annotations

import re

_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def esc(text: str | None) -> str:
    """Escape user text for mrkdwn (Slack's three control characters)."""
    if not text:
        return ""
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def unesc(text: str) -> str:
    for raw, escaped in reversed(_ESCAPES):
        text = text.replace(escaped, raw)
    return text


def link(url: str, label: str | None = None) -> str:
    """A mrkdwn link; the label is user text and is escaped, ``|`` included."""
    safe_url = url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E")
    if not label:
        return f"<{safe_url}>"
    return f"<{safe_url}|{esc(label).replace('|', '¦')}>"


def user(user_id: str | None) -> str:
    """A mention of a Slack user id, or an em dash when there is nobody."""
    if not user_id:
        return "—"
    if re.fullmatch(r"[UW][A-Z0-9]{2,30}", user_id):
        return f"<@{user_id}>"
    return esc(user_id)


def channel(channel_id: str) -> str:
    return f"<#{channel_id}>" if re.fullmatch(r"[CGD][A-Z0-9]{2,30}", channel_id) else esc(channel_id)


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(ellipsis))].rstrip() + ellipsis


_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


# *bold* and _italic_ around words (not inside them, so snake_case and 2*3*4 stay as they are).
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")


def to_plain(mrkdwn: str) -> str:
    """Render mrkdwn as terminal text: mentions as @id, links as ``label (url)``, and no
    emphasis marks (a terminal shows ``*Decisions due*`` as noise, not as bold)."""

    def repl(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            return "@" + (label or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        if label and label != target:
            return f"{label} ({target})"
        return target

    text = _LINK.sub(repl, mrkdwn)
    text = _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text))
    return unesc(text)
