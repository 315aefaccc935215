"""What every form submission needs: a once-key, and errors written for a form."""

from __future__ import annotations

from typing import Any

from assay.textfmt import truncate, unesc

ERROR_CHARS = 300


def once_key(kind: str, view: dict[str, Any]) -> str | None:
    """The view's id and hash: the same submission again carries the same pair."""
    if not view.get("id"):
        return None
    return f"{kind}:{view['id']}:{view.get('hash', '')}"


def form_error(message: str) -> str:
    """A core message as a form shows it: plain text, so no escapes or backticks."""
    return truncate(unesc(message).replace("`", ""), ERROR_CHARS)
