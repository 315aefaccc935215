"""/review and /predict: their grammar (SPEC section 3), answered by ``help``."""

from __future__ import annotations

from assay.commands.planned import planned

REVIEW = planned(
    "/review",
    "the monthly research review",
    [
        (
            "schedule",
            '/review schedule "<cron or phrase>" [tz=Europe/Berlin] [lead=1d]',
            "Schedule the meeting and its reminder.",
        ),
        ("agenda", "/review agenda", "Radar changes, decisions due, nominations, predictions due."),
        ("nominate", "/review nominate <technique|paper>", "Nominate a deep dive."),
        ("done", "/review done", "Close the meeting; the next agenda counts from here."),
    ],
)
PREDICT = planned(
    "/predict",
    "calibrating taste",
    [
        (
            "make",
            '/predict <paper|technique> "<statement>" by=YYYY-MM-DD [p=0.7]',
            "Make a prediction with its review date.",
        ),
        ("resolve", "/predict resolve <F n> <true|false>", "Resolve a prediction."),
        ("list", "/predict list", "Open predictions and the team's Brier score."),
    ],
)
