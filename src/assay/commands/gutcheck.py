"""/gutcheck — does the headline survive our data?"""

from __future__ import annotations

from assay.commands.planned import planned

COMMAND = planned(
    "/gutcheck",
    "one engineer, one week: does the headline survive our data?",
    [("start", '/gutcheck start <paper> claim="..." metric=NAME', "Start a gut check.")],
)
