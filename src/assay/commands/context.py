"""Who is asking, where, and with which runtime."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assay.runtime import Runtime


@dataclass(frozen=True)
class Ctx:
    team_id: str
    user_id: str
    channel_id: str | None
    runtime: Runtime
    transport: Literal["slack", "shell", "cli"] = "cli"
