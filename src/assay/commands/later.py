"""/pass: its grammar (SPEC section 3), answered by ``help``."""

from __future__ import annotations

from assay.commands.planned import planned

PASS = planned(
    "/pass",
    "three-pass reading notes",
    [
        ("record", "/pass <1|2|3> <paper> [field=value …] [force=yes]", "Record a reading note (a form in Slack)."),
        ("show", "/pass show <paper>", "All notes, every reader, as structured notes."),
    ],
)
