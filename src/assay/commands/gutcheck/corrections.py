"""/gutcheck runs and /gutcheck unlog: number the runs, and take mistyped ones out with a reason."""

from __future__ import annotations

from assay.commands.context import Ctx
from assay.commands.gutcheck.requests import GutCheckRef, GutCheckUnlog
from assay.commands.registry import Subcommand
from assay.replies import Announcement, Reply, ThreadRef
from assay.services.gutcheck.corrections import list_runs, unlog_runs
from assay.textfmt import esc
from assay.views.gutcheck.runs import runs_blocks, runs_data, unlog_blocks, unlog_data


def runs(ctx: Ctx, req: GutCheckRef) -> Reply:
    listing = list_runs(ctx, req.gutcheck)
    count = len(listing.snapshot.log.rows)
    return Reply(
        text=f"{listing.snapshot.record.handle}: {count} run{'s' if count != 1 else ''}",
        blocks=runs_blocks(listing, ctx.now().tzinfo),
        data=runs_data(listing),
    )


def unlog(ctx: Ctx, req: GutCheckUnlog) -> Reply:
    result = unlog_runs(ctx, req.gutcheck, req.numbers, req.why)
    check = result.snapshot.record.check
    blocks = unlog_blocks(result)
    text = f"{result.snapshot.record.handle}: unlogged run(s) {result.correction.runs} — {esc(result.correction.why)}"
    posts = []
    if check.thread_channel and check.thread_ts:
        posts.append(Announcement(text, blocks, thread=ThreadRef(check.thread_channel, check.thread_ts)))
    return Reply(text=text, blocks=blocks, data=unlog_data(result), announcements=posts)


RUNS = Subcommand(
    name="runs",
    usage="/gutcheck runs <G n>",
    summary="Every run with its number (for `unlog`), its seed and who logged it; unlogged runs struck through.",
    request=GutCheckRef,
    handler=runs,
    positional=("gutcheck",),
    examples=("/gutcheck runs G1",),
)
UNLOG = Subcommand(
    name="unlog",
    usage='/gutcheck unlog <G n> <run#...> why="..."',
    summary="Take mistyped runs out, with the reason; they stay in the history, and the sequential p-value is "
    "recomputed from the remaining runs.",
    request=GutCheckUnlog,
    handler=unlog,
    positional=("gutcheck",),
    rest="numbers",
    examples=('/gutcheck unlog G1 7 why="typed 0.17 for 0.71"',),
)
