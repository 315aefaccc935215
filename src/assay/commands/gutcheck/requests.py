"""Typed requests of /gutcheck, and the Slack start form read with the same rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import ValidationError

from assay.commands.fields import Lowercase, ShortText, Text, YesNo
from assay.commands.registry import Request
from assay.errors import FieldErrors, UserError
from assay.services.gutcheck.checks import DEFAULT_ALPHA, DEFAULT_TIMEBOX, StartInputs
from assay.services.gutcheck.decisions import Decision
from assay.services.gutcheck.inputs import (
    Alpha,
    ArmName,
    ClaimedLift,
    MetricName,
    Owner,
    PlannedRuns,
    RunNumbers,
    RunValues,
    Seeds,
    Spread,
    Timebox,
)
from assay.services.gutcheck.plan import plan_words

START_USAGE = (
    '/gutcheck start <paper> claim="..." metric=NAME [higher-is-better=yes|no] [runs=N] [claimed-lift=40%] '
    '[sd=1.5%] [success="..."] [kill="..."] [owner=@u] [timebox=7d] [alpha=0.05] [technique=NAME]'
)
START_FORM = "gutcheck_start"
REQUIRED_TO_START = ("paper", "claim", "metric")


class GutCheckStart(Request):
    paper: ShortText | None = None
    claim: Text | None = None
    metric: MetricName | None = None
    higher_is_better: YesNo = True
    claimed_lift: ClaimedLift | None = None
    success: Text | None = None
    kill: Text | None = None
    owner: Owner | None = None
    timebox: Timebox = DEFAULT_TIMEBOX
    alpha: Alpha = DEFAULT_ALPHA
    technique: ShortText | None = None
    runs: PlannedRuns | None = None
    sd: Spread | None = None

    @property
    def asks_for_form(self) -> bool:
        """Nothing but (at most) the paper was given: in Slack, the criteria go in a form."""
        return not (self.model_fields_set - {"paper"})

    def inputs(self) -> StartInputs:
        """The start inputs; raises UserError naming whichever of paper, claim and metric is missing."""
        missing = [f"`{name}=`" for name in REQUIRED_TO_START if getattr(self, name) is None]
        if missing:
            raise UserError(
                f"A gut check needs its paper, claim and metric written down first; missing: "
                f"{', '.join(missing)}.\nUsage: `{START_USAGE}`"
            )
        assert self.paper is not None and self.claim is not None and self.metric is not None
        return StartInputs(
            paper=self.paper,
            claim=self.claim,
            metric=self.metric,
            higher_is_better=self.higher_is_better,
            claimed_lift_pct=self.claimed_lift,
            success=self.success,
            kill=self.kill,
            owner=self.owner,
            timebox=self.timebox,
            alpha=self.alpha,
            technique=self.technique,
            planned_runs=self.runs,
            sd_pct=self.sd,
        )


def start_inputs_from_form(values: Mapping[str, str | None]) -> StartInputs:
    """Read the Slack form (field name → typed text) with the command's rules.

    Raises FieldErrors with one message per field that is wrong or missing.
    """
    given = {name: value for name, value in values.items() if value is not None and value.strip()}
    errors = {name: "Required: write it down before work starts." for name in REQUIRED_TO_START if name not in given}
    try:
        request = GutCheckStart.model_validate(given)
    except ValidationError as exc:
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "claim"
            errors.setdefault(name, str(err["msg"]).removeprefix("Value error, "))
    if errors:
        raise FieldErrors(errors)
    return request.inputs()


class GutCheckLog(Request):
    gutcheck: ShortText
    arm: ArmName
    values: RunValues
    seeds: Seeds | None = None


class GutCheckRef(Request):
    gutcheck: ShortText


class GutCheckUnlog(Request):
    gutcheck: ShortText
    numbers: RunNumbers
    why: Text


class GutCheckDecide(Request):
    gutcheck: ShortText
    decision: Annotated[Decision, Lowercase]
    why: Text
    timebox: Timebox | None = None


class Nothing(Request):
    pass


def plan_from_form(values: Mapping[str, str | None]) -> str:
    """What the start form shows under the spread field: the runs the claim needs, or what is
    missing to say it (each field read with the command's rules)."""
    lift, sd, alpha, runs = (values.get(name) for name in ("claimed_lift", "sd", "alpha", "runs"))
    try:
        claimed = GutCheckStart.model_validate({"claimed_lift": lift} if lift else {}).claimed_lift
        request = GutCheckStart.model_validate(
            {k: v for k, v in (("sd", sd), ("alpha", alpha), ("runs", runs)) if v and v.strip()}
        )
    except ValidationError as exc:
        return "Cannot plan yet: " + str(exc.errors()[0]["msg"]).removeprefix("Value error, ") + "."
    if claimed is None or request.sd is None:
        return "Give the claimed lift and the run-to-run spread (e.g. 1.5%) to see how many runs the claim needs."
    return plan_words(claimed, request.sd, request.alpha, request.runs) or ""
