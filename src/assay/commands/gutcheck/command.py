"""/gutcheck — one engineer, one week: does the headline survive our data?"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from assay.commands.context import Ctx
from assay.commands.gutcheck.corrections import RUNS, UNLOG
from assay.commands.gutcheck.requests import (
    START_FORM,
    START_USAGE,
    GutCheckDecide,
    GutCheckLog,
    GutCheckRef,
    GutCheckStart,
    Nothing,
)
from assay.commands.registry import Command, Subcommand
from assay.replies import Announcement, Block, CardUpdate, HomeRef, Reply, ThreadRef
from assay.services.gutcheck.checks import Record, list_records, start_data, start_gut_check
from assay.services.gutcheck.decisions import Decision, decide
from assay.services.gutcheck.plot import write_plot
from assay.services.gutcheck.runs import load_snapshot, log_runs
from assay.services.papers.card import load_card_state
from assay.services.papers.library import find_paper, handle
from assay.stats import Verdict, analysis_data
from assay.views.gutcheck.cards import start_card, start_fallback, status_card, status_fallback
from assay.views.gutcheck.updates import (
    decision_blocks,
    decision_fallback,
    list_blocks,
    list_item,
    logged_blocks,
    logged_fallback,
)
from assay.views.paper.card import card_updates


def start(ctx: Ctx, req: GutCheckStart) -> Reply:
    if req.asks_for_form and ctx.transport == "slack":
        paper = None
        if req.paper:
            with ctx.runtime.db.session() as session:
                paper = handle(find_paper(session, ctx.team_id, req.paper))
        return Reply(text="Opening the gut-check form…", data={"open_form": START_FORM, "paper": paper})
    result = start_gut_check(ctx, req.inputs())
    assert result.record is not None
    return started_reply(ctx, result.record)


def paper_card(ctx: Ctx, record: Record) -> list[CardUpdate]:
    """A redraw of the gut check's paper card, which lists its gut checks and their verdicts."""
    return card_updates(load_card_state(ctx.runtime, ctx.team_id, record.paper.id or 0))


def started_reply(ctx: Ctx, record: Record) -> Reply:
    """The start card, posted in the channel as the gut check's home thread."""
    return Reply(
        text=start_fallback(record),
        blocks=start_card(record, ctx.now()),
        data=start_data(record),
        visibility="channel",
        home=HomeRef("gutcheck", record.check.id or 0),
        updates=paper_card(ctx, record),
        homes=(record.check.owner,) if record.check.owner else (),
    )


def log(ctx: Ctx, req: GutCheckLog) -> Reply:
    result = log_runs(ctx, req.gutcheck, req.arm, req.values, req.seeds)
    snapshot = result.snapshot
    verdict = snapshot.analysis.verdict
    news = result.verdict_changed and verdict is not Verdict.INSUFFICIENT_DATA
    card = status_card(snapshot, ctx.now())
    update = to_home(snapshot.record, status_fallback(snapshot), card, broadcast=news, always=news)
    return Reply(
        text=logged_fallback(result),
        blocks=logged_blocks(result),
        data={
            "id": snapshot.record.handle,
            "arm": result.arm,
            "logged": result.logged,
            "runs": {arm: len(runs) for arm, runs in snapshot.runs.items()},
            "verdict": verdict.value,
            "verdict_changed": result.verdict_changed,
            "paired": snapshot.analysis.paired,
            "pairing_lost": result.pairing_lost,
        },
        announcements=[update] if update else [],
        updates=paper_card(ctx, snapshot.record) if result.verdict_changed else [],
    )


def to_home(record: Record, text: str, blocks: list[Block], *, broadcast: bool, always: bool) -> Announcement | None:
    """A post into the gut check's home thread (also shown in the channel when
    ``broadcast``); without a home thread, a channel post when ``always``, else nothing."""
    check = record.check
    if check.thread_channel and check.thread_ts:
        return Announcement(text, blocks, thread=ThreadRef(check.thread_channel, check.thread_ts), broadcast=broadcast)
    if always:
        return Announcement(text, blocks, channel=check.channel)
    return None


def status(ctx: Ctx, req: GutCheckRef) -> Reply:
    snapshot = load_snapshot(ctx, req.gutcheck)
    check = snapshot.record.check
    data: dict[str, Any] = {"id": snapshot.record.handle, **analysis_data(snapshot.analysis)}
    data.update(
        paper=handle(snapshot.record.paper),
        claim=check.claim,
        metric=check.metric,
        status=check.status,
        extensions=check.extensions,
        timebox_ends=check.timebox_ends.isoformat(),
        hard_kill=snapshot.hard_kill,
        explanation=snapshot.explanation(),
    )
    return Reply(text=status_fallback(snapshot), blocks=status_card(snapshot, ctx.now()), data=data)


def decide_command(ctx: Ctx, req: GutCheckDecide) -> Reply:
    return decided_reply(ctx, req.gutcheck, req.decision, req.why, req.timebox)


def decided_reply(
    ctx: Ctx, ref: str, decision: Decision, why: str, timebox: timedelta | None, *, once_key: str | None = None
) -> Reply:
    """Decide, then answer the decider and post the decision in the home thread and channel."""
    result = decide(ctx, ref, decision, why, timebox, once_key=once_key)
    if result.record is None:
        return Reply(text="This decision was already recorded.", data={"duplicate": True})
    check = result.record.check
    blocks = decision_blocks(result, ctx.now())
    post = to_home(result.record, decision_fallback(result), blocks, broadcast=True, always=True)
    return Reply(
        text=decision_fallback(result),
        blocks=blocks,
        data={
            "id": result.record.handle,
            "decision": result.decision.value,
            "status": check.status,
            "extensions": check.extensions,
            "timebox_ends": check.timebox_ends.isoformat(),
            "verdict": result.verdict,
            "reminders_cancelled": result.cancelled_reminders,
        },
        announcements=[post] if post else [],
        updates=paper_card(ctx, result.record),
    )


def list_command(ctx: Ctx, req: Nothing) -> Reply:
    now = ctx.now()
    with ctx.runtime.db.session() as session:
        records = list_records(session, ctx.team_id)
    items = [list_item(r, now) for r in records]
    return Reply(
        text=f"{len(records)} gut check{'s' if len(records) != 1 else ''}",
        blocks=list_blocks(records, now),
        data={
            "open": [i for i in items if i["status"] == "open"],
            "decided": [i for i in items if i["status"] != "open"],
        },
    )


def plot(ctx: Ctx, req: GutCheckRef) -> Reply:
    result = write_plot(ctx, req.gutcheck)
    check = result.snapshot.record.check
    home = ThreadRef(check.thread_channel, check.thread_ts) if check.thread_channel and check.thread_ts else None
    return Reply(
        text=f"{result.snapshot.record.handle}: runs per arm, means with 95% CIs and the claimed value.",
        data={"image_path": str(result.path)},
        image_path=result.path,
        image_thread=home,
    )


START = Subcommand(
    name="start",
    usage=START_USAGE,
    summary="Write down the claim, the metric, the success and kill criteria and the time-box before work "
    "starts (in Slack, `/gutcheck start P3` alone opens a form).",
    request=GutCheckStart,
    handler=start,
    positional=("paper",),
    examples=(
        '/gutcheck start P3 claim="40% fewer tokens at equal accuracy" metric=tokens higher-is-better=no '
        "claimed-lift=40% sd=2% timebox=1w",
        '/gutcheck start P3 claim="+3 points on MMLU" metric=accuracy claimed-lift=4.5% sd=0.5% runs=8',
    ),
)
LOG = Subcommand(
    name="log",
    usage="/gutcheck log <G n> <arm> <v1> [v2 ...] [seeds=1,2,3]",
    summary="Record runs for an arm (`baseline`, `method` or any name); the same seeds in two arms pair the runs.",
    request=GutCheckLog,
    handler=log,
    positional=("gutcheck", "arm"),
    rest="values",
    examples=(
        "/gutcheck log G1 baseline 0.712 0.705 0.716 seeds=1,2,3",
        "/gutcheck log G1 method 0.731 0.722 0.728 seeds=1,2,3",
    ),
)
STATUS = Subcommand(
    name="status",
    usage="/gutcheck status <G n>",
    summary="Per-arm numbers, mean difference with its 95% CI, the tests, effect size, lift vs claim, power "
    "and the verdict.",
    request=GutCheckRef,
    handler=status,
    positional=("gutcheck",),
    examples=("/gutcheck status G1",),
)
DECIDE = Subcommand(
    name="decide",
    usage='/gutcheck decide <G n> <continue|pivot|kill|extend> why="..." [timebox=3d]',
    summary="The decision at the time-box, with its reason; `extend` needs `timebox=` and is counted.",
    request=GutCheckDecide,
    handler=decide_command,
    positional=("gutcheck", "decision"),
    examples=('/gutcheck decide G1 kill why="the lift did not survive 10 seeds"',),
)
LIST = Subcommand(
    name="list",
    usage="/gutcheck list",
    summary="Open and decided gut checks with their verdicts, deadlines and extensions.",
    request=Nothing,
    handler=list_command,
)
PLOT = Subcommand(
    name="plot",
    usage="/gutcheck plot <G n>",
    summary="A PNG of the runs per arm, the means with 95% CIs and the claimed value.",
    request=GutCheckRef,
    handler=plot,
    positional=("gutcheck",),
    examples=("/gutcheck plot G1",),
    slow=True,
    working="Drawing the plot…",
)

COMMAND = Command(
    name="/gutcheck",
    summary="one engineer, one week: does the headline survive our data?",
    subcommands=[START, LOG, STATUS, RUNS, UNLOG, DECIDE, LIST, PLOT],
    default="list",
    notes=(
        "Verdicts: INSUFFICIENT_DATA, REPRODUCED, PARTIAL, NOT_REPRODUCED, INCONCLUSIVE, REGRESSION (a hard kill). "
        "Read sequentially by default (look as often as you like); `runs=N` fixes N runs per arm instead. "
        "Time-box units: s, m, h, d, w. The rules are in docs/gutchecks.md and docs/statistics.md.",
    ),
)
