"""Names the command line shares without loading the core: who "you" are locally, and the renderer hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LOCAL_TEAM = "TLOCAL"
LOCAL_USER = "ULOCAL"
LOCAL_CHANNEL = "CLOCAL"

# Neutral blocks in, Block Kit dicts out (the Slack adapter provides it).
BlocksRenderer = Callable[[list[Any]], list[dict[str, Any]]]
