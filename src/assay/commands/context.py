"""Who is asking, where, and with which runtime."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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

    @property
    def timezone(self) -> str:
        """The workspace's IANA zone (``/assay settings tz=``; ``ASSAY_TIMEZONE`` until it has one),
        read once per request.

        Cached by hand, not with ``functools.cached_property``: before Python 3.12 that holds one
        lock for every instance of the class, so one request's slow read would stall all others.
        """
        cached: str | None = self.__dict__.get("_timezone")
        if cached is None:
            from assay.services.workspaces import team_timezone

            # A read of its own: it may come first inside another unit of work, and on SQLite
            # a second write transaction there would wait for the first.
            with self.runtime.db.reading() as session:
                cached = team_timezone(session, self.team_id, self.runtime.settings.timezone)
            object.__setattr__(self, "_timezone", cached)
        return cached

    def now(self) -> datetime:
        """The current instant on the team's clocks: what every time shown is compared with and
        written in (an aware datetime in the workspace's zone)."""
        from assay.scheduling.calendar import zone

        return self.runtime.clock.now().astimezone(zone(self.timezone))
