"""How long typed things may be (SPEC section 7), and the one way a refusal names the limit.

Names (techniques, metrics, arms) take at most 200 characters and text fields (claims,
reasons, notes, statements, next actions) at most 4,000. Slack's own forms stop at 3,000
characters per field, so the text limit only shows in commands typed by hand.
"""

from __future__ import annotations

NAME_MAX = 200
TEXT_MAX = 4000


def too_long(what: str, length: int, limit: int) -> str:
    """``"A technique name is 201 characters long; the limit is 200 characters"``."""
    return f"{what} is {length:,} characters long; the limit is {limit:,} characters"
