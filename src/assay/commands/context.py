"""Who is asking, where, and with which runtime."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
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

    @cached_property
    def timezone(self) -> str:
        """The workspace's IANA zone (``/assay settings tz=``; ``ASSAY_TIMEZONE`` until it has one),
        read once per request."""
        from assay.services.workspaces import team_timezone

        with self.runtime.db.session() as session:
            return team_timezone(session, self.team_id, self.runtime.settings.timezone)

    def now(self) -> datetime:
        """The current instant on the team's clocks: what every time shown is compared with and
        written in (an aware datetime in the workspace's zone)."""
        from assay.scheduling.calendar import zone

        return self.runtime.clock.now().astimezone(zone(self.timezone))
