"""/predict — calibrating taste: predictions with a review date, resolved later, scored."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator

from assay.commands.context import Ctx
from assay.commands.fields import IsoDate, ShortText, Text
from assay.commands.registry import Command, Request, Subcommand
from assay.errors import UserError
from assay.replies import Reply
from assay.services.predictions.book import calibration, make_prediction, open_predictions, resolve_prediction
from assay.views.predictions import list_reply, made_reply, resolved_reply

MAKE_USAGE = '/predict <paper|technique> "<statement>" by=YYYY-MM-DD [p=0.7]'
_PROBABILITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")
_OUTCOMES = {"true": True, "yes": True, "false": False, "no": False}


def _probability(value: object) -> object:
    if not isinstance(value, str):
        return value
    match = _PROBABILITY.match(value.replace(",", "."))
    if not match:
        raise UserError(f"`p={value}` is not a probability. Write it like `p=0.7` or `p=70%`.")
    number = float(match.group(1)) / (100.0 if match.group(2) else 1.0)
    if not 0.0 <= number <= 1.0:
        raise UserError(f"`p={value}` is out of range: a probability is between 0 and 1 (or 0% and 100%).")
    return number


def _outcome(value: object) -> object:
    if isinstance(value, str):
        word = value.strip().lower()
        if word not in _OUTCOMES:
            raise UserError(f"`{value}` is not an outcome. Say `true` (it came true) or `false`.")
        return _OUTCOMES[word]
    return value


Probability = Annotated[float, BeforeValidator(_probability)]
Outcome = Annotated[bool, BeforeValidator(_outcome)]


class PredictMake(Request):
    target: ShortText
    statement: Text | None = None
    more: str | None = None  # words after the statement: a statement given without quotes
    by: IsoDate | None = None
    p: Probability | None = None


def make(ctx: Ctx, req: PredictMake) -> Reply:
    if req.statement is None:
        raise UserError(f"Write the prediction in quotes after what it is about.\nUsage: `{MAKE_USAGE}`")
    if req.more:
        raise UserError(
            "Put the whole statement in double quotes, e.g. "
            f'`/predict {req.target} "{req.statement} {req.more}" by=...`.'
        )
    if req.by is None:
        raise UserError(f"Say when to check it: `by=YYYY-MM-DD`.\nUsage: `{MAKE_USAGE}`")
    prediction, target = make_prediction(ctx, req.target, req.statement, req.by, req.p)
    return made_reply(prediction, target.label)


class PredictResolve(Request):
    prediction: ShortText
    outcome: Outcome


def resolve(ctx: Ctx, req: PredictResolve) -> Reply:
    prediction, target = resolve_prediction(ctx, req.prediction, req.outcome)
    return resolved_reply(prediction, target.label, ctx.user_id)


class Nothing(Request):
    pass


def list_command(ctx: Ctx, req: Nothing) -> Reply:
    del req
    with ctx.runtime.db.session() as session:
        items = open_predictions(session, ctx.team_id)
        scores = calibration(session, ctx.team_id)
    return list_reply(
        [(i.prediction, i.target) for i in items], scores.resolved, scores.brier, scores.by_person, scores.scored
    )


MAKE = Subcommand(
    name="make",
    usage=MAKE_USAGE,
    summary="A prediction about a paper or technique, with the date to check it and your probability.",
    request=PredictMake,
    handler=make,
    positional=("target", "statement"),
    rest="more",
    examples=(
        '/predict P3 "the 40% speed-up holds on our stack" by=2027-03-31 p=0.3',
        '/predict "speculative decoding" "we adopt it by summer" by=2027-07-01 p=60%',
    ),
)
RESOLVE = Subcommand(
    name="resolve",
    usage="/predict resolve <F n> <true|false>",
    summary="Say whether a prediction came true; it then counts in the Brier score.",
    request=PredictResolve,
    handler=resolve,
    positional=("prediction", "outcome"),
    examples=("/predict resolve F2 false",),
)
LIST = Subcommand(
    name="list",
    usage="/predict list",
    summary="Open predictions by review date, and the team's calibration (Brier score).",
    request=Nothing,
    handler=list_command,
)

COMMAND = Command(
    name="/predict",
    summary="calibrating taste",
    subcommands=[MAKE, RESOLVE, LIST],
    default="list",
    fallback="make",
    notes=("Brier score: mean of (p − outcome)²; 0 is perfect, 0.25 is always saying 50%.",),
)
