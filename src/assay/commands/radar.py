"""/radar — the research radar."""

from __future__ import annotations

from assay.commands.planned import planned

COMMAND = planned(
    "/radar",
    "the research radar",
    [("list", "/radar", "The radar table.")],
)
